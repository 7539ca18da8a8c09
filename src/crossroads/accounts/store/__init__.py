"""The accounts' tables and queries: sign-in attempts and API tokens."""
