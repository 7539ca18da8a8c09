"""The assessment's commands: `crossroads assess`, and `crossroads measures` for retakes."""
