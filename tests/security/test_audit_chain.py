"""The audit chains: one per person, each link an HMAC under the audit key. Any edit,
insertion, removal or reordering shows, and where; a chain recomputed without the key shows too.
"""

import dataclasses
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from crossroads.security.audit import (
    GENESIS,
    AuditFields,
    AuditKeys,
    ChainBreak,
    StoredEntry,
    chain_breaks,
    link,
)
from crossroads.security.encryption import format_key

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = bytes(range(32))
KEYS = AuditKeys.parse(format_key("ak-1", KEY))
LENGTH = 5
SEQS = range(1, LENGTH + 1)


def fields(seq: int, subject: str = "client-1") -> AuditFields:
    return AuditFields(
        subject_id=subject,
        seq=seq,
        at=START + timedelta(minutes=seq),
        actor=f"practitioner-{seq % 2}",
        action="read",
        target=f"assessment {seq}",
        grant_id=f"grant-{seq}" if seq % 2 else None,
    )


def chain(
    subject: str = "client-1", length: int = LENGTH, first_position: int = 1
) -> list[StoredEntry]:
    """Entries as record_access writes them: each link over its fields and the one before."""
    entries, previous = [], GENESIS
    for seq in range(1, length + 1):
        entry_fields = fields(seq, subject)
        made = link("ak-1", KEY, previous, entry_fields)
        entries.append(StoredEntry(first_position + seq - 1, entry_fields, "ak-1", previous, made))
        previous = made
    return entries


def breaks(entries: list[StoredEntry], keys: AuditKeys = KEYS) -> list[tuple[str, int, int | None]]:
    return [(b.subject_id, b.seq, b.position) for b in chain_breaks(keys, entries)]


def test_honest_chains_hold() -> None:
    assert breaks(chain("client-1") + chain("client-2", first_position=10)) == []


def test_no_entries_hold() -> None:
    assert breaks([]) == []


def test_a_link_is_an_hmac_sha256_and_stable_across_releases() -> None:
    # Stored logs are verified by later releases: changing the canonical form breaks them all.
    made = link("ak-1", KEY, GENESIS, fields(1))

    assert re.fullmatch(r"[0-9a-f]{64}", made)
    assert made == "6a2e8f9b24dff192d26efec77a38c8a12e8d4f79ad979e1894650f95997fbd3d"


def test_a_link_depends_on_the_key_its_id_and_the_previous_link() -> None:
    made = link("ak-1", KEY, GENESIS, fields(1))

    assert link("ak-1", bytes(32), GENESIS, fields(1)) != made
    assert link("ak-2", KEY, GENESIS, fields(1)) != made
    assert link("ak-1", KEY, "f" * 64, fields(1)) != made


FIELD_EDITS = {
    "at": lambda f: dataclasses.replace(f, at=f.at + timedelta(seconds=1)),
    "actor": lambda f: dataclasses.replace(f, actor="someone innocent"),
    "action": lambda f: dataclasses.replace(f, action="export"),
    "target": lambda f: dataclasses.replace(f, target=f.target + " "),
    "grant_id": lambda f: dataclasses.replace(f, grant_id=None if f.grant_id else "grant-forged"),
}


@pytest.mark.parametrize("seq", SEQS)
@pytest.mark.parametrize("field", FIELD_EDITS)
def test_editing_any_field_of_any_entry_breaks_its_chain_at_that_entry(
    field: str, seq: int
) -> None:
    entries = chain()
    entries[seq - 1] = dataclasses.replace(
        entries[seq - 1], fields=FIELD_EDITS[field](entries[seq - 1].fields)
    )

    assert breaks(entries) == [("client-1", seq, seq)]


def sha256_link(previous: str, entry_fields: AuditFields) -> str:
    """What someone holding only the database can compute: a plain hash, with no key."""
    canonical = json.dumps(
        {"previous": previous, **dataclasses.asdict(entry_fields)}, default=str, sort_keys=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@pytest.mark.parametrize("seq", SEQS)
def test_an_edited_entry_with_every_later_link_recomputed_without_the_key_is_named(
    seq: int,
) -> None:
    entries = chain()
    previous = entries[seq - 2].link if seq > 1 else GENESIS
    for index in range(seq - 1, LENGTH):
        entry = entries[index]
        entry_fields = entry.fields
        if index == seq - 1:
            entry_fields = dataclasses.replace(entry_fields, actor="someone innocent")
        forged = sha256_link(previous, entry_fields)
        entries[index] = dataclasses.replace(
            entry, fields=entry_fields, previous=previous, link=forged
        )
        previous = forged

    assert breaks(entries) == [("client-1", seq, seq)]


@pytest.mark.parametrize("seq", range(1, LENGTH))
def test_removing_an_entry_names_the_missing_link(seq: int) -> None:
    entries = chain()
    del entries[seq - 1]

    [found] = chain_breaks(KEYS, entries)
    assert (found.seq, found.position) == (seq, None)
    assert "removed" in found.what
    assert str(found).startswith(f"an entry (link {seq} of client-1's chain)")


def test_removing_the_newest_entries_leaves_a_whole_chain_which_only_a_checkpoint_shows() -> None:
    assert breaks(chain()[:2]) == []


@pytest.mark.parametrize("seq", range(1, LENGTH))
def test_removing_an_entry_and_renumbering_the_rest_breaks_at_the_gap(seq: int) -> None:
    entries = chain()
    del entries[seq - 1]
    entries[seq - 1 :] = [
        dataclasses.replace(e, fields=dataclasses.replace(e.fields, seq=e.fields.seq - 1))
        for e in entries[seq - 1 :]
    ]

    assert breaks(entries) == [("client-1", seq, seq + 1)]


def test_swapping_two_entries_breaks_at_the_earlier_one() -> None:
    entries = chain()
    first, second = entries[1], entries[3]
    entries[1] = dataclasses.replace(second, fields=dataclasses.replace(second.fields, seq=2))
    entries[3] = dataclasses.replace(first, fields=dataclasses.replace(first.fields, seq=4))

    assert breaks(entries) == [("client-1", 2, 4)]


def test_an_entry_moved_to_another_persons_chain_breaks_it() -> None:
    entries = chain()
    moved = entries[2]
    entries[2] = dataclasses.replace(
        moved, fields=dataclasses.replace(moved.fields, subject_id="client-1b")
    )

    assert breaks(sorted(entries, key=lambda e: e.fields.subject_id)) == [
        ("client-1", 3, None),  # gone from its own chain
        ("client-1b", 1, None),  # and a chain that starts at link 3 lost the links before it
    ]


def test_each_chain_reports_its_own_first_break_only() -> None:
    one, two = chain("client-1"), chain("client-2", first_position=10)
    for entries, seq in ((one, 2), (one, 4), (two, 5)):
        entries[seq - 1] = dataclasses.replace(entries[seq - 1], link="d" * 64)

    assert breaks(one + two) == [("client-1", 2, 2), ("client-2", 5, 14)]


def test_an_entry_linked_by_a_key_that_is_not_configured_is_named() -> None:
    other = AuditKeys.parse(format_key("ak-other", bytes(32)))

    [found] = chain_breaks(other, chain())
    assert (found.seq, found.position) == (1, 1)
    assert "'ak-1'" in found.what


def test_entries_linked_under_an_older_key_still_hold_after_a_new_one_is_added() -> None:
    rotated = AuditKeys.parse(format_key("ak-1", KEY) + "\n" + format_key("ak-2", bytes(32)))
    entries = chain()
    tip = entries[-1]
    newer = fields(LENGTH + 1)
    entries.append(
        StoredEntry(LENGTH + 1, newer, "ak-2", tip.link, link("ak-2", bytes(32), tip.link, newer))
    )

    assert rotated.current_id == "ak-2"
    assert breaks(entries, rotated) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no audit key"),
        ("ak-1:not base64!", "not base64"),
        ("ak-1:" + "QUJD", "32 bytes"),
        (format_key("ak-1", KEY) + "," + format_key("ak-1", KEY), "twice"),
    ],
)
def test_malformed_audit_keys_are_refused_saying_why(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        AuditKeys.parse(text)


def test_a_break_reads_as_a_sentence_naming_the_entry() -> None:
    found = ChainBreak("client-1", 3, 42, "its contents or its link were changed")

    assert (
        str(found) == "entry 42 (link 3 of client-1's chain): its contents or its link were changed"
    )
