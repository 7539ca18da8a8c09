"""Use cases: the only code that combines domain, store, security and text. Never commits."""
