"""Use cases of sharing: grants and shares, and the alerts sent to those who hold a grant."""
