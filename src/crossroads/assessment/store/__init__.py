"""The assessment's tables and queries: assessments, and the questionnaires retaken after."""
