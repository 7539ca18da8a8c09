"""The journal's tables and queries: entries, and imports under way."""
