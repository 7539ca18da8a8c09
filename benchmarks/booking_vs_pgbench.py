"""Booking under contention on PostgreSQL beside pgbench's built-in TPC-B-like script on the
same server, with the same number of clients: every booking attempt is one transaction (a
booking or a clean refusal), as every pgbench transaction is. Three rows, never folded into one:
clients booking across many practitioners from as many processes as the machine has cores
(target: at least 30 % of pgbench's transactions per second, with no slot booked twice), all of
them on one practitioner's slots (the benchmark's only row before), and the many practitioners
again from a single process, the last two reported without a target.

Run alone: .venv/bin/python -m benchmarks.booking_vs_pgbench (prints the section).
"""

import re
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from tests.postgres import ThrowawayPostgres, start_postgres

from benchmarks.booking_contention import (
    MANY,
    MANY_IN_ONE_PROCESS,
    ONE,
    THREADS,
    Outcome,
    Scenario,
    attempts,
    contend,
    contend_in_processes,
    double_bookings,
    prepare,
)
from crossroads.platform.config import Settings
from crossroads.platform.outbox import publish_outbox_key
from crossroads.platform.runtime import Runtime, open_runtime

PGBENCH_SECONDS = 15
BOOKING_SECONDS = 12  # each scenario's run
TARGET = 0.30  # of pgbench's rate, for the many-practitioner row


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


def measure(runtime: Runtime, scenario: Scenario, seconds: float) -> tuple[Outcome, int]:
    """One scenario's run on fresh practitioners and clients: its outcome and how many double
    bookings it left."""
    prepared = prepare(runtime, scenario)
    if scenario.processes == 1:
        wanted = attempts(prepared, scenario.contenders)
        outcome = contend(runtime, prepared.clients, wanted, seconds)
    else:
        outcome = contend_in_processes(
            runtime.settings, prepared, scenario.contenders, seconds, scenario.processes
        )
    return outcome, double_bookings(runtime, prepared.practitioner_ids)


def row(scenario: Scenario, outcome: Outcome, doubled: int, tps: float, target: bool) -> str:
    """One line of the table; a row without a target says so rather than met or not met."""
    ratio = outcome.attempts_per_second / tps
    if target:
        met = "met" if ratio >= TARGET and doubled == 0 else "not met"
        goal = f"≥ {TARGET:.0%}, no double booking"
    else:
        met, goal = "reported", "none"
    who = (
        f"{scenario.practitioners} practitioners"
        if scenario.practitioners > 1
        else "1 practitioner"
    )
    processes = "1 process" if scenario.processes == 1 else f"{scenario.processes} processes"
    return (
        f"| {who}, {scenario.contenders} clients want each slot | {processes} "
        f"| {outcome.booked:,} "
        f"| {outcome.refused:,} | {doubled} | {outcome.attempts_per_second:,.0f} | {tps:,.0f} "
        f"| {ratio:.0%} | {goal} | {met} |"
    )


def section(server: ThrowawayPostgres, seconds: float = BOOKING_SECONDS) -> tuple[list[str], bool]:
    runtime = open_runtime(
        Settings(database_url=server.new_database("booking"), data_dir=Path(tempfile.mkdtemp()))
    )
    runtime.database.upgrade()
    with runtime.database.transaction() as session:  # as `crossroads db upgrade` does
        publish_outbox_key(session, runtime.master_keys, datetime.now(UTC))
    with runtime.database.engine.connect() as connection:
        version = connection.execute(text("show server_version")).scalar()
    runtime.database.engine.dispose()  # the processes forked below open their own
    many, many_doubled = measure(runtime, MANY, seconds)
    one, one_doubled = measure(runtime, ONE, seconds)
    alone, alone_doubled = measure(runtime, MANY_IN_ONE_PROCESS, seconds)
    runtime.database.engine.dispose()
    tps = pgbench_tps(server)
    met = many.attempts_per_second >= TARGET * tps and many_doubled == 0
    return [
        "## Booking under contention on PostgreSQL",
        "",
        f"PostgreSQL {version}, a throwaway server (fsync off, as in the tests). {THREADS} "
        f"clients at once, each attempt one transaction through the booking use case for "
        f"{seconds:.0f} s. The clients are dealt among {MANY.processes} processes, as "
        "`crossroads serve --workers` runs one web process per core, and take their attempts "
        f"from one shared sequence: first across {MANY.practitioners} practitioners' slots, "
        "then all on one practitioner's (the benchmark's only row before, kept apart), then "
        f"across the many again with all {THREADS} as threads of a single process, which is "
        "what one web process manages (its threads share one interpreter lock). Each slot is "
        "wanted by "
        "several clients, who race for it one after another; a refusal costs less than a "
        f"booking, so the rate rises with the share refused. pgbench's TPC-B-like script runs "
        f"with {THREADS} clients for {PGBENCH_SECONDS} s on the same server, after all three.",
        "",
        "| clients book across | clients run in | booked | refused | double bookings "
        "| attempts/s | pgbench tps | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|",
        row(MANY, many, many_doubled, tps, target=True),
        row(ONE, one, one_doubled, tps, target=False),
        row(MANY_IN_ONE_PROCESS, alone, alone_doubled, tps, target=False),
        "",
    ], met


if __name__ == "__main__":
    throwaway = start_postgres()
    try:
        print("\n".join(section(throwaway)[0]))
    finally:
        throwaway.stop()
