"""Passwords, tokens, encryption, CSRF, second factors, consent and the audit chain."""
