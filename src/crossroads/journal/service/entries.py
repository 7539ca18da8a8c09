"""A person's coping and healing journal: add entries and exercises, read them back, correct how
their own words about coping were classified, delete. Only the owner reads or changes entries;
every field they wrote or rated is sealed with their data key.

Coping written in a person's own words is classified by the text model, unless the person has
corrected a classification of the same or nearly the same words before: their corrections are
kept and their own later entries follow them. Corrections never leave the person's account.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from crossroads.journal.rules.coping import CopingKind, from_classifier
from crossroads.journal.rules.entries import EMOTIONS, Entry
from crossroads.journal.service.payload import entry_from, entry_payload
from crossroads.journal.store import entries as store
from crossroads.journal.store.entries import CopingCorrectionRow, JournalEntryRow
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, zone_of
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.screening import Saved, screen_of_all
from crossroads.platform.vault import Vault, seal_leftovers
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import RECENT, RISK, sealed_screen, tell_about_words
from crossroads.text.classification import screen_writing
from crossroads.text.classifier import Embedded, Task, TextClassifier, shared_classifier

ENTRY_FIELD = "journal entry"
CORRECTION_FIELD = "coping correction"
SAME_MEANING = 0.9  # cosine similarity from which words count as a corrected example's
BATCH = 64  # entries classified and stored at a time


@dataclass(frozen=True)
class StoredEntry:
    id: str
    created_at: datetime
    entry: Entry  # `at` in the owner's time zone
    evidence: str  # the words that decided how own_coping was classified


@dataclass(frozen=True)
class AddedEntry:
    """What adding one entry gives back: its id, the screen of its words, and how its own
    words about coping were read and on what evidence."""

    id: str
    screen: RiskScreen
    own_coping_kind: CopingKind | None
    evidence: str


def add_entry(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    entry: Entry,
    now: datetime,
    classifier: TextClassifier | None = None,
) -> AddedEntry:
    """Classify the entry's own words about coping, store it sealed and screen what it says
    for crisis language. The caller commits."""
    classifier = classifier or shared_classifier()
    examples = coping_examples(session, master_keys, owner, classifier)
    [prepared] = prepare_entries([entry], examples, classifier)
    [saved] = store_prepared(session, master_keys, owner, [prepared], now)
    return AddedEntry(saved.id, saved.screen, prepared.entry.own_coping_kind, prepared.evidence)


def add_entries(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    entries: Sequence[Entry],
    now: datetime,
    classifier: TextClassifier | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Saved]:
    """Many entries at once, each screened like any other words (a Daylio note too);
    `progress` hears how many more are done. This holds the caller's transaction while it
    classifies: a long file goes through `prepare_entries` first, outside any transaction."""
    classifier = classifier or shared_classifier()
    examples = coping_examples(session, master_keys, owner, classifier)
    prepared = prepare_entries(entries, examples, classifier, progress)
    return store_prepared(session, master_keys, owner, prepared, now)


@dataclass(frozen=True)
class Prepared:
    """An entry ready to be stored: its own words about coping classified, the evidence for
    that, and the screen of everything it says."""

    entry: Entry
    evidence: str
    screen: RiskScreen


def prepare_entries(
    entries: Sequence[Entry],
    examples: list["CopingExample"],
    classifier: TextClassifier | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Prepared]:
    """The slow part of adding entries, which needs no database: classify and screen, in
    batches; `progress` hears how many more are done. Done outside any transaction, it holds
    up no other writer."""
    classifier = classifier or shared_classifier()
    prepared = []
    for start in range(0, len(entries), BATCH):
        batch = entries[start : start + BATCH]
        prepared += [
            Prepared(entry, evidence, screen_writing(written_by(entry), classifier, own_words))
            for entry, evidence, own_words in _classified(batch, examples, classifier)
        ]
        if progress is not None:
            progress(len(batch))
    return prepared


def store_prepared(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    prepared: Sequence[Prepared],
    now: datetime,
) -> list[Saved]:
    """Seal and store prepared entries, each with its screen's level sealed inside; quick.
    Words from the last two weeks that screened `urgent` or `acute` are emailed at once to
    each practitioner holding the owner's journal grant: the caseload shows no older ones, and
    a history brought in from another app should not sound an alarm. The caller commits."""
    vault = Vault(session, master_keys)
    rows = [_row(vault, owner, each, now) for each in prepared]
    store.add(session, rows)
    recent = [each.screen for each in prepared if each.entry.at >= now - RECENT]
    tell_about_words(session, owner.id, Area.JOURNAL, screen_of_all(recent), now=now)
    return [Saved(row.id, each.screen) for row, each in zip(rows, prepared, strict=True)]


def journal_of(
    session: Session, master_keys: MasterKeys, owner: Person, since: datetime | None = None
) -> list[StoredEntry]:
    """The owner's entries, oldest first."""
    vault = Vault(session, master_keys)
    zone = zone_of(owner)
    return [_stored(vault, row, zone) for row in store.entries_of(session, owner.id, since=since)]


def entry_of(
    session: Session, master_keys: MasterKeys, owner: Person, entry_id: str
) -> StoredEntry:
    return _stored(Vault(session, master_keys), _owned(session, owner, entry_id), zone_of(owner))


def correct_coping(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    entry_id: str,
    kind: CopingKind,
    now: datetime,
) -> None:
    """The person says what their own words about coping described; the entry changes, and
    the correction is kept as an example for their later entries."""
    row = _owned(session, owner, entry_id)
    vault = Vault(session, master_keys)
    payload = vault.open_json(owner.id, ENTRY_FIELD, row.sealed)
    entry = entry_from(payload, row.at, row.legacy_kind)
    if not entry.own_coping:
        raise InvalidInput("kind", "this entry has no coping in your own words to correct")
    corrected = replace(entry, own_coping_kind=kind, corrected=True)
    kept = {RISK: payload[RISK]} if RISK in payload else {}  # the words, and so their screen, stay
    row.sealed = vault.seal_json(
        owner.id, ENTRY_FIELD, entry_payload(corrected, "you chose this yourself") | kept
    )
    row.legacy_kind = None  # sealed with the rest now
    example = {
        "entry_id": entry_id,
        "text": entry.own_coping,
        "predicted": entry.own_coping_kind.value if entry.own_coping_kind else None,
        "corrected": kind.value,
    }
    store.add(
        session,
        [
            CopingCorrectionRow(
                id=str(uuid.uuid4()),
                owner_id=owner.id,
                created_at=now,
                sealed=vault.seal_json(owner.id, CORRECTION_FIELD, example),
            )
        ],
    )


def corrections_of(
    session: Session, master_keys: MasterKeys, owner: Person
) -> list[dict[str, Any]]:
    """The person's corrections, as kept (for their export)."""
    vault = Vault(session, master_keys)
    return [
        vault.open_json(owner.id, CORRECTION_FIELD, row.sealed)
        for row in store.corrections_of(session, owner.id)
    ]


def delete_entry(session: Session, master_keys: MasterKeys, owner: Person, entry_id: str) -> None:
    """The entry goes, and with it any correction made on it, so its words are gone too."""
    row = _owned(session, owner, entry_id)
    vault = Vault(session, master_keys)
    for correction in store.corrections_of(session, owner.id):
        if (
            vault.open_json(owner.id, CORRECTION_FIELD, correction.sealed).get("entry_id")
            == entry_id
        ):
            session.delete(correction)
    store.delete_entry(session, row)


def seal_plaintext_entry_kinds(session: Session, master_keys: MasterKeys) -> int:
    """Move the kind of entries stored before it was sealed into their sealed payload."""
    vault = Vault(session, master_keys)

    def seal(row: JournalEntryRow) -> None:
        payload = vault.open_json(row.owner_id, ENTRY_FIELD, row.sealed)
        row.sealed = vault.seal_json(
            row.owner_id, ENTRY_FIELD, {**payload, "kind": row.legacy_kind}
        )
        row.legacy_kind = None

    return seal_leftovers(
        session, lambda: store.entries_with_plaintext_kind(session, limit=500), seal
    )


def written_by(entry: Entry) -> dict[str, str]:
    """Everything the person wrote in the entry, by field, for the crisis check."""
    own_words = [word for word in entry.emotions if word not in EMOTIONS]
    texts = {
        "emotions": ", ".join(own_words),
        "what_happened": entry.what_happened,
        "own_coping": entry.own_coping,
        "note": entry.note,
        **{f"answers.{name}": text for name, text in entry.answers.items()},
    }
    return {name: text for name, text in texts.items() if text.strip()}


@dataclass(frozen=True)
class CopingExample:
    """Words the person classified themselves, which their later words like them follow."""

    text: str
    kind: CopingKind
    embedded: Embedded


def coping_examples(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    classifier: TextClassifier | None = None,
) -> list[CopingExample]:
    """The person's own corrections, embedded, for prepare_entries. Only reads."""
    classifier = classifier or shared_classifier()
    vault = Vault(session, master_keys)
    kept = [
        vault.open_json(owner.id, CORRECTION_FIELD, row.sealed)
        for row in store.corrections_of(session, owner.id)
    ]
    latest = {_normal(each["text"]): CopingKind(each["corrected"]) for each in kept}
    embedded = classifier.embed(list(latest)) if latest else []
    return [
        CopingExample(text, kind, vectors)
        for (text, kind), vectors in zip(latest.items(), embedded, strict=True)
    ]


def _classified(
    entries: Sequence[Entry], examples: list[CopingExample], classifier: TextClassifier
) -> list[tuple[Entry, str, dict[str, Embedded]]]:
    """Each entry with its own words classified (unless the person set the kind), the evidence
    for it, and those words as embedded, so the crisis screen reads them without embedding
    them again."""
    wanted = [n for n, entry in enumerate(entries) if entry.own_coping and not entry.corrected]
    vectors = classifier.embed([entries[n].own_coping for n in wanted])
    embedded = dict(zip(wanted, vectors, strict=True))
    done: list[tuple[Entry, str, dict[str, Embedded]]] = []
    for n, entry in enumerate(entries):
        if n not in embedded:
            done.append((entry, "you chose this yourself" if entry.corrected else "", {}))
            continue
        kind, evidence = _kind_of(entry.own_coping, embedded[n], examples, classifier)
        done.append((replace(entry, own_coping_kind=kind), evidence, {"own_coping": embedded[n]}))
    return done


def _kind_of(
    text: str, embedded: Embedded, examples: list[CopingExample], classifier: TextClassifier
) -> tuple[CopingKind, str]:
    for example in examples:
        if example.text == _normal(text) or embedded.similarity(example.embedded) >= SAME_MEANING:
            return example.kind, f'like "{example.text}", which you marked yourself'
    prediction = classifier.predict(Task.COPING, embedded)
    return from_classifier(prediction.label), prediction.evidence[0]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _row(vault: Vault, owner: Person, prepared: Prepared, now: datetime) -> JournalEntryRow:
    entry = prepared.entry
    payload = entry_payload(entry, prepared.evidence) | {RISK: sealed_screen(prepared.screen)}
    return JournalEntryRow(
        id=str(uuid.uuid4()),
        owner_id=owner.id,
        at=entry.at,
        day=entry.at.astimezone(zone_of(owner)).date(),
        created_at=now,
        sealed=vault.seal_json(owner.id, ENTRY_FIELD, payload),
    )


def _owned(session: Session, owner: Person, entry_id: str) -> JournalEntryRow:
    row = store.find_entry(session, entry_id)
    if row is None or row.owner_id != owner.id:
        raise NotFound(f"no journal entry with id {entry_id}")
    return row


def _stored(vault: Vault, row: JournalEntryRow, zone: tzinfo) -> StoredEntry:
    payload = vault.open_json(row.owner_id, ENTRY_FIELD, row.sealed)
    entry = entry_from(payload, row.at.astimezone(zone), row.legacy_kind)
    return StoredEntry(row.id, row.created_at, entry, payload.get("evidence", ""))
