"""Passwords, tokens, encryption and sealed boxes, CSRF, second factors and the audit chain's
hashing: the primitives, with no storage of their own."""
