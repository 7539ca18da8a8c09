"""Bring a file's journal entries in without holding anyone up. A small file is added while the
request waits; a larger one becomes an import that a background thread, or `crossroads worker`,
adds batch by batch under a lease. Classifying and screening, the slow part, run outside any
transaction; each batch is stored in one short transaction with the count of entries added, so
the progress page can show it and an import picked up again neither repeats nor skips one.
"""

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.journal.rules.entries import Entry
from crossroads.journal.rules.exchange import entries_from_json, entries_to_json
from crossroads.journal.service import entries as journal
from crossroads.journal.store import imports as store
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.risk import By, RiskLevel, RiskReason, RiskScreen
from crossroads.kernel.screening import screen_of_all
from crossroads.platform.database import Database, DatabaseBusy
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.text.classifier import TextClassifier, shared_classifier

logger = logging.getLogger(__name__)

AT_ONCE_MOST = (
    100  # entries added while the request waits (a second or two); more in the background
)
MOST_ENTRIES = (
    5_000  # in one file from the page, which says so; `crossroads journal import` takes more
)
LEASE = timedelta(minutes=2)  # renewed with every batch, each of which takes a second or two
MOST_ATTEMPTS = 3  # claims of one import before it is given up as failed
ENTRIES_FIELD = "journal import"
SCREEN_FIELD = "journal import screen"
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Brought:
    """What bringing a file in did: entries added now with their screen, or an import begun."""

    added: int = 0
    screen: RiskScreen = field(default_factory=RiskScreen)
    import_id: str | None = None


@dataclass(frozen=True)
class Progress:
    total: int
    added: int
    status: str  # store.WAITING, DONE or FAILED
    working: bool  # someone holds a live claim on it
    screen: RiskScreen  # what the entries added so far say

    @property
    def done(self) -> bool:
        return self.status == store.DONE

    @property
    def failed(self) -> bool:
        return self.status == store.FAILED

    @property
    def stalled(self) -> bool:
        """Waiting with nobody adding it: its process ended, or it has not been taken up yet."""
        return self.status == store.WAITING and not self.working


def bring_in(
    database: Database,
    master_keys: MasterKeys,
    owner: Person,
    entries: Sequence[Entry],
    now: datetime,
    classifier: TextClassifier | None = None,
) -> Brought:
    """Add a small file's entries now (classified before one short write); queue a larger one
    as an import, or InvalidInput if the person already has one under way."""
    if len(entries) > AT_ONCE_MOST:
        with database.transaction() as session:
            return Brought(import_id=_queue(session, master_keys, owner, entries, now))
    classifier = classifier or shared_classifier()
    with database.reading() as session:
        examples = journal.coping_examples(session, master_keys, owner, classifier)
    prepared = journal.prepare_entries(entries, examples, classifier)
    with database.transaction() as session:
        added = journal.store_prepared(session, master_keys, owner, prepared, now)
    return Brought(len(added), screen_of_all(each.screen for each in added))


def progress_of(
    session: Session, master_keys: MasterKeys, owner: Person, import_id: str, now: datetime
) -> Progress:
    """How far the owner's import has come; NotFound for anyone else's."""
    row = store.find(session, import_id)
    if row is None or row.owner_id != owner.id:
        raise NotFound(f"no journal import with id {import_id}")
    working = row.claimed_until is not None and row.claimed_until > now
    screen = _opened_screen(Vault(session, master_keys), row)
    return Progress(row.total, row.added, row.status, working, screen)


def run_import(
    database: Database,
    master_keys: MasterKeys,
    import_id: str | None = None,
    *,
    classifier: TextClassifier | None = None,
    clock: Clock = lambda: datetime.now(UTC),
) -> bool:
    """Claim the import `import_id` (else the oldest waiting) and add its entries to the end.
    False when there was none to claim. Never raises: it runs where nobody would hear."""
    try:
        with database.transaction() as session:
            claim = _claim(session, master_keys, import_id, clock())
    except DatabaseBusy:
        return False  # the import waits; the next look at its page or the worker tries again
    except Exception as error:
        logger.error("claiming a journal import failed: %s", type(error).__name__)
        return False
    if claim is None:
        return False
    try:
        _add_all(database, master_keys, claim, classifier or shared_classifier(), clock)
    except DatabaseBusy:
        logger.warning("journal import %s paused: the database stayed busy", claim.id)
    except Exception as error:
        # The type only: errors can quote the entries.
        logger.error("journal import %s failed: %s", claim.id, type(error).__name__)
        _give_up(database, claim, clock())
    return True


@dataclass
class _Claim:
    id: str
    owner: Person
    entries: list[Entry]
    added: int
    claimed_until: datetime
    screen: RiskScreen


def _queue(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    entries: Sequence[Entry],
    now: datetime,
) -> str:
    if store.unfinished_of(session, owner.id) is not None:
        raise InvalidInput("file", "a file you sent is still being added; wait until it is done")
    store.forget_finished(session, owner.id)
    row = store.JournalImportRow(
        id=str(uuid.uuid4()),
        owner_id=owner.id,
        created_at=now,
        status=store.WAITING,
        total=len(entries),
        added=0,
        attempts=0,
        sealed=Vault(session, master_keys).seal_json(
            owner.id, ENTRIES_FIELD, entries_to_json(entries)
        ),
    )
    store.add(session, row)
    return row.id


def _claim(
    session: Session, master_keys: MasterKeys, import_id: str | None, now: datetime
) -> _Claim | None:
    row = store.claimable(session, now, MOST_ATTEMPTS, import_id)
    person = find_person(session, row.owner_id) if row is not None else None
    if row is None or person is None or row.sealed is None:
        return None
    row.attempts += 1
    row.claimed_until = now + LEASE
    vault = Vault(session, master_keys)
    items = vault.open_json(row.owner_id, ENTRIES_FIELD, row.sealed)
    return _Claim(
        row.id,
        as_person(person),
        entries_from_json(items),
        row.added,
        row.claimed_until,
        _opened_screen(vault, row),
    )


def _add_all(
    database: Database,
    master_keys: MasterKeys,
    claim: _Claim,
    classifier: TextClassifier,
    clock: Clock,
) -> None:
    with database.reading() as session:
        examples = journal.coping_examples(session, master_keys, claim.owner, classifier)
    for start in range(claim.added, len(claim.entries), journal.BATCH):
        batch = claim.entries[start : start + journal.BATCH]
        prepared = journal.prepare_entries(batch, examples, classifier)
        with database.transaction() as session:
            row = store.held(session, claim.id, claim.claimed_until)
            if row is None:
                return  # the lease ran out and someone else took the import over
            now = clock()
            added = journal.store_prepared(session, master_keys, claim.owner, prepared, now)
            claim.screen = claim.screen.merged(screen_of_all(each.screen for each in added))
            _record(Vault(session, master_keys), row, claim, len(added), now)


def _record(
    vault: Vault, row: store.JournalImportRow, claim: _Claim, added: int, now: datetime
) -> None:
    """The batch's count (and what the screen found) with the batch; the claim renewed."""
    row.added += added
    if claim.screen.reasons:
        row.sealed_screen = vault.seal_json(
            row.owner_id, SCREEN_FIELD, [_reason_item(each) for each in claim.screen.reasons]
        )
    if row.added >= row.total:
        row.status, row.finished_at, row.claimed_until, row.sealed = store.DONE, now, None, None
    else:
        row.claimed_until = claim.claimed_until = now + LEASE


def _give_up(database: Database, claim: _Claim, now: datetime) -> None:
    """A failure that trying again would repeat: the import stops where it is, and says so."""
    try:
        with database.transaction() as session:
            row = store.held(session, claim.id, claim.claimed_until)
            if row is not None:
                row.status, row.finished_at, row.claimed_until, row.sealed = (
                    store.FAILED,
                    now,
                    None,
                    None,
                )
    except DatabaseBusy:
        pass  # the claim lapses; a later claim counts another attempt


def _opened_screen(vault: Vault, row: store.JournalImportRow) -> RiskScreen:
    if row.sealed_screen is None:
        return RiskScreen()
    items = vault.open_json(row.owner_id, SCREEN_FIELD, row.sealed_screen)
    return RiskScreen(
        tuple(
            RiskReason(each["source"], By(each["by"]), each["evidence"], RiskLevel(each["level"]))
            for each in items
        )
    )


def _reason_item(reason: RiskReason) -> dict[str, str]:
    return {
        "source": reason.source,
        "by": reason.by.value,
        "evidence": reason.evidence,
        "level": reason.level.value,
    }
