"""The trusted person's use cases: the client's invitations (invitations.py) and what the
trusted person sees through their link (shared.py)."""
