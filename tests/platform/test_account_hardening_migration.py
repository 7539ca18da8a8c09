"""Upgrading a database that already holds accounts: tokens made before expiry get a year from
when they were made, existing accounts count as confirmed, sessions as last seen when made."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text

from crossroads.platform.engines import make_engine
from crossroads.platform.migrate import alembic_config, upgrade

BEFORE = "20261207m1"  # the revision before accounts were hardened
MADE = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_existing_accounts_sessions_and_tokens_are_carried_over(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), BEFORE)
        connection.execute(
            text(
                "INSERT INTO people (id, email, display_name, role, password_hash, totp_enabled,"
                " failed_sign_ins, created_at, time_zone, check_in_reminders)"
                " VALUES ('p1', 'ana@example.org', 'Ana', 'client', 'x', 0, 2, :made, 'UTC', 1)"
            ),
            {"made": MADE},
        )
        connection.execute(
            text(
                "INSERT INTO access_tokens (id, person_id, name, token_digest, scopes, created_at)"
                " VALUES ('t1', 'p1', 'script', 'd1', '[\"read\"]', :made)"
            ),
            {"made": MADE},
        )
        connection.execute(
            text(
                "INSERT INTO sessions (token_digest, person_id, created_at, expires_at,"
                " second_factor_done) VALUES ('s1', 'p1', :made, :ends, 1)"
            ),
            {"made": MADE, "ends": MADE + timedelta(days=7)},
        )

    upgrade(engine)

    with engine.connect() as connection:
        expires = connection.execute(text("SELECT expires_at FROM access_tokens")).scalar_one()
        confirmed = connection.execute(text("SELECT email_confirmed_at FROM people")).scalar_one()
        seen = connection.execute(text("SELECT last_seen_at FROM sessions")).scalar_one()
    engine.dispose()
    assert datetime.fromisoformat(str(expires)).replace(tzinfo=UTC) == MADE + timedelta(days=365)
    assert datetime.fromisoformat(str(confirmed)).replace(tzinfo=UTC) == MADE
    assert datetime.fromisoformat(str(seen)).replace(tzinfo=UTC) == MADE
