"""Reading the database directly shows no plaintext of any sensitive field.

Secrets are planted in every sensitive field a person can fill (the assessment's own words,
the goal, the answers and the result, the two-factor secret, a coaching goal, a journal entry,
a coping correction, a retaken questionnaire, a session note and homework), then searched
for in the raw SQLite file and in every PostgreSQL table's contents.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text
from sqlalchemy.orm import Session

from crossroads.accounts.service.sessions import begin_totp_setup
from crossroads.assessment.service.assessments import record_assessment
from crossroads.assessment.service.results import record_measure
from crossroads.casework.service.notes import assign_homework, write_note
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.goals import plan_goal
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry, correct_coping
from crossroads.kernel.consent import Area
from crossroads.platform.audit import with_audit_keys
from crossroads.platform.config import Settings
from crossroads.platform.engines import make_engine
from crossroads.platform.migrate import upgrade
from crossroads.platform.runtime import open_runtime
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from tests.factories import make_person
from tests.mail import AUDIT_KEYS
from tests.postgres import ThrowawayPostgres

GOAL = "Zanzibar-goal-71 become a calmer manager"
WORDS = "Quetzal-words-53 my father's illness weighs on me"
COACHING_GOAL = "Marmoset-goal-18 run a half marathon"
COPING = "Ocelot-coping-29 lay in the dark all afternoon"
NOTE = "Pangolin-note-64 the anniversary of the accident"
SESSION_NOTE = "Axolotl-session-note-37 spoke about the divorce"
HOMEWORK = "Kinkajou-homework-45 write to your sister"
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def plant(session: Session, master_keys: MasterKeys) -> list[str]:
    """Fill every sensitive field with findable text; return what must not appear raw."""
    person = make_person(session, "planted@example.org")
    answers = {"goal": GOAL, "text": WORDS, "steady": 7, "phq9": [1, 2, 1, 2, 1, 2, 1, 2, 0]}
    record_assessment(session, master_keys, answers, owner=person)
    record_assessment(session, master_keys, answers)  # anonymous, sealed with its own key
    totp_secret = begin_totp_setup(session, Vault(session, master_keys), person)
    goal = plan_goal(what=COACHING_GOAL, starts_on=NOW.date())
    add_goal(session, master_keys, person, goal, plan_schedule(Cadence.WEEKLY, NOW.date()), now=NOW)
    entry = plan_entry(at=NOW, mood=2, emotions=["ashamed"], own_coping=COPING, note=NOTE)
    added = add_entry(session, master_keys, person, entry, NOW)
    correct_coping(session, master_keys, person, added.id, CopingKind.REST, NOW)
    record_measure(
        session, master_keys, person, "gad7", [3] * 7, now=NOW, public_url="http://localhost"
    )
    therapist = make_person(session, "therapist@example.org", role="practitioner")
    grant_access(session, person, practitioner_email=therapist.email, areas=[Area.JOURNAL], now=NOW)
    write_note(session, master_keys, therapist, person.id, SESSION_NOTE, shared=False, now=NOW)
    assign_homework(session, master_keys, therapist, person.id, HOMEWORK, NOW.date(), NOW)
    session.flush()
    return [
        GOAL,
        WORDS,
        "Zanzibar",
        "Quetzal",
        totp_secret,
        "moderately severe",
        COACHING_GOAL,
        COPING,
        NOTE,
        "ashamed",
        SESSION_NOTE,
        HOMEWORK,
        '"score"',
    ]


def test_the_sqlite_file_holds_no_plaintext_of_sensitive_fields(
    tmp_path: Path, master_keys: MasterKeys
) -> None:
    runtime = open_runtime(Settings(data_dir=tmp_path))
    runtime.database.upgrade()
    with runtime.database.transaction() as session:
        secrets = plant(session, runtime.master_keys)
    runtime.database.engine.dispose()

    raw = b"".join(path.read_bytes() for path in tmp_path.glob("crossroads.db*"))

    assert raw  # the file and its write-ahead log exist and were read
    for secret in secrets:
        assert secret.encode() not in raw, secret


@pytest.fixture
def postgres_connection(postgres_server: ThrowawayPostgres) -> Iterator[Connection]:
    engine = with_audit_keys(make_engine(postgres_server.url), AUDIT_KEYS)
    upgrade(engine)
    with engine.connect() as connection:
        outer = connection.begin()
        yield connection
        outer.rollback()
    engine.dispose()


def test_postgresql_tables_hold_no_plaintext_of_sensitive_fields(
    postgres_connection: Connection, master_keys: MasterKeys
) -> None:
    session = Session(bind=postgres_connection, join_transaction_mode="create_savepoint")
    secrets = plant(session, master_keys)

    contents = dump_tables(postgres_connection)

    assert "planted@example.org" in contents  # the dump really holds the rows
    for secret in secrets:
        assert secret not in contents, secret


def dump_tables(connection: Connection) -> str:
    """Every row of every table, as PostgreSQL renders it to text."""
    tables = inspect(connection).get_table_names()
    rows = []
    for table in tables:
        query = text(f'SELECT t::text FROM "{table}" t')  # noqa: S608  (names from the catalogue)
        rows += [str(row) for row in connection.execute(query)]
    return "\n".join(rows)
