"""Passwords, tokens, encryption and sealed boxes, CSRF, second factors, the audit chains'
keyed links and signed checkpoints: the primitives, with no storage of their own."""
