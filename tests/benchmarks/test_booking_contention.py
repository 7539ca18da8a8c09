"""The booking contention benchmark, small: clients race for the slots of two practitioners on
a database of their own, every slot tried ends with exactly one booking, and the rest of its
attempts are refused."""

import dataclasses
import multiprocessing
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from benchmarks.booking_contention import (
    Outcome,
    Prepared,
    Scenario,
    SharedAttempts,
    attempts,
    contend,
    contend_in_processes,
    double_bookings,
    prepare,
)
from benchmarks.booking_vs_pgbench import row

from crossroads.platform.config import Settings
from crossroads.platform.outbox import publish_outbox_key
from crossroads.platform.runtime import open_runtime
from tests.postgres import ThrowawayPostgres

SMALL = Scenario("small", practitioners=2, contenders=3)


def test_racing_clients_book_each_slot_tried_once_and_are_refused_the_rest(
    postgres_server: ThrowawayPostgres, tmp_path: Path
) -> None:
    url = postgres_server.new_database("bench_smoke")
    runtime = open_runtime(Settings(database_url=url, data_dir=tmp_path))
    try:
        runtime.database.upgrade()
        with runtime.database.transaction() as session:
            publish_outbox_key(session, runtime.master_keys, datetime.now(UTC))
        prepared = prepare(runtime, SMALL, clients=6)
        first_ten_slots_of_each = islice(attempts(prepared, SMALL.contenders), 60)

        outcome = contend(runtime, prepared.clients, first_ten_slots_of_each, seconds=120)

        assert (outcome.slots_tried, outcome.booked, outcome.refused) == (20, 20, 40)
        assert double_bookings(runtime, prepared.practitioner_ids) == 0
    finally:
        runtime.database.engine.dispose()


def test_clients_in_two_processes_race_for_one_shared_sequence_of_slots(
    postgres_server: ThrowawayPostgres, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=postgres_server.new_database("bench_processes"), data_dir=tmp_path
    )
    runtime = open_runtime(settings)
    try:
        runtime.database.upgrade()
        with runtime.database.transaction() as session:
            publish_outbox_key(session, runtime.master_keys, datetime.now(UTC))
        prepared = prepare(runtime, SMALL, clients=6)
        few = dataclasses.replace(prepared, starts=prepared.starts[:10])
        runtime.database.engine.dispose()

        outcome = contend_in_processes(settings, few, SMALL.contenders, seconds=120, processes=2)

        assert (outcome.slots_tried, outcome.booked, outcome.refused) == (20, 20, 40)
        assert double_bookings(runtime, prepared.practitioner_ids) == 0
    finally:
        runtime.database.engine.dispose()


def test_a_shared_sequence_is_the_same_as_the_attempts_of_one_process() -> None:
    prepared = Prepared(["a", "b"], [], [datetime(2027, 3, 1, h, tzinfo=UTC) for h in (9, 10)])
    counter = multiprocessing.get_context("fork").Value("q", 0)
    shared = SharedAttempts(prepared, 3, counter, multiprocessing.get_context("fork").Lock())

    assert list(shared) == list(attempts(prepared, 3))


def test_a_row_with_a_target_is_met_only_at_the_ratio_and_without_a_double_booking() -> None:
    fast = Outcome(seconds=10, booked=300, refused=600, slots_tried=300)  # 90 a second
    assert row(SMALL, fast, 0, tps=300, target=True).endswith(
        "| 30% | ≥ 30%, no double booking | met |"
    )
    assert row(SMALL, fast, 1, tps=300, target=True).endswith("| not met |")
    assert row(SMALL, fast, 0, tps=301, target=True).endswith(
        "| 30% | ≥ 30%, no double booking | not met |"
    )
    assert row(SMALL, fast, 0, tps=100, target=False).endswith("| none | reported |")
