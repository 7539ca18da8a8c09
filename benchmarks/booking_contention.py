"""Booking under contention, for `make bench`: THREADS clients book at once across the slots
of one practitioner, every slot wanted by CONTENDERS clients, so most attempts lose to another
and must be refused cleanly; afterwards no slot may be booked twice."""

import itertools
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from crossroads.accounts.service.accounts import new_password, sign_up
from crossroads.booking.rules.limits import BookingLimits
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BookingRow
from crossroads.kernel.errors import SlotTaken
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime

THREADS = 32
CONTENDERS = 8  # clients wanting each slot
ATTEMPTS = 512
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
# Contention is measured here, not the limits on how many bookings one client may hold.
NO_LIMITS = BookingLimits(per_practitioner=10_000, overall=10_000)


def prepare(runtime: Runtime) -> tuple[str, list[Person], list[datetime]]:
    hours = {"weekly": [[day, "00:00", "23:00"] for day in range(7)], "buffer_minutes": 0}
    fields = {
        "email": f"bench-{uuid.uuid4().hex[:6]}@example.org",
        "name": "Bench",
        "kind": "coach",
    }
    password = new_password("a long enough passphrase")  # hashed once, for throwaway accounts
    with runtime.database.transaction() as session:
        practitioner_id, _ = save_listing(session, {**fields, "availability": hours}, NOW)
        clients = [
            sign_up(
                session,
                email=f"c{n}-{uuid.uuid4().hex[:6]}@example.org",
                display_name=f"C{n}",
                password=password,
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
                        limits=NO_LIMITS,
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


def double_bookings(runtime: Runtime, practitioner_id: str) -> int:
    with runtime.database.transaction() as session:
        rows = session.scalars(
            select(BookingRow)
            .where(BookingRow.practitioner_id == practitioner_id, BookingRow.status == "booked")
            .order_by(BookingRow.starts_at)
        ).all()
    return sum(1 for a, b in itertools.pairwise(rows) if b.starts_at < a.ends_at)
