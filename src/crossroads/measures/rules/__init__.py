"""The pure rules of repeated measures: scales and trends with reliable change, caseload alerts,
retake schedules and the FHIR form of a completed questionnaire."""
