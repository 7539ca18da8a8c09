"""Booking under contention on PostgreSQL beside pgbench's built-in TPC-B-like script on the
same server, with the same number of clients: every booking attempt is one transaction (a
booking or a clean refusal), as every pgbench transaction is. Target: at least 30 % of
pgbench's transactions per second, with no slot booked twice."""

import re
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from tests.postgres import ThrowawayPostgres

from benchmarks.booking_contention import THREADS, contend, double_bookings, prepare
from crossroads.platform.config import Settings
from crossroads.platform.outbox import publish_outbox_key
from crossroads.platform.runtime import open_runtime

PGBENCH_SECONDS = 15
TARGET = 0.30


def pgbench_tps(server: ThrowawayPostgres) -> float:
    url = server.new_database("pgbench")
    name = url.rpartition("/")[2]
    connect = ["-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres"]
    pgbench = str(server.bin_dir / "pgbench")
    subprocess.run(
        [pgbench, "-i", "-q", "-s", "4", *connect, name], check=True, capture_output=True
    )
    run = subprocess.run(
        [pgbench, "-n", "-c", str(THREADS), "-j", "2", "-T", str(PGBENCH_SECONDS), *connect, name],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(re.search(r"tps = ([\d.]+)", run.stdout).group(1))  # type: ignore[union-attr]


def section(server: ThrowawayPostgres) -> tuple[list[str], bool]:
    runtime = open_runtime(
        Settings(database_url=server.new_database("booking"), data_dir=Path(tempfile.mkdtemp()))
    )
    runtime.database.upgrade()
    with runtime.database.transaction() as session:  # as `crossroads db upgrade` does
        publish_outbox_key(session, runtime.master_keys, datetime.now(UTC))
    with runtime.database.engine.connect() as connection:
        version = connection.execute(text("show server_version")).scalar()
    practitioner_id, clients, starts = prepare(runtime)
    seconds, booked, taken = contend(runtime, practitioner_id, clients, starts)
    doubled = double_bookings(runtime, practitioner_id)
    runtime.database.engine.dispose()
    tps = pgbench_tps(server)
    attempts = booked + taken
    rate = attempts / seconds
    met = rate >= TARGET * tps and doubled == 0
    return [
        "## Booking under contention on PostgreSQL",
        "",
        f"PostgreSQL {version}, a throwaway server (fsync off, as in the tests). {THREADS} "
        f"clients at once book the slots of one practitioner, each slot wanted by several; "
        f"pgbench's TPC-B-like script runs with {THREADS} clients for {PGBENCH_SECONDS} s on "
        "the same server.",
        "",
        "| booking attempts/s | booked | refused | double bookings | pgbench tps | ratio "
        "| target (≥ 30 %, no double booking) |",
        "|---|---|---|---|---|---|---|",
        f"| {rate:,.0f} | {booked} | {taken} | {doubled} | {tps:,.0f} | {rate / tps:.0%} "
        f"| {'met' if met else 'not met'} |",
        "",
    ], met
