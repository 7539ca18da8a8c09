"""The audit hash chain: any edit, insertion, deletion or reordering shows, and where."""

import dataclasses
import re
from datetime import UTC, datetime, timedelta

import pytest

from crossroads.security.audit import GENESIS, AuditFields, chain_hash, first_broken

Entry = tuple[AuditFields, str, str]  # fields, stored previous hash, stored hash
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LENGTH = 5
POSITIONS = range(1, LENGTH + 1)


def fields(position: int) -> AuditFields:
    return AuditFields(
        position=position,
        at=START + timedelta(minutes=position),
        actor=f"practitioner-{position % 2}",
        subject_id="client-1",
        action="read",
        target=f"assessment {position}",
        grant_id=f"grant-{position}" if position % 2 else None,
    )


def chain(all_fields: list[AuditFields]) -> list[Entry]:
    """Entries as the service writes them: each hash over its fields and the one before."""
    entries: list[Entry] = []
    previous = GENESIS
    for entry_fields in all_fields:
        digest = chain_hash(previous, entry_fields)
        entries.append((entry_fields, previous, digest))
        previous = digest
    return entries


def honest_chain() -> list[Entry]:
    return chain([fields(position) for position in POSITIONS])


def renumbered(entries: list[Entry], start: int) -> list[Entry]:
    """The entries with positions rewritten from `start`, hashes left as stored."""
    return [
        (dataclasses.replace(entry_fields, position=start + offset), previous, digest)
        for offset, (entry_fields, previous, digest) in enumerate(entries)
    ]


def test_an_honest_chain_holds() -> None:
    assert first_broken(honest_chain()) is None


def test_an_empty_chain_holds() -> None:
    assert first_broken([]) is None


def test_a_chain_of_one_entry_holds() -> None:
    assert first_broken(chain([fields(1)])) is None


def test_the_first_entry_links_to_the_genesis_hash() -> None:
    assert GENESIS == "0" * 64
    assert honest_chain()[0][1] == GENESIS


def test_a_hash_is_sha256_hex_and_stable_across_releases() -> None:
    # Stored logs are verified by later releases: changing the canonical form breaks them all.
    digest = chain_hash(GENESIS, fields(1))

    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == "7cb4f9cb631af89883367bcb48c03f5bdc51422d62e6bf1860e1555bd464f0b6"


def test_a_hash_depends_on_the_previous_hash() -> None:
    assert chain_hash(GENESIS, fields(1)) != chain_hash("f" * 64, fields(1))


FIELD_EDITS = {
    "at": lambda f: dataclasses.replace(f, at=f.at + timedelta(seconds=1)),
    "actor": lambda f: dataclasses.replace(f, actor="someone innocent"),
    "subject_id": lambda f: dataclasses.replace(f, subject_id="client-2"),
    "action": lambda f: dataclasses.replace(f, action="export"),
    "target": lambda f: dataclasses.replace(f, target=f.target + " "),
    "grant_id": lambda f: dataclasses.replace(f, grant_id=None if f.grant_id else "grant-forged"),
}


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("field", FIELD_EDITS)
def test_editing_any_field_of_any_entry_breaks_the_chain_at_that_entry(
    field: str, position: int
) -> None:
    entries = honest_chain()
    entry_fields, previous, digest = entries[position - 1]
    entries[position - 1] = (FIELD_EDITS[field](entry_fields), previous, digest)

    assert first_broken(entries) == position


@pytest.mark.parametrize("position", POSITIONS)
def test_changing_a_stored_hash_breaks_the_chain_at_that_entry(position: int) -> None:
    entries = honest_chain()
    entry_fields, previous, _ = entries[position - 1]
    entries[position - 1] = (entry_fields, previous, "a" * 64)

    assert first_broken(entries) == position


@pytest.mark.parametrize("position", POSITIONS)
def test_changing_a_stored_previous_hash_breaks_the_chain_at_that_entry(position: int) -> None:
    entries = honest_chain()
    entry_fields, _, digest = entries[position - 1]
    entries[position - 1] = (entry_fields, "b" * 64, digest)

    assert first_broken(entries) == position


@pytest.mark.parametrize("position", range(1, LENGTH))
def test_rehashing_an_edited_entry_still_breaks_the_chain_at_the_next_one(position: int) -> None:
    entries = honest_chain()
    entry_fields, previous, _ = entries[position - 1]
    forged = dataclasses.replace(entry_fields, actor="someone innocent")
    entries[position - 1] = (forged, previous, chain_hash(previous, forged))

    assert first_broken(entries) == position + 1


@pytest.mark.parametrize("position", range(1, LENGTH))
def test_deleting_an_entry_breaks_the_chain_just_after_the_gap(position: int) -> None:
    entries = honest_chain()
    del entries[position - 1]

    assert first_broken(entries) == position + 1


@pytest.mark.parametrize("position", range(1, LENGTH))
def test_deleting_an_entry_and_renumbering_the_rest_breaks_the_chain_at_the_gap(
    position: int,
) -> None:
    entries = honest_chain()
    del entries[position - 1]
    entries[position - 1 :] = renumbered(entries[position - 1 :], start=position)

    assert first_broken(entries) == position


@pytest.mark.parametrize(
    ("first", "second"),
    [(1, 2), (1, LENGTH), (2, 4), (LENGTH - 1, LENGTH)],
)
def test_swapping_two_entries_breaks_the_chain_at_the_earlier_one(first: int, second: int) -> None:
    # In the database rows keep their positions and are read in position order, so a swap
    # exchanges everything but the position.
    entries = honest_chain()
    a, b = entries[first - 1], entries[second - 1]
    entries[first - 1] = (dataclasses.replace(b[0], position=first), b[1], b[2])
    entries[second - 1] = (dataclasses.replace(a[0], position=second), a[1], a[2])

    assert first_broken(entries) == first


@pytest.mark.parametrize("position", POSITIONS)
def test_inserting_an_entry_that_does_not_link_breaks_the_chain_at_it(position: int) -> None:
    entries = honest_chain()
    intruder = dataclasses.replace(fields(position), actor="intruder")
    entries.insert(position - 1, (intruder, "c" * 64, chain_hash("c" * 64, intruder)))
    entries[position:] = renumbered(entries[position:], start=position + 1)

    assert first_broken(entries) == position


@pytest.mark.parametrize("position", POSITIONS)
def test_inserting_a_well_linked_entry_breaks_the_chain_at_the_one_after_it(
    position: int,
) -> None:
    entries = honest_chain()
    previous = entries[position - 2][2] if position > 1 else GENESIS
    intruder = dataclasses.replace(fields(position), actor="intruder")
    entries.insert(position - 1, (intruder, previous, chain_hash(previous, intruder)))
    entries[position:] = renumbered(entries[position:], start=position + 1)

    assert first_broken(entries) == position + 1


@pytest.mark.parametrize("position", POSITIONS)
def test_an_entry_renumbered_in_place_is_reported_under_its_stored_number(
    position: int,
) -> None:
    # Positions are what an operator looks up, so the entry is named by the number it now has.
    entries = honest_chain()
    entry_fields, previous, digest = entries[position - 1]
    entries[position - 1] = (dataclasses.replace(entry_fields, position=99), previous, digest)

    assert first_broken(entries) == 99


def test_a_chain_that_does_not_start_at_position_one_is_broken() -> None:
    assert first_broken(renumbered(honest_chain(), start=2)) == 2


def test_only_the_first_break_is_reported() -> None:
    entries = honest_chain()
    for position in (2, 4):
        entry_fields, previous, _ = entries[position - 1]
        entries[position - 1] = (entry_fields, previous, "d" * 64)

    assert first_broken(entries) == 2


def test_first_broken_accepts_any_iterable_once() -> None:
    assert first_broken(iter(honest_chain())) is None
