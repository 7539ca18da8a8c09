"""The pure rules of the assessment: answers and their checks, instruments and their published
scoring, what the text model read, signals, triage and the result."""
