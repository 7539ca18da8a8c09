"""A person's account: signing up and in (password, second factor, recovery by email), sessions
and API tokens, the limits on guessing, and the account page with its preferences. Everything of
the feature lives here: its use cases, tables, pages, API and templates; the person themselves
(kernel/people.py) and their row (platform/person_rows.py) are everyone's."""
