"""Booking under contention, for `make bench`: THREADS clients book at once, every attempt one
transaction through the booking use case, across the slots of many practitioners or of one.
Every slot is wanted by several clients, so many attempts lose to another and must be refused
cleanly; afterwards no slot may be booked twice, and every slot tried has exactly one booking.
"""

import itertools
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier, Lock
from typing import Any

from sqlalchemy import select

from crossroads.accounts.service.accounts import new_password, sign_up
from crossroads.booking.rules.limits import BookingLimits
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BOOKED, BookingRow
from crossroads.kernel.errors import SlotTaken
from crossroads.kernel.people import Person
from crossroads.platform.config import Settings
from crossroads.platform.runtime import Runtime, open_runtime

THREADS = 32
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
# Contention is measured here, not the limits on how many bookings one client may hold.
NO_LIMITS = BookingLimits(per_practitioner=100_000, overall=100_000)
# Open every hour of every day, so that the slots outlast any run.
HOURS = {"weekly": [[day, "00:00", "23:00"] for day in range(7)], "buffer_minutes": 0}


# Processes the clients are dealt among, as `crossroads serve --workers` runs one web process
# per core.
WEB_PROCESSES = max(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class Scenario:
    name: str
    practitioners: int
    contenders: int  # clients wanting each slot
    processes: int = WEB_PROCESSES


MANY = Scenario("many practitioners", practitioners=50, contenders=4)
ONE = Scenario("one practitioner", practitioners=1, contenders=8)
# The same as MANY with every client a thread of one process: what one web process manages.
MANY_IN_ONE_PROCESS = Scenario("many practitioners, one process", 50, 4, processes=1)


@dataclass(frozen=True)
class Attempt:
    practitioner_id: str
    starts: datetime


@dataclass(frozen=True)
class Outcome:
    seconds: float
    booked: int
    refused: int
    slots_tried: int  # distinct slots at least one client tried to book

    @property
    def attempts_per_second(self) -> float:
        return (self.booked + self.refused) / self.seconds


@dataclass(frozen=True)
class Prepared:
    practitioner_ids: list[str]
    clients: list[Person]
    starts: list[datetime]  # the slots every practitioner offers (they keep the same hours)


def prepare(runtime: Runtime, scenario: Scenario, clients: int = THREADS) -> Prepared:
    """The scenario's practitioners, all with the same hours, and `clients` new clients."""
    tag = uuid.uuid4().hex[:6]
    password = new_password("a long enough passphrase")  # hashed once, for throwaway accounts
    with runtime.database.transaction() as session:
        practitioner_ids = [
            save_listing(
                session,
                {
                    "email": f"bench-{n}-{tag}@example.org",
                    "name": f"Bench {n}",
                    "kind": "coach",
                    "availability": HOURS,
                },
                NOW,
            )[0]
            for n in range(scenario.practitioners)
        ]
        people = [
            sign_up(
                session,
                email=f"c{n}-{tag}@example.org",
                display_name=f"C{n}",
                password=password,
            )
            for n in range(clients)
        ]
        horizon = NOW + timedelta(days=NO_LIMITS.horizon_days)
        free = open_slots(session, practitioner_ids[0], NOW, horizon, NOW, NO_LIMITS)
    return Prepared(practitioner_ids, people, [slot.starts for slot in free])


def attempts(prepared: Prepared, contenders: int) -> Iterator[Attempt]:
    """The first slot of every practitioner in turn, then the second, and so on, each slot
    asked for by `contenders` clients one after another, so that they race for it."""
    for starts in prepared.starts:
        for practitioner_id in prepared.practitioner_ids:
            yield from itertools.repeat(Attempt(practitioner_id, starts), contenders)


class SharedAttempts(Iterator[Attempt]):
    """`attempts(prepared, contenders)` as one sequence that the clients of several processes
    take from in turn, through a counter they share: the race is the same as in one process."""

    def __init__(self, prepared: Prepared, contenders: int, counter: Any, lock: Lock) -> None:
        self.prepared, self.contenders, self.counter, self.lock = (
            prepared,
            contenders,
            counter,
            lock,
        )

    def __next__(self) -> Attempt:
        with self.lock:
            index = self.counter.value
            self.counter.value = index + 1
        per_slot = len(self.prepared.practitioner_ids) * self.contenders
        slot = index // per_slot
        if slot >= len(self.prepared.starts):
            raise StopIteration
        practitioner_id = self.prepared.practitioner_ids[index % per_slot // self.contenders]
        return Attempt(practitioner_id, self.prepared.starts[slot])


def contend_in_processes(
    settings: Settings, prepared: Prepared, contenders: int, seconds: float, processes: int
) -> Outcome:
    """`contend` with the clients dealt among `processes` processes, as `crossroads serve
    --workers` deals requests among web processes: threads of one process share one
    interpreter lock, which 32 of them contend for at every statement."""
    context = multiprocessing.get_context("fork")
    counter, lock = context.Value("q", 0), context.Lock()
    start, results = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(
            target=_contend_in_child,
            args=(settings, prepared, contenders, seconds, counter, lock, start, results, part),
        )
        for part in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    return Outcome(
        seconds=max(o.seconds for o in outcomes),
        booked=sum(o.booked for o in outcomes),
        refused=sum(o.refused for o in outcomes),
        slots_tried=len(set().union(*(o.tried for o in outcomes))),
    )


@dataclass(frozen=True)
class _ChildOutcome:
    seconds: float
    booked: int
    refused: int
    tried: frozenset[tuple[str, datetime]]


def _contend_in_child(
    settings: Settings,
    prepared: Prepared,
    contenders: int,
    seconds: float,
    counter: Any,
    lock: Lock,
    start: Barrier,
    results: Any,
    part: int,
) -> None:
    runtime = open_runtime(settings)  # its own engine and pool: none is shared across a fork
    clients = prepared.clients[part :: start.parties]
    tried: set[tuple[str, datetime]] = set()
    wanted = _noting(SharedAttempts(prepared, contenders, counter, lock), tried)
    start.wait()
    outcome = contend(runtime, clients, wanted, seconds)
    runtime.database.engine.dispose()
    results.put(_ChildOutcome(outcome.seconds, outcome.booked, outcome.refused, frozenset(tried)))


def _noting(wanted: Iterator[Attempt], tried: set[tuple[str, datetime]]) -> Iterator[Attempt]:
    for attempt in wanted:
        tried.add((attempt.practitioner_id, attempt.starts))
        yield attempt


def contend(
    runtime: Runtime, clients: list[Person], wanted: Iterator[Attempt], seconds: float
) -> Outcome:
    """Each client, in a thread of its own, books the next attempt in `wanted` until none are
    left or `seconds` have passed; attempts under way then finish."""
    lock = threading.Lock()
    booked = refused = 0
    tried: set[Attempt] = set()
    gate = threading.Barrier(len(clients))
    deadline = 0.0

    def worker(client: Person) -> None:
        nonlocal booked, refused
        gate.wait()
        while True:
            with lock:
                attempt = next(wanted, None) if time.perf_counter() < deadline else None
                if attempt is None:
                    return
                tried.add(attempt)
            try:
                with runtime.database.transaction() as session:
                    book(
                        session,
                        runtime.master_keys,
                        client,
                        attempt.practitioner_id,
                        attempt.starts,
                        BookingKind.SESSION,
                        NOW,
                        limits=NO_LIMITS,
                    )
                won = True
            except SlotTaken:
                won = False
            with lock:
                booked += won
                refused += not won

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    start = time.perf_counter()
    deadline = start + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Outcome(time.perf_counter() - start, booked, refused, len(tried))


def double_bookings(runtime: Runtime, practitioner_ids: list[str]) -> int:
    """How many live bookings overlap the one before them with the same practitioner."""
    with runtime.database.transaction() as session:
        rows = session.scalars(
            select(BookingRow)
            .where(BookingRow.practitioner_id.in_(practitioner_ids), BookingRow.status == BOOKED)
            .order_by(BookingRow.practitioner_id, BookingRow.starts_at)
        ).all()
    return sum(
        1
        for a, b in itertools.pairwise(rows)
        if a.practitioner_id == b.practitioner_id and b.starts_at < a.ends_at
    )
