"""A practitioner's work with the people who share with them: the caseload with its alerts
first, one client's overview, session notes (the practitioner's own records, kept for their
practice's period) and homework, referrals between practitioners, and the progress report a
client shares. Everything of the feature lives here: its use cases, tables, pages, API with its
schemas and templates; what each practitioner may see is decided by the client's grants
(sharing/service/grants.py)."""
