"""Back up the embedded SQLite database while the app keeps writing, and put a backup back.

PostgreSQL is backed up by its own tools (pg_basebackup and WAL archiving), as
docs/deployment.md shows; these functions refuse it rather than do half the work.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from crossroads.kernel.errors import InvalidInput
from crossroads.platform import migrate
from crossroads.platform.config import Settings
from crossroads.security.encryption import MasterKeys

# How long the copy waits for a writer that is part-way through recovering the database (a
# backup never waits for writers otherwise: in WAL mode a reader does not block them).
_WAIT_SECONDS = 15.0
# How long a restore waits for other connections to go away before it says the database is in
# use: a command finishing its transaction, not a server, which holds its connections open.
_IN_USE_SECONDS = 2.0
_STAMP = "%Y%m%dT%H%M%SZ"


class NotEmbedded(Exception):
    """The database is PostgreSQL, which its own tools back up and restore."""

    def __init__(self) -> None:
        super().__init__(
            "the database is PostgreSQL, which is backed up with pg_basebackup and WAL "
            "archiving and restored to a point in time; docs/deployment.md ('Backups') "
            "shows the commands"
        )


class DatabaseInUse(Exception):
    """Another process has the live database open, and a restore under it would be lost."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int  # bytes
    revision: str  # the migration the copy is at
    newest: bool  # whether that is this release's newest migration
    # The master keys its data keys are wrapped by: without them nothing sealed in it opens.
    master_key_ids: frozenset[str]


@dataclass(frozen=True)
class Restored:
    backup: Backup
    kept: Path | None  # where the replaced database now lies, if there was one
    # Master keys the backup needs that the settings do not hold (nothing is created to find
    # out): they must be put in place before the app starts, or its sealed values stay shut.
    missing_master_keys: frozenset[str]


def back_up(settings: Settings, destination: Path | None, now: datetime) -> Backup:
    """Copy the live database with SQLite's online backup API to `destination` (a new file, or a
    folder to put it in; by default `<data_dir>/backups/`), readable by its owner only, and
    check the copy. The copy is one file, without -wal, and holds no keys."""
    live = embedded_path(settings)
    if not live.exists():
        raise InvalidInput("database", f"there is no database at {live} to back up")
    target = _backup_path(settings, destination, now)
    _create_private(target)
    try:
        _copy(live, target)
        return _inspected(target)
    except _Unsound as problem:
        target.unlink()
        raise InvalidInput("database", f"the copy of {live} {problem}; it was not kept") from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def restore_backup(settings: Settings, backup: Path, now: datetime) -> Restored:
    """Put `backup` in place of the live database, keeping the replaced one beside it as
    `<name>.before-restore-<UTC time>`. DatabaseInUse while any other process has the live
    database open (a server or a worker holds it open as long as it runs)."""
    live = embedded_path(settings)
    if not backup.is_file():
        raise InvalidInput("file", f"there is no file {backup}")
    try:
        checked = _inspected(backup)
    except _Unsound as problem:
        raise InvalidInput("file", f"{backup} {problem}") from None
    staged = live.with_name(f"{live.name}.restoring-{os.getpid()}")
    _create_private(staged)
    try:
        _copy(backup, staged)
        with _sole_access(live):
            kept = _keep_aside(live, now)
            os.replace(staged, live)
    finally:
        staged.unlink(missing_ok=True)
    return Restored(checked, kept, checked.master_key_ids - _configured_master_keys(settings))


def embedded_path(settings: Settings) -> Path:
    """The live SQLite file; NotEmbedded when the database is PostgreSQL."""
    url = make_url(settings.database)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise NotEmbedded()
    return Path(url.database)


def _backup_path(settings: Settings, destination: Path | None, now: datetime) -> Path:
    name = f"crossroads-{now.strftime(_STAMP)}.db"
    if destination is None:
        folder = settings.data_dir / "backups"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder / name
    return destination / name if destination.is_dir() else destination


def _create_private(path: Path) -> None:
    """An empty file readable by its owner only, refusing to overwrite one (an earlier backup)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        raise InvalidInput("dest", f"{path} is already there; name another file") from None
    except OSError as error:
        raise InvalidInput("dest", f"cannot write {path}: {error.strerror}") from None


def _copy(source: Path, target: Path) -> None:
    """One consistent snapshot of `source` into `target`: the backup runs in one step under one
    read transaction, so it sees the last commit before it began and nothing after, while
    writers go on committing to the WAL. The copy leaves WAL mode to be a single file."""
    with (
        closing(sqlite3.connect(source, timeout=_WAIT_SECONDS)) as reading,
        closing(sqlite3.connect(target)) as copy,
    ):
        reading.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")


class _Unsound(Exception):
    """What is wrong with a copy, said to follow its name."""


def _inspected(path: Path) -> Backup:
    """The backup at `path` if it is a sound Crossroads database at a migration this release
    knows; _Unsound saying what is wrong otherwise."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as copy:
            problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
            versions = copy.execute("SELECT version_num FROM alembic_version").fetchall()
            wrapping = copy.execute("SELECT DISTINCT master_key_id FROM data_keys").fetchall()
    except sqlite3.DatabaseError as error:
        raise _Unsound(f"is not a Crossroads database ({error})") from None
    if problems != ["ok"]:
        raise _Unsound(f"fails SQLite's integrity check: {problems[0]}")
    if len(versions) != 1 or not migrate.is_known_revision(versions[0][0]):
        raise _Unsound("is at a migration this release does not know")
    revision = versions[0][0]
    return Backup(
        path,
        path.stat().st_size,
        revision,
        revision == migrate.newest_revision(),
        frozenset(row[0] for row in wrapping),
    )


def _configured_master_keys(settings: Settings) -> frozenset[str]:
    """The ids of the master keys the settings give, read without creating a key file."""
    if settings.master_keys:
        return frozenset(MasterKeys.parse(settings.master_keys).keys)
    if settings.master_key_path.is_file():
        return frozenset(MasterKeys.parse(settings.master_key_path.read_text("utf-8")).keys)
    return frozenset()


@contextmanager
def _sole_access(live: Path) -> Iterator[None]:
    """Hold the live database so that no other connection can read or write it, with its WAL
    written back into the file and the file out of WAL mode, so that the file alone is all of
    it. Leaving WAL mode needs every other connection closed, which is how one in use is found.
    A file SQLite cannot read at all is in no one's use and is simply moved aside."""
    if not live.exists():
        yield
        return
    with closing(sqlite3.connect(live, timeout=_IN_USE_SECONDS, isolation_level=None)) as held:
        try:
            held.execute("PRAGMA locking_mode=EXCLUSIVE")
            mode = held.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            held.execute("BEGIN EXCLUSIVE")
            held.execute("COMMIT")  # the lock stays, in exclusive locking mode, until closed
        except sqlite3.DatabaseError as error:
            if error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise DatabaseInUse(
                    f"{live} is open in another process (a server, a worker or a command); "
                    "stop them, then restore"
                ) from error
            if error.sqlite_errorcode != sqlite3.SQLITE_NOTADB:
                raise
            mode = "delete"  # not a database at all: nothing can be using it
        if mode != "delete":
            raise DatabaseInUse(f"{live} could not be taken out of use ({mode} journal)")
        yield


def _keep_aside(live: Path, now: datetime) -> Path | None:
    """Give the live database its before-restore name, and move its -wal and -shm files with it
    (after `_sole_access` there is no -wal, or one SQLite could not read): left beside the new
    file they would be applied to it. The live name never stops naming a database meanwhile."""
    if not live.exists():
        return None
    kept = live.with_name(f"{live.name}.before-restore-{now.strftime(_STAMP)}")
    try:
        os.link(live, kept)
    except FileExistsError:
        raise InvalidInput("file", f"{kept} is already there; try again in a second") from None
    for suffix in ("-wal", "-shm"):
        with suppress(FileNotFoundError):
            os.replace(live.with_name(live.name + suffix), kept.with_name(kept.name + suffix))
    return kept
