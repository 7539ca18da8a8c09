"""The pure rules of the journal: entries, coping kinds, patterns and insights, when to suggest
talking to someone, exercises, and the exchange formats."""
