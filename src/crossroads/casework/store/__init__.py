"""Casework's tables and queries: notes, homework and shared reports, and referrals."""
