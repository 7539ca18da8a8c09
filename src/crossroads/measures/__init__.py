"""Repeated measures: a client retakes a questionnaire on a schedule, reads its trend over the
published bands with reliable change, and a practitioner holding the assessments grant sees
alerts and trends. Everything of the feature lives here: its pure rules, use cases, tables,
pages, API with its schemas, CLI commands and templates."""
