"""A safety plan in six steps and reasons to live: kept sealed under the person's key, edited,
shared under a grant and printed or downloaded as a PDF, and filled and printed without an
account. Everything of the feature lives here: its pure rules, use cases, table, pages, API,
CLI commands and templates. The crisis lines themselves are everyone's: see kernel/resources.py
and web/pages/crisis.py."""
