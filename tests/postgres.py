"""A throwaway PostgreSQL server for the test session, from Debian's binaries.

initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user, in a
temporary folder that user owns (see shared/NOTES-stack.md).
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.ports import free_port

POSTGRES_LIB = Path("/usr/lib/postgresql")
FAST_AND_UNSAFE = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def find_bin_dir() -> Path:
    versions = sorted(
        (path for path in POSTGRES_LIB.glob("*/bin") if (path / "initdb").exists()),
        key=lambda path: int(path.parent.name),
    )
    if not versions:
        raise RuntimeError(
            "PostgreSQL is not installed; `make test` installs Debian's postgresql package"
        )
    return versions[-1]


def as_postgres(*args: str) -> list[str]:
    """The command line that runs `args` as the postgres user when we are root."""
    return [*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []), *args]


@dataclass
class ThrowawayPostgres:
    folder: Path
    port: int
    bin_dir: Path
    config: str = ""  # lines added to postgresql.conf before the server first starts

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self, name: str) -> str:
        """Create an empty database on this server, for a test that must commit for real;
        returns its URL."""
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url.rpartition("/")[0] + f"/{name}"

    def _run(self, *args: str) -> None:
        subprocess.run(as_postgres(*args), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",  # a throwaway server's files need not reach the disk
        )
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(self.config)
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 {FAST_AND_UNSAFE}"
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-m",
            "immediate",
            "-w",
            "stop",
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres(config: str = "") -> ThrowawayPostgres:
    """A new server on a free loopback port, with `config` added to its postgresql.conf."""
    server = ThrowawayPostgres(postgres_folder(), free_port(), find_bin_dir(), config)
    server.start()
    return server


def postgres_folder(parent: Path | None = None) -> Path:
    """A new temporary folder the postgres user owns (pytest's tmp_path is out of its reach),
    in `parent` or the system's temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="crossroads-pg-", dir=parent))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    return folder
