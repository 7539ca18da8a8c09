"""Backing up the embedded database while the app writes, and putting a backup back: the copy
is one consistent moment, and a restore keeps what it replaces and never lands under a process
that still has the database open."""

import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from crossroads.accounts.service.accounts import new_password, sign_up
from crossroads.kernel.errors import InvalidInput
from crossroads.platform import backup
from crossroads.platform.backup import DatabaseInUse, back_up, restore_backup
from crossroads.platform.config import Settings
from crossroads.platform.database import Database, open_database
from crossroads.platform.vault import Vault
from tests.mail import MASTER_KEYS

NOW = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
LATER = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built by the migrations once, copied for each test: migrating takes a second."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("migrated"))
    database = open_database(settings)
    database.upgrade()
    database.engine.dispose()
    return settings.data_dir / "crossroads.db"


@pytest.fixture
def settings(tmp_path: Path, migrated: Path) -> Settings:
    (tmp_path / "data").mkdir()
    shutil.copy(migrated, tmp_path / "data" / "crossroads.db")
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = open_database(settings)
    yield database
    database.engine.dispose()


def _emails(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as copy:
        return [row[0] for row in copy.execute("SELECT email FROM people ORDER BY created_at")]


def _add_people(database: Database, *emails: str) -> None:
    password = new_password("a long enough password")
    for email in emails:
        with database.transaction() as session:
            person = sign_up(session, email=email, display_name=email, password=password)
            Vault(session, MASTER_KEYS).seal_json(person.id, "note", "sealed", new_owner=True)


def test_a_backup_taken_while_another_thread_writes_is_one_consistent_moment(
    settings: Settings, database: Database
) -> None:
    """Each write adds a person and their data key in one transaction; the copy must hold a
    prefix of the commits, at least every one made before it began, and never half of one."""
    committed: list[str] = []
    stop = threading.Event()
    password = new_password("a long enough password")

    def keep_writing() -> None:
        number = 0
        while not stop.is_set():
            email = f"person{number}@example.org"
            with database.transaction() as session:
                person = sign_up(session, email=email, display_name="P", password=password, now=NOW)
                Vault(session, MASTER_KEYS).seal_json(person.id, "note", "x", new_owner=True)
            committed.append(email)
            number += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(committed) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        before = list(committed)
        made = back_up(settings, None, NOW)
        after_backup = len(committed)
        while len(committed) < after_backup + 5 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join()

    assert len(before) >= 20, "the writer never got going"
    with closing(sqlite3.connect(made.path)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        emails = [row[0] for row in copy.execute("SELECT email FROM people ORDER BY rowid")]
        keyless = copy.execute(
            "SELECT count(*) FROM people WHERE id NOT IN (SELECT owner_id FROM data_keys)"
        ).fetchone()[0]
        ownerless = copy.execute(
            "SELECT count(*) FROM data_keys WHERE owner_id NOT IN (SELECT id FROM people)"
        ).fetchone()[0]
    assert emails == committed[: len(emails)]  # the commits up to one moment, in order
    assert len(emails) >= len(before)
    assert (keyless, ownerless) == (0, 0)
    assert len(committed) > len(emails), "the app kept writing after the backup"


def test_a_backup_is_one_private_file_at_the_newest_migration(
    settings: Settings, database: Database
) -> None:
    _add_people(database, "ada@example.org")

    made = back_up(settings, None, NOW)

    assert made.path == settings.data_dir / "backups" / "crossroads-20270301T093000Z.db"
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700
    assert sorted(path.name for path in made.path.parent.iterdir()) == [made.path.name]
    assert made.size == made.path.stat().st_size
    assert made.newest
    assert made.master_key_ids == {MASTER_KEYS.current_id}
    assert _emails(made.path) == ["ada@example.org"]
    with pytest.raises(InvalidInput, match="already there"):
        back_up(settings, made.path, NOW)


def test_a_restore_is_refused_while_another_connection_has_the_database_open(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "_IN_USE_SECONDS", 0.1)  # how long it waits for them to close
    _add_people(database, "ada@example.org")
    made = back_up(settings, None, NOW)
    _add_people(database, "grace@example.org")  # the app's pool keeps its connection open

    with pytest.raises(DatabaseInUse, match="stop them"):
        restore_backup(settings, made.path, LATER)

    live = settings.data_dir / "crossroads.db"
    assert _emails(live) == ["ada@example.org", "grace@example.org"]
    assert sorted(path.name for path in live.parent.glob("crossroads.db*")) == [
        "crossroads.db",
        "crossroads.db-shm",
        "crossroads.db-wal",
    ]


def test_a_restore_keeps_what_a_crashed_server_left_in_the_wal_with_the_replaced_database(
    settings: Settings, database: Database
) -> None:
    _add_people(database, "ada@example.org")
    made = back_up(settings, None, NOW)
    database.engine.dispose()
    live = settings.data_dir / "crossroads.db"
    crash = (  # a write in WAL mode, then the process dies without closing: its WAL stays
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
        "c.execute('PRAGMA journal_mode=WAL');"
        "c.execute(\"UPDATE people SET display_name = 'only in the WAL'\"); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crash, str(live)], check=True)
    assert live.with_name("crossroads.db-wal").stat().st_size > 0

    restored = restore_backup(settings, made.path, LATER)

    kept = settings.data_dir / "crossroads.db.before-restore-20270301T100000Z"
    assert restored.kept == kept
    assert not live.with_name("crossroads.db-wal").exists()
    with closing(sqlite3.connect(kept)) as replaced:
        assert replaced.execute("SELECT display_name FROM people").fetchall() == [
            ("only in the WAL",)
        ]
    restored_database = open_database(settings)
    with restored_database.reading() as session:
        names = session.execute(text("SELECT display_name FROM people")).scalars().all()
    restored_database.engine.dispose()
    assert names == ["ada@example.org"]
    assert stat.S_IMODE(live.stat().st_mode) == 0o600


def test_a_live_file_that_is_no_database_is_moved_aside_and_the_backup_put_in_place(
    settings: Settings, database: Database
) -> None:
    _add_people(database, "ada@example.org")
    made = back_up(settings, None, NOW)
    database.engine.dispose()
    live = settings.data_dir / "crossroads.db"
    live.write_bytes(b"\0" * 4096)  # a disk that lost the file's first pages

    restored = restore_backup(settings, made.path, LATER)

    assert restored.kept is not None
    assert restored.kept.read_bytes() == b"\0" * 4096
    assert _emails(live) == ["ada@example.org"]


def test_a_restore_says_which_master_keys_its_backup_needs_that_are_not_in_place(
    settings: Settings, database: Database
) -> None:
    _add_people(database, "ada@example.org")
    made = back_up(settings, None, NOW)
    database.engine.dispose()
    settings.master_key_path.write_text("mk-other:" + "A" * 43 + "=\n")

    restored = restore_backup(settings, made.path, LATER)

    assert restored.missing_master_keys == {MASTER_KEYS.current_id}
