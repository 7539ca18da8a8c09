"""Use cases not yet moved into a feature, and the infrastructure they share (database, runtime,
vault, outbox, worker). Services combine rules, storage, security and text; they never commit."""
