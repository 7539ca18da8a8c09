"""The assessment's part of the JSON API: assessments and the ASQ, and retaken questionnaires."""
