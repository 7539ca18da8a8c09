"""The accounts' use cases: accounts, credentials, sign-in attempts, sessions, tokens and the mail
they send."""
