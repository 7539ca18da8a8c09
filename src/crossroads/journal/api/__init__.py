"""The journal part of the JSON API under /api/v1."""
