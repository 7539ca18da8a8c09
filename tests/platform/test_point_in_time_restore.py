"""Point-in-time restore of PostgreSQL, run as docs/deployment.md tells an operator to: the
primary's archive settings and each block of commands are read from the page and run as
written, on throwaway servers, with the page's names given this test's folders and ports.

A base backup is taken before anything is written, so what the restored server holds came
from replaying the archived WAL; writes after the restore point are archived too, so that
their absence shows recovery stopped at the point rather than ran out of WAL.
"""

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, select, text

from crossroads.platform.audit import OPERATOR, breaks, record_access
from crossroads.platform.config import Settings
from crossroads.platform.database import Database, open_database
from crossroads.safety_plan.service import plan_of, save_plan
from tests.factories import make_person
from tests.mail import MASTER_KEYS
from tests.ports import free_port
from tests.postgres import (
    ThrowawayPostgres,
    as_postgres,
    find_bin_dir,
    postgres_folder,
    start_postgres,
)

DEPLOYMENT = Path(__file__).parents[2] / "docs" / "deployment.md"
SECTION = "### PostgreSQL: base backups, archived WAL and point-in-time restore"
ARCHIVE_ON_THE_PAGE = "/srv/backup/wal"
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _blocks() -> tuple[str, str, list[str]]:
    """The page's postgresql.conf lines, its block of names, and its command blocks in order
    (base backup, restore point, restore)."""
    page = DEPLOYMENT.read_text("utf-8")
    section = page.split(SECTION, 1)[1].split("\n#", 1)[0]
    fenced = re.findall(r"```(\w+)\n(.*?)```", section, re.DOTALL)
    assert [kind for kind, _ in fenced] == ["ini", "sh", "sh", "sh", "sh"], "the page changed"
    (_, settings), (_, names), *commands = fenced
    return settings, names, [block for _, block in commands]


@pytest.fixture
def folder() -> Iterator[Path]:
    """Where the archive, the base backup and the restored server go, apart from the primary:
    in memory where there is room, since pg_basebackup flushes its thousand files to disk one
    by one, which takes seconds on a busy shared disk and shows nothing here."""
    memory = Path("/dev/shm")  # noqa: S108 (mkdtemp makes a private folder inside)
    roomy = memory.is_dir() and shutil.disk_usage(memory).free > 2**30
    folder = postgres_folder(memory if roomy else None)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _owned_by_postgres(path: Path) -> Path:
    path.mkdir()
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


def _run(block: str, names: dict[str, str]) -> None:
    """A block of the page's commands as the postgres user, with PostgreSQL's programs first on
    the PATH, as the page says to run them."""
    path = f"{find_bin_dir()}:{os.environ['PATH']}"
    assignments = [f"{name}={value}" for name, value in names.items()]
    script = ["env", f"PATH={path}", *assignments, "bash", "-euo", "pipefail", "-c", block]
    done = subprocess.run(as_postgres(*script), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr + done.stdout


def _contents(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: two equal results are the same data."""
    tables = MetaData()
    with engine.connect() as connection:
        tables.reflect(connection)
        return {
            name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for name, table in sorted(tables.tables.items())
        }


def _archive_now(database: Database) -> None:
    """Close the WAL segment in use and wait until the archiver has copied it."""
    with database.engine.connect() as connection:
        segment = connection.execute(text("SELECT pg_walfile_name(pg_switch_wal())")).scalar()
        connection.commit()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done = connection.execute(
                text("SELECT last_archived_wal FROM pg_stat_archiver")
            ).scalar()
            connection.commit()
            if done is not None and done >= segment:
                return
            time.sleep(0.05)
    raise AssertionError(f"WAL segment {segment} was not archived within 30 s")


def test_a_restore_to_a_named_point_holds_exactly_what_was_written_before_it(
    folder: Path, tmp_path: Path
) -> None:
    settings_lines, names_block, (base_backup, restore_point, restore) = _blocks()
    archive = _owned_by_postgres(folder / "wal")
    assert ARCHIVE_ON_THE_PAGE in settings_lines
    # The restored server starts from the primary's settings: both skip flushing to disk.
    primary = start_postgres(
        settings_lines.replace(ARCHIVE_ON_THE_PAGE, str(archive)) + "fsync = off\n"
    )
    restored = ThrowawayPostgres(
        _owned_by_postgres(folder / "restored"), free_port(), find_bin_dir()
    )
    names = {
        "PGHOST": "127.0.0.1",
        "PGPORT": str(primary.port),
        "PGUSER": "postgres",
        "ARCHIVE": str(archive),
        "BASE": str(folder / "base"),
        "RESTORED": str(restored.folder / "data"),
        "RESTORED_PORT": str(restored.port),
    }
    assert set(re.findall(r"\b([A-Z_]+)=", names_block)) == set(names)
    database = open_database(Settings(database_url=primary.url, data_dir=tmp_path))
    try:
        database.upgrade()
        _run(base_backup, names)
        with database.transaction() as session:
            ada = make_person(session, "ada@example.org")
            save_plan(session, MASTER_KEYS, ada, {"warning_signs": "first plan"}, NOW)
            make_person(session, "grace@example.org")
            record_access(session, actor=OPERATOR, subject_id=ada.id, action="read", target="x")
        at_the_point = _contents(database.engine)
        _run(restore_point, names)
        with database.transaction() as session:
            save_plan(session, MASTER_KEYS, ada, {"warning_signs": "later plan"}, NOW)
            make_person(session, "later@example.org")
            record_access(session, actor=OPERATOR, subject_id=ada.id, action="read", target="y")
        _archive_now(database)
        at_the_end = _contents(database.engine)
    finally:
        database.engine.dispose()
        primary.stop()

    try:
        _run(restore, names)
        brought_back = open_database(Settings(database_url=restored.url, data_dir=tmp_path))
        try:
            assert _contents(brought_back.engine) == at_the_point
            assert brought_back.is_current()
            with brought_back.reading() as session:
                plan = plan_of(session, MASTER_KEYS, ada).plan
                assert breaks(session) == []  # as `crossroads audit verify` checks it
        finally:
            brought_back.engine.dispose()
    finally:
        if (restored.folder / "data" / "postmaster.pid").exists():
            restored.stop()
    assert plan.written["warning_signs"] == "first plan"
    assert {row[1] for row in at_the_point["people"]} == {"ada@example.org", "grace@example.org"}
    assert "later@example.org" in {row[1] for row in at_the_end["people"]}
    assert len(at_the_point["audit_log"]) == 1
