"""Pure rules of Crossroads: instruments, safety, triage. Standard library only."""
