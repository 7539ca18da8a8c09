"""Pure rules shared by several features or not yet moved into one: instruments, safety, triage.
Standard library only."""
