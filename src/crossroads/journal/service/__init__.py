"""The journal's use cases: writing and reading entries, insights, exports and imports."""
