"""The coaching part of the JSON API under /api/v1: goals and GROW conversations."""
