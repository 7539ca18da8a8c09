"""What every feature stands on: settings, the database (engines, units of work, the declarative
base, the migrations and the table list), the runtime, secrets, data keys and the vault, the
audit log, the outbox of mail, logging and the health check. It knows no feature."""
