"""From a result to a session: the practitioner directory and its listings, matching a person to
practitioners, availability, and booking, moving and cancelling consultations and sessions, with
their reminders and calendar files. Everything of the feature lives here: its pure rules, use
cases, tables, pages, API, CLI commands and templates."""
