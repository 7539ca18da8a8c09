"""The safety plan pages: the form, the printable plan and its PDF."""
