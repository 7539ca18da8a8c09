"""Repeated measures' use cases: recording results, reading histories and trends, retake schedules
and their reminders."""
