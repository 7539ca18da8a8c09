"""The journal service: entries stored sealed and read back in the owner's time zone, own words
about coping classified, corrections kept and followed for that person only, imports in batches
with progress, crisis words flagged, and nobody else reading or changing an entry."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import change_preferences
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exchange import entries_from_daylio
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.service.entries import (
    ENTRY_FIELD,
    add_entries,
    add_entry,
    correct_coping,
    delete_entry,
    entry_of,
    journal_of,
    seal_plaintext_entry_kinds,
)
from crossroads.journal.service.insights import insights_of
from crossroads.journal.store import entries as store
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskLevel
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.text.classifier import Embedded, shared_classifier
from tests.factories import make_person

NOW = datetime(2027, 1, 4, 22, 30, tzinfo=UTC)
WINE = "Had a bottle of wine to take the edge off"


@pytest.fixture
def ana(session: Session) -> Person:
    return make_person(session, "ana@example.org")


def test_an_entry_is_sealed_and_comes_back_in_the_owners_zone(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    change_preferences(session, ana, time_zone="Asia/Tokyo", check_in_reminders=True)
    in_tokyo = replace(ana, time_zone="Asia/Tokyo")
    entry = plan_entry(at=NOW, mood=3, what_happened="Argued with my sister", note="Kumquat-41")

    added = add_entry(session, master_keys, in_tokyo, entry, NOW)

    row = store.find_entry(session, added.id)
    assert row is not None
    assert "Kumquat-41" not in row.sealed
    assert row.day == NOW.date() + timedelta(days=1)  # already 5 January in Tokyo
    stored = entry_of(session, master_keys, in_tokyo, added.id).entry
    assert (stored.at, stored.at.utcoffset()) == (NOW, timedelta(hours=9))
    assert stored.what_happened == "Argued with my sister"


def test_own_words_about_coping_are_classified_with_the_words_that_decided(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    added = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)

    stored = entry_of(session, master_keys, ana, added.id)

    assert stored.entry.own_coping_kind is CopingKind.SUBSTANCE
    assert stored.evidence == WINE
    assert stored.entry.all_coping == (CopingKind.SUBSTANCE,)


def test_own_words_are_embedded_once_for_both_the_coping_kind_and_the_crisis_screen(
    session: Session, master_keys: MasterKeys, ana: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    classifier = shared_classifier()
    embedded: list[str] = []
    embed = classifier.embed

    def counted(texts: Sequence[str]) -> list[Embedded]:
        embedded.extend(texts)
        return embed(texts)

    monkeypatch.setattr(classifier, "embed", counted)
    entry = plan_entry(at=NOW, mood=3, own_coping=WINE, note="A long day at work")

    added = add_entry(session, master_keys, ana, entry, NOW, classifier)

    assert embedded.count(WINE) == 1
    assert embedded.count("A long day at work") == 1
    assert entry_of(session, master_keys, ana, added.id).entry.own_coping_kind is not None


def test_a_correction_is_kept_and_later_entries_in_the_same_words_follow_it(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    first = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)

    correct_coping(session, master_keys, ana, first.id, CopingKind.REST, NOW)
    later = add_entry(
        session, master_keys, ana, plan_entry(at=NOW, mood=4, own_coping=WINE.upper()), NOW
    )

    corrected = entry_of(session, master_keys, ana, first.id).entry
    assert (corrected.own_coping_kind, corrected.corrected) == (CopingKind.REST, True)
    followed = entry_of(session, master_keys, ana, later.id)
    assert followed.entry.own_coping_kind is CopingKind.REST
    assert "which you marked yourself" in followed.evidence


def test_one_persons_corrections_never_change_anothers_entries(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    first = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)
    correct_coping(session, master_keys, ana, first.id, CopingKind.REST, NOW)
    ben = make_person(session, "ben@example.org")

    added = add_entry(session, master_keys, ben, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)

    assert entry_of(session, master_keys, ben, added.id).entry.own_coping_kind is not (
        CopingKind.REST
    )


def test_an_entry_without_own_words_has_nothing_to_correct(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    added = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=5), NOW)

    with pytest.raises(InvalidInput, match="no coping in your own words"):
        correct_coping(session, master_keys, ana, added.id, CopingKind.REST, NOW)


def test_an_import_is_stored_in_batches_with_progress_reported(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    entries = [plan_entry(at=NOW - timedelta(days=n), mood=n % 11) for n in range(150)]
    done: list[int] = []

    added = add_entries(session, master_keys, ana, entries, NOW, progress=done.append)

    assert len(added) == 150
    assert done == [64, 64, 22]
    stored = journal_of(session, master_keys, ana)
    assert [s.entry.at for s in stored] == sorted(entry.at for entry in entries)


def test_an_entry_or_an_exercise_comes_back_with_the_screen_of_its_words(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    plan = plan_entry(at=NOW, mood=1, note="I'm going to end my life tonight, I have the pills")
    wish = plan_entry(at=NOW, mood=1, note="I keep thinking about ending my life")
    exercise = plan_exercise(EntryKind.GRIEF, {"now": "Some days I wish I was dead"}, NOW)
    calm = plan_entry(at=NOW, mood=6, note="A quiet evening with a book")

    levels = [
        add_entry(session, master_keys, ana, each, NOW).screen.level
        for each in (plan, wish, exercise, calm)
    ]

    assert levels == [RiskLevel.ACUTE, RiskLevel.CHECK, RiskLevel.CHECK, RiskLevel.NONE]
    assert len(journal_of(session, master_keys, ana)) == 4  # saved whatever the level


def test_imported_notes_are_screened_like_any_words(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    daylio = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2025-03-01,March 1,Saturday,21:30,awful,,,I'm going to kill myself tonight\n"
        "2025-03-02,March 2,Sunday,21:30,good,walk,,A long walk\n"
    )
    entries = entries_from_daylio(daylio, {"awful": 1, "good": 8}, UTC)

    added = add_entries(session, master_keys, ana, entries, NOW)

    assert [each.screen.level for each in added] == [RiskLevel.ACUTE, RiskLevel.NONE]


def test_nobody_else_reads_corrects_or_deletes_an_entry(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    added = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)
    ben = make_person(session, "ben@example.org")

    with pytest.raises(NotFound):
        entry_of(session, master_keys, ben, added.id)
    with pytest.raises(NotFound):
        correct_coping(session, master_keys, ben, added.id, CopingKind.REST, NOW)
    with pytest.raises(NotFound):
        delete_entry(session, master_keys, ben, added.id)
    assert journal_of(session, master_keys, ben) == []


def test_insights_read_the_owners_entries(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    for n in range(10):
        entry = plan_entry(at=NOW - timedelta(hours=n), mood=5, coping=["support"])
        add_entry(session, master_keys, ana, entry, NOW)

    found = insights_of(session, master_keys, ana, NOW)

    assert found.entries == 10
    assert found.leaning is not None
    assert found.leaning.kinds[0].kind is CopingKind.SUPPORT


def test_deleting_an_entry_takes_its_correction_and_words_with_it(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    added = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)
    correct_coping(session, master_keys, ana, added.id, CopingKind.REST, NOW)

    delete_entry(session, master_keys, ana, added.id)

    assert store.corrections_of(session, ana.id) == []
    later = add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=3, own_coping=WINE), NOW)
    assert (
        entry_of(session, master_keys, ana, later.id).entry.own_coping_kind is CopingKind.SUBSTANCE
    )


def test_an_exercise_s_kind_is_sealed_and_one_stored_before_is_sealed_on_upgrade(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    grief = plan_exercise(EntryKind.GRIEF, {"now": "I miss her laugh"}, NOW)
    added = add_entry(session, master_keys, ana, grief, NOW)
    row = store.find_entry(session, added.id)
    assert row is not None
    assert row.legacy_kind is None
    assert "grief" not in row.sealed

    # As a row from before sealing holds it: the kind in plaintext, not in the payload.
    before = Vault(session, master_keys)
    payload = before.open_json(ana.id, ENTRY_FIELD, row.sealed)
    del payload["kind"]
    row.sealed, row.legacy_kind = before.seal_json(ana.id, ENTRY_FIELD, payload), "grief"
    assert entry_of(session, master_keys, ana, added.id).entry.kind is EntryKind.GRIEF

    assert seal_plaintext_entry_kinds(session, master_keys) == 1
    assert row.legacy_kind is None
    assert entry_of(session, master_keys, ana, added.id).entry.kind is EntryKind.GRIEF
