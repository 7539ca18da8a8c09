"""The `crossroads goals` commands and how they write a goal in the terminal."""
