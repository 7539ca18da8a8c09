"""Sharing: a client grants practitioners access to named areas of their data and revokes it at
once; practitioners holding a grant are told when what the client shares screens urgent or
acute; the client sees every access to their data."""
