"""The coping-and-healing journal: entries with mood, emotions, coping and notes, the patterns
and insights read from them, the exercises (thought record, grief, self-compassion), and moving
a journal in and out. Everything of the feature lives here: its pure rules, use cases, tables,
pages, API, CLI commands and templates."""
