"""The accounts' tables and queries: sign-in attempts, API tokens and recovery codes."""
