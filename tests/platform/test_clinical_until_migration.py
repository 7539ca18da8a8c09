"""Upgrading a database that already holds listings: each practitioner's account learns until
when their listing's licences let them see clinical questionnaires (migration 20261207m5)."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text

from crossroads.platform.engines import make_engine
from crossroads.platform.migrate import alembic_config, upgrade

BEFORE = "20261207m4"  # the revision before people had clinical_until
MADE = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def licence(expires_on: str) -> dict[str, str]:
    return {"type": "LCSW", "jurisdiction": "US-NY", "number": "N-1", "expires_on": expires_on}


LISTED = {
    # person: (kind, licences)
    "therapist": ("therapist", [licence("2027-01-31"), licence("2028-06-30")]),
    "expired": ("both", [licence("2025-12-31")]),
    "coach": ("coach", []),
}


def test_existing_listings_set_until_when_their_licences_hold(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), BEFORE)
        for person, (kind, licences) in {**LISTED, "unlisted": ("", [])}.items():
            connection.execute(
                text(
                    "INSERT INTO people (id, email, display_name, role, password_hash,"
                    " totp_enabled, created_at, time_zone, check_in_reminders)"
                    " VALUES (:id, :email, :id, 'practitioner', 'x', 0, :made, 'UTC', 1)"
                ),
                {"id": person, "email": f"{person}@example.org", "made": MADE},
            )
            if not kind:
                continue
            connection.execute(
                text(
                    "INSERT INTO practitioners (id, person_id, email, kind, accepting, profile,"
                    " availability, created_at, updated_at)"
                    " VALUES (:id, :id, :email, :kind, 1, :profile, '{}', :made, :made)"
                ),
                {
                    "id": person,
                    "email": f"{person}@example.org",
                    "kind": kind,
                    "profile": json.dumps({"name": person, "kind": kind, "licences": licences}),
                    "made": MADE,
                },
            )

    upgrade(engine)

    with engine.connect() as connection:
        found = dict(connection.execute(text("SELECT id, clinical_until FROM people")).all())
    engine.dispose()
    kept = {person: date.fromisoformat(str(day)) if day else None for person, day in found.items()}
    assert kept == {
        "therapist": date(2028, 6, 30),
        "expired": date(2025, 12, 31),  # in the past: treated as a coach from then on
        "coach": None,
        "unlisted": None,
    }
