"""Journal imports: a small file is added at once, a large one is queued sealed and added batch by
batch; an import whose process died is taken up again where it stopped, with no entry repeated
or lost, by the next claim or a worker's round; one that fails stops and says how far it came;
a person has one import under way at a time and sees only their own."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.journal.rules.entries import Entry, plan_entry
from crossroads.journal.service.entries import BATCH, journal_of
from crossroads.journal.service.imports import (
    AT_ONCE_MOST,
    LEASE,
    bring_in,
    progress_of,
    run_import,
)
from crossroads.journal.store import imports as store
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.ops.worker import work_round
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.security.encryption import MasterKeys
from crossroads.text.classifier import Embedded, TextClassifier, shared_classifier
from tests.factories import make_person

NOW = datetime(2027, 1, 4, 22, 30, tzinfo=UTC)
MANY = AT_ONCE_MOST + BATCH + 10  # more than is added at once; three batches


STOP = "Stop-here-31"  # in a note of the second batch, where StopsAt stops


class StopsAt(TextClassifier):
    """The shared classifier, which raises `error` when asked to read STOP."""

    def __init__(self, error: BaseException) -> None:
        shared = shared_classifier()
        super().__init__(shared.embedder, shared.heads)
        self.error = error

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        if any(STOP in text for text in texts):
            raise self.error
        return super().embed(texts)


def history(count: int, note: str = "Kumquat-77 walk by the river") -> list[Entry]:
    return [
        plan_entry(at=NOW - timedelta(hours=n), mood=n % 11, own_coping="a walk", note=note)
        for n in range(count)
    ]


@pytest.fixture
def ana(database: Database) -> Person:
    with database.transaction() as session:
        return make_person(session, "ana@example.org")


def queued(database: Database, master_keys: MasterKeys, owner: Person, count: int) -> str:
    entries = history(count)
    entries[BATCH + 3] = plan_entry(at=NOW, mood=5, note=STOP)
    brought = bring_in(database, master_keys, owner, entries, NOW)
    assert brought.import_id is not None
    return brought.import_id


def entries_of(database: Database, master_keys: MasterKeys, owner: Person) -> list[Entry]:
    with database.reading() as session:
        return [each.entry for each in journal_of(session, master_keys, owner)]


def test_a_small_file_is_added_at_once(
    database: Database, master_keys: MasterKeys, ana: Person
) -> None:
    brought = bring_in(database, master_keys, ana, history(AT_ONCE_MOST), NOW)

    assert (brought.added, brought.import_id) == (AT_ONCE_MOST, None)
    assert len(entries_of(database, master_keys, ana)) == AT_ONCE_MOST


def test_a_large_file_is_queued_sealed_and_added_by_the_import(
    database: Database, master_keys: MasterKeys, ana: Person, session: Session
) -> None:
    import_id = queued(database, master_keys, ana, MANY)
    row = store.find(session, import_id)
    assert row is not None
    assert row.sealed is not None
    assert "Kumquat-77" not in row.sealed
    assert entries_of(database, master_keys, ana) == []

    assert run_import(database, master_keys, import_id)

    with database.reading() as reading:
        progress = progress_of(reading, master_keys, ana, import_id, NOW)
    assert (progress.added, progress.total, progress.done) == (MANY, MANY, True)
    assert len(entries_of(database, master_keys, ana)) == MANY
    session.expire_all()
    assert store.find(session, import_id).sealed is None  # type: ignore[union-attr]


def test_an_import_whose_process_died_goes_on_where_it_stopped(
    database: Database, master_keys: MasterKeys, ana: Person
) -> None:
    import_id = queued(database, master_keys, ana, MANY)
    with pytest.raises(SystemExit):  # the process ends while it reads the second batch
        run_import(database, master_keys, import_id, classifier=StopsAt(SystemExit()))
    assert len(entries_of(database, master_keys, ana)) == BATCH

    # Its claim is still live: nobody else takes the import up until the lease runs out.
    assert not run_import(database, master_keys, import_id)
    later = datetime.now(UTC) + LEASE + timedelta(seconds=1)
    assert run_import(database, master_keys, import_id, clock=lambda: later)

    added = entries_of(database, master_keys, ana)
    assert len(added) == MANY
    assert sum(1 for entry in added if entry.note == STOP) == 1


def test_a_worker_round_takes_up_an_import_nobody_is_adding(
    database: Database, master_keys: MasterKeys, ana: Person, smtp_port: int
) -> None:
    queued(database, master_keys, ana, MANY)
    settings = Settings(smtp_host="127.0.0.1", smtp_port=smtp_port)

    first = work_round(database, settings, master_keys, reminders=False)
    second = work_round(database, settings, master_keys, reminders=False)

    assert (first.imported, second.imported) == (True, False)
    assert len(entries_of(database, master_keys, ana)) == MANY


def test_an_import_that_fails_stops_and_says_how_far_it_came(
    database: Database, master_keys: MasterKeys, ana: Person, session: Session
) -> None:
    import_id = queued(database, master_keys, ana, MANY)

    broken = StopsAt(RuntimeError("the model file is damaged"))
    assert run_import(database, master_keys, import_id, classifier=broken)

    with database.reading() as reading:
        progress = progress_of(reading, master_keys, ana, import_id, NOW)
    assert (progress.failed, progress.added, progress.total) == (True, BATCH, MANY)
    row = store.find(session, import_id)
    assert row is not None
    assert row.sealed is None
    assert not run_import(database, master_keys, import_id)


def test_one_import_at_a_time_and_only_the_owner_follows_it(
    database: Database, master_keys: MasterKeys, ana: Person
) -> None:
    import_id = queued(database, master_keys, ana, MANY)
    with database.transaction() as session:
        bea = make_person(session, "bea@example.org")

    with pytest.raises(InvalidInput, match="still being added"):
        bring_in(database, master_keys, ana, history(MANY), NOW)
    with database.reading() as session, pytest.raises(NotFound):
        progress_of(session, master_keys, bea, import_id, NOW)


def test_crisis_words_anywhere_in_an_import_are_kept_for_its_last_page(
    database: Database, master_keys: MasterKeys, ana: Person
) -> None:
    entries = [*history(MANY - 1), plan_entry(at=NOW, mood=0, note="I'm going to end my life")]
    brought = bring_in(database, master_keys, ana, entries, NOW)
    assert brought.import_id is not None

    run_import(database, master_keys, brought.import_id)

    with database.reading() as session:
        progress = progress_of(session, master_keys, ana, brought.import_id, NOW)
    assert progress.screen.acute
