"""A pg_auto_failover formation on loopback for the failover test, from Debian's packages: a
monitor, a primary and a synchronous standby, each a `pg_autoctl ... --run` process tree that
can be killed whole, as if its machine died. As root, everything runs as the postgres user in a
folder that user owns (tests/postgres.py). The monitor's and keepers' timeouts are lowered so a
failover takes seconds; docs/deployment.md ("Failover") gives the values for production."""

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.ports import free_port
from tests.postgres import POSTGRES_LIB, as_postgres, postgres_folder

DATABASE = "crossroads"
# The monitor decides: a health check every second, one retry half a second later, and a node
# that has not reported for two seconds counts as down (production: 5 s, 2 retries 2 s apart,
# 20 s). It then waits at most two seconds for the old primary to say it stepped down before
# the standby is promoted (production: 30 s, longer than the keeper's partition timeout below),
# and starts judging one second after it starts (production: 10 s).
MONITOR_SETTINGS = {
    "pgautofailover.health_check_period": "1000",
    "pgautofailover.health_check_timeout": "1000",
    "pgautofailover.health_check_max_retries": "1",
    "pgautofailover.health_check_retry_delay": "500",
    "pgautofailover.node_considered_unhealthy_timeout": "2000",
    "pgautofailover.primary_demote_timeout": "2000",
    "pgautofailover.startup_grace_period": "1000",
}
# Each keeper, in seconds: a primary cut off from the monitor and its standby stops taking
# writes after 1 s (production: 20), and a standby being promoted waits 1 s for its WAL
# receiver to stop and 5 s to catch up (production: 5 and 30).
KEEPER_SETTINGS = {
    "timeout.network_partition_timeout": "1",
    "timeout.prepare_promotion_walreceiver": "1",
    "timeout.prepare_promotion_catchup": "5",
}
STATES_QUERY = "SELECT nodename, reportedstate, goalstate FROM pgautofailover.node"


def find_failover_bin_dir() -> Path:
    """The newest PostgreSQL whose server and pg_auto_failover extension are both installed:
    Debian builds the extension for one major version (postgresql-15-auto-failover)."""
    versions = sorted(
        (
            path
            for path in POSTGRES_LIB.glob("*/bin")
            if (path / "initdb").exists() and (path.parent / "lib" / "pgautofailover.so").exists()
        ),
        key=lambda path: int(path.parent.name),
    )
    if not versions or shutil.which("pg_autoctl") is None:
        raise RuntimeError(
            "pg_auto_failover is not installed; `make test` installs Debian's "
            "postgresql-15-auto-failover and pg-auto-failover-cli"
        )
    return versions[-1]


@dataclass
class Node:
    name: str
    port: int
    folder: Path
    process: "subprocess.Popen[bytes] | None" = None

    @property
    def pgdata(self) -> Path:
        return self.folder / self.name

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}.log"

    def query(self, sql: str, database: str = DATABASE) -> list[tuple[object, ...]]:
        """Rows of `sql`, run on this node itself (not through the formation's URL)."""
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql.encode())
            return cursor.fetchall() if cursor.description else []


@dataclass
class Formation:
    folder: Path
    bin_dir: Path
    monitor: Node = field(init=False)
    nodes: list[Node] = field(init=False)
    killed: list[Node] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.monitor = Node("monitor", free_port(), self.folder)
        self.nodes = [Node(f"node{n}", free_port(), self.folder) for n in (1, 2)]

    @property
    def url(self) -> str:
        """What the app is given: every node, the one that takes writes found by libpq."""
        hosts = ",".join(f"127.0.0.1:{node.port}" for node in self.nodes)
        return f"postgresql://postgres@{hosts}/{DATABASE}?target_session_attrs=read-write"

    def start(self) -> None:
        """The monitor, then the first node, which becomes the primary; the second starts
        copying it, and `wait_until_synchronous` waits for it to be done."""
        self._start_monitor()
        first, second = self.nodes
        self._start_node(first)
        self.wait_for_states({first.name: "single"})
        self._tune_keeper(first)
        self._start_node(second)

    def wait_until_synchronous(self) -> tuple[Node, Node]:
        """The primary and its standby, once every commit on the one waits for the other."""
        first, second = self.nodes
        self.wait_for_states({first.name: "primary", second.name: "secondary"})
        self._tune_keeper(second)
        return first, second

    def _start_monitor(self) -> None:
        self._initdb(self.monitor)
        self._run_node(self.monitor, "monitor")
        self._wait(lambda: self.monitor.query("SELECT 1", "pg_auto_failover"), self.monitor)
        for name, value in MONITOR_SETTINGS.items():
            self.monitor.query(f"ALTER SYSTEM SET {name} = '{value}'", "pg_auto_failover")
        self.monitor.query("SELECT pg_reload_conf()", "pg_auto_failover")

    def _start_node(self, node: Node) -> None:
        """Start `node`: the first becomes the primary, the next its standby, copied from it
        by pg_basebackup."""
        if node is self.nodes[0]:
            self._initdb(node)
        monitor = f"postgres://autoctl_node@127.0.0.1:{self.monitor.port}/pg_auto_failover"
        self._run_node(
            node,
            "postgres",
            f"--pgctl={self.bin_dir / 'pg_ctl'}",
            "--listen=127.0.0.1",
            f"--name={node.name}",
            f"--dbname={DATABASE}",
            f"--monitor={monitor}?sslmode=disable",
        )

    def _tune_keeper(self, node: Node) -> None:
        """Lower the keeper's timeouts; its running process reloads them."""
        for name, value in KEEPER_SETTINGS.items():
            self._autoctl("config", "set", "--pgdata", str(node.pgdata), name, value)

    def states(self) -> dict[str, tuple[str, str]]:
        """Each node's reported and assigned state, as the monitor has them."""
        rows = self.monitor.query(STATES_QUERY, "pg_auto_failover")
        return {str(name): (str(reported), str(goal)) for name, reported, goal in rows}

    def wait_for_states(self, wanted: dict[str, str], seconds: float = 90) -> None:
        """Until each named node has reached the state named (reported and assigned)."""

        def reached() -> bool:
            states = self.states()
            return all(states.get(name) == (state, state) for name, state in wanted.items())

        self._wait(reached, *self.nodes, seconds=seconds)

    def kill(self, node: Node) -> None:
        """SIGKILL every process of the node at once: its keeper, its postmaster and every
        backend. They are stopped first (SIGSTOP), so that none notices the others dying,
        starts anything or answers anyone before the end."""
        assert node.process is not None
        stopped: set[int] = set()
        while fresh := [pid for pid in _tree(node.process.pid) if pid not in stopped]:
            for pid in fresh:
                _signal(pid, signal.SIGSTOP)
                stopped.add(pid)
        for pid in stopped:
            _signal(pid, signal.SIGKILL)
        node.process.wait(timeout=10)
        self.killed.append(node)

    def stop(self) -> None:
        """Stop what is left (SIGQUIT: each keeper stops its own server at once), remove the
        shared memory a killed server leaves behind, and the folder."""
        running = [each for each in (*self.nodes, self.monitor) if each.process is not None]
        for node in running:
            if node not in self.killed and node.process is not None:
                _signal(_supervisor(node.process.pid), signal.SIGQUIT)
        deadline = time.monotonic() + 30
        for node in running:
            assert node.process is not None
            try:
                node.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                for pid in _tree(node.process.pid):
                    _signal(pid, signal.SIGKILL)
                node.process.wait(timeout=10)
        for node in self.killed:
            _remove_shared_memory(node.pgdata)
        shutil.rmtree(self.folder, ignore_errors=True)

    def logs(self) -> str:
        """The tail of every log, for a failure's message."""
        tails = []
        for node in (self.monitor, *self.nodes):
            if node.log.exists():
                lines = node.log.read_text("utf-8", errors="replace").splitlines()[-25:]
                tails.append(f"--- {node.name}\n" + "\n".join(lines))
        return "\n".join(tails)

    def _initdb(self, node: Node) -> None:
        """The data folder, made before pg_autoctl would: without syncing every file; with its
        socket in the formation's folder (not /var/run/postgresql, which may not exist); with
        dynamic shared memory in the folder, which a server killed outright would otherwise
        leave behind in /dev/shm; and with checkpoints that do not spread their writes, as the
        one pg_basebackup waits for would (for a minute or more). A standby's copy takes these
        settings with it."""
        subprocess.run(
            as_postgres(
                str(self.bin_dir / "initdb"),
                f"--pgdata={node.pgdata}",
                "--username=postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            timeout=60,
        )
        with (node.pgdata / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"unix_socket_directories = '{self.folder}'\n"
                "dynamic_shared_memory_type = mmap\n"
                "checkpoint_completion_target = 0\n"
            )

    def _run_node(self, node: Node, kind: str, *options: str) -> None:
        command = [
            "pg_autoctl",
            "create",
            kind,
            f"--pgdata={node.pgdata}",
            f"--pgport={node.port}",
            "--hostname=127.0.0.1",
            "--auth=trust",
            "--no-ssl",
            *options,
            "--run",
        ]
        with node.log.open("wb") as log:
            node.process = subprocess.Popen(
                as_postgres("env", *self._environment(), *command),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def _autoctl(self, *args: str) -> None:
        subprocess.run(
            as_postgres("env", *self._environment(), "pg_autoctl", *args),
            check=True,
            capture_output=True,
            timeout=30,
        )

    def _environment(self) -> list[str]:
        # pg_autoctl keeps its configuration, state and pid files under the XDG folders, and
        # reaches its own server through the socket in PGHOST.
        return [
            f"PGHOST={self.folder}",
            f"XDG_CONFIG_HOME={self.folder / 'config'}",
            f"XDG_DATA_HOME={self.folder / 'share'}",
            f"XDG_RUNTIME_DIR={self.folder / 'run'}",
            f"PATH={self.bin_dir}:/usr/bin:/bin",
        ]

    def _wait(self, done: Callable[[], object], *watched: Node, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for node in watched:
                if (
                    node.process is not None
                    and node.process.poll() is not None
                    and node not in self.killed
                ):
                    raise AssertionError(f"{node.name} exited:\n{self.logs()}")
            try:
                if done():
                    return
            except psycopg.OperationalError:
                pass  # not up yet
            time.sleep(0.2)
        raise AssertionError(f"not reached within {seconds} s:\n{self.logs()}")


def new_formation() -> Formation:
    """A formation in a new folder, in memory where the machine has room: initdb and
    pg_basebackup (which pg_autoctl runs without --no-sync) write every file to the disk, and
    on a loaded machine that takes several seconds each."""
    in_memory = Path("/dev/shm")  # noqa: S108  (a folder of our own is made inside it)
    roomy = in_memory.is_dir() and shutil.disk_usage(in_memory).free > 2 * 1024**3
    return Formation(postgres_folder(in_memory if roomy else None), find_failover_bin_dir())


def _tree(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # it ended meanwhile
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, position = [root], 0
    while position < len(found):
        found += children.get(found[position], [])
        position += 1
    return found


def _supervisor(root: int) -> int:
    """The first pg_autoctl process at or below `root` (runuser's child when we are root),
    which stops its services and their server when told."""
    for pid in _tree(root):
        with suppress(OSError):
            if Path(f"/proc/{pid}/comm").read_text().strip() == "pg_autoctl":
                return pid
    return root


def _signal(pid: int, number: int) -> None:
    with suppress(ProcessLookupError):  # it ended meanwhile
        os.kill(pid, number)


def _remove_shared_memory(pgdata: Path) -> None:
    """A server killed outright leaves its small System V segment behind; its id is on the
    seventh line of postmaster.pid ('key id')."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
    except OSError:
        return
    if len(lines) > 6 and len(lines[6].split()) == 2:
        subprocess.run(["ipcrm", "-m", lines[6].split()[1]], check=False, capture_output=True)
