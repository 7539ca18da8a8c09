"""The casework part of the JSON API under /api/v1: the caseload, clients and referrals."""
