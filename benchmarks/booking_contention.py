"""Bookings per second under contention, and proof that none double-books.

Run: .venv/bin/python benchmarks/booking_contention.py [--database-url URL]
     (writes benchmarks/RESULTS-booking.md; without a URL it measures a SQLite file, and with
     `--postgres` it starts a throwaway PostgreSQL server the way the test suite does)

Each round, THREADS clients book at once across the slots of one practitioner: every slot is
wanted by CONTENDERS clients, so most attempts lose to another and must be refused cleanly.
Measured: attempts per second, successful bookings per second, and the double bookings found
afterwards (which must be zero). The baseline, in the same run and database, is the same
number of plain writes with no contention (one thread inserting outbox rows), so the ratio
says what contention and the slot checks cost.
"""

import argparse
import itertools
import platform
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from crossroads.config import Settings
from crossroads.domain.errors import SlotTaken
from crossroads.services.accounts import Person, sign_up
from crossroads.services.booking import BookingKind, book, open_slots
from crossroads.services.directory import save_listing
from crossroads.services.outbox import queue_message
from crossroads.services.runtime import Runtime, open_runtime
from crossroads.store.practitioners import BookingRow

THREADS = 32
CONTENDERS = 8  # clients wanting each slot
ATTEMPTS = 512
RESULTS = Path(__file__).with_name("RESULTS-booking.md")
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


def prepare(runtime: Runtime) -> tuple[str, list[Person], list[datetime]]:
    hours = {"weekly": [[day, "00:00", "23:00"] for day in range(7)], "buffer_minutes": 0}
    fields = {
        "email": f"bench-{uuid.uuid4().hex[:6]}@example.org",
        "name": "Bench",
        "kind": "coach",
    }
    with runtime.database.transaction() as session:
        practitioner_id, _ = save_listing(session, {**fields, "availability": hours}, NOW)
        clients = [
            sign_up(
                session,
                email=f"c{n}-{uuid.uuid4().hex[:6]}@example.org",
                display_name=f"C{n}",
                password="a long enough passphrase",  # noqa: S106 (throwaway accounts)
            )
            for n in range(THREADS)
        ]
        wanted = ATTEMPTS // CONTENDERS
        slots = open_slots(session, practitioner_id, NOW, NOW + timedelta(days=30), NOW)[:wanted]
    return practitioner_id, clients, [slot.starts for slot in slots]


def contend(
    runtime: Runtime, practitioner_id: str, clients: list[Person], starts: list[datetime]
) -> tuple[float, int, int]:
    attempts = [starts[n // CONTENDERS] for n in range(len(starts) * CONTENDERS)]
    lock = threading.Lock()
    booked = taken = 0
    position = 0
    gate = threading.Barrier(len(clients))

    def worker(client: Person) -> None:
        nonlocal booked, taken, position
        gate.wait()
        while True:
            with lock:
                if position >= len(attempts):
                    return
                wanted, position = attempts[position], position + 1
            try:
                with runtime.database.transaction() as session:
                    book(
                        session,
                        runtime.master_keys,
                        client,
                        practitioner_id,
                        wanted,
                        BookingKind.SESSION,
                        NOW,
                    )
                outcome = "booked"
            except SlotTaken:
                outcome = "taken"
            with lock:
                booked += outcome == "booked"
                taken += outcome == "taken"

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, booked, taken


def baseline(runtime: Runtime, count: int) -> float:
    start = time.perf_counter()
    for n in range(count):
        with runtime.database.transaction() as session:
            queue_message(session, recipient=f"b{n}@example.org", subject="s", body="b", now=NOW)
    return time.perf_counter() - start


def double_bookings(runtime: Runtime, practitioner_id: str) -> int:
    with runtime.database.transaction() as session:
        rows = session.scalars(
            select(BookingRow)
            .where(BookingRow.practitioner_id == practitioner_id, BookingRow.status == "booked")
            .order_by(BookingRow.starts_at)
        ).all()
    return sum(1 for a, b in itertools.pairwise(rows) if b.starts_at < a.ends_at)


def measure(runtime: Runtime, name: str) -> list[str]:
    practitioner_id, clients, starts = prepare(runtime)
    seconds, booked, taken = contend(runtime, practitioner_id, clients, starts)
    plain = baseline(runtime, booked + taken)
    attempts = booked + taken
    rate, plain_rate = attempts / seconds, attempts / plain
    doubled = double_bookings(runtime, practitioner_id)
    return [
        f"| {name} | {THREADS} | {attempts} | {rate:.0f}/s | {booked / seconds:.0f}/s "
        f"| {plain_rate:.0f}/s | {rate / plain_rate:.0%} "
        f"| {booked} of {len(starts)} slots; {taken} refused | {doubled} |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway server")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = open_runtime(Settings(data_dir=Path(folder)))
        sqlite.database.upgrade()
        rows += measure(sqlite, "SQLite (file)")
        sqlite.database.engine.dispose()
    url = options.database_url
    server = None
    if options.postgres and not url:
        sys.path.insert(0, str(Path(__file__).parents[1]))
        from tests.postgres import start_postgres  # the suite's throwaway server

        server = start_postgres()
        url = server.url
    if url:
        postgres = open_runtime(Settings(database_url=url, data_dir=Path(tempfile.mkdtemp())))
        postgres.database.upgrade()
        with postgres.database.engine.connect() as connection:
            version = connection.execute(text("show server_version")).scalar()
        rows += measure(postgres, f"PostgreSQL {version}")
        postgres.database.engine.dispose()
    if server is not None:
        server.stop()
    lines = [
        "# Booking under contention",
        "",
        f"Written by `benchmarks/booking_contention.py` on {datetime.now(UTC):%Y-%m-%d}, on "
        f"{platform.machine()}, Python {sys.version.split()[0]}. {THREADS} clients at once, "
        f"each slot wanted by {CONTENDERS} of them. The baseline is the same number of plain, "
        "uncontended single-row writes (one thread) in the same database, in the same run.",
        "",
        "| database | clients at once | attempts | attempts per second | bookings per second "
        "| baseline writes per second | attempts vs baseline | outcome | double bookings |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
