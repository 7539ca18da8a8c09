"""The coping-and-healing journal: entries with mood, emotions, coping and notes, the patterns
and insights read from them, the healing exercises at the person's own pace (thought record,
grief, self-compassion, the belief under a thought, small promises to oneself, letting a feeling
be felt), the tools for the moment on "right now" (paced breathing, grounding, waiting out an
urge, reaching out, what has helped before), and moving a journal in and out. Everything of the
feature lives here: its pure rules, use cases, tables, pages, API, CLI commands and
templates."""
