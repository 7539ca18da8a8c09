"""Casework's use cases: the caseload and its alerts, notes and homework, referrals and the
progress report."""
