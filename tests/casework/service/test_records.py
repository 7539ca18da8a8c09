"""Session notes are the practitioner's records: sealed under the author's key, read by them
after the client stops sharing or deletes their account, for as many years as their practice
keeps records; then removed by the worker's sweep, and the removal audited."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from crossroads.casework.rules import keeping_years, kept_until, past_keeping
from crossroads.casework.service.notes import NOTE_FIELD, notes_by, notes_shared_with, write_note
from crossroads.casework.service.records import (
    READ_TARGET,
    REMOVED_TARGET,
    RETENTION_ACTOR,
    records_of,
    remove_notes_past_keeping,
    seal_notes_for_authors,
    set_keeping_years,
)
from crossroads.casework.store.notes import NoteRow
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Person
from crossroads.ops.privacy import delete_person
from crossroads.platform.audit import accesses_to, breaks
from crossroads.platform.vault import Vault
from crossroads.security.encryption import KeyUnavailable, MasterKeys
from crossroads.sharing.service.grants import revoke_grant
from tests.coaching.goal_world import NOW, client_and_coach, share

DEFAULT = 7


def _records(session: Session, keys: MasterKeys, author: Person, now: datetime = NOW) -> list:
    return records_of(session, keys, author, default_years=DEFAULT, now=now).notes


def test_the_therapist_keeps_their_notes_when_the_client_deletes_their_account(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    shared_id = write_note(
        session, master_keys, therapist, client.id, "Shared plan", shared=True, now=NOW
    )
    write_note(session, master_keys, therapist, client.id, "My thoughts", shared=False, now=NOW)
    [client_copy] = [row.client_copy for row in session.query(NoteRow) if row.id == shared_id]
    assert client_copy is not None

    delete_person(session, master_keys, client)
    session.expire_all()

    kept = _records(session, master_keys, therapist)
    assert sorted(note.text for note in kept) == ["My thoughts", "Shared plan"]
    assert {(note.client, note.client_deleted) for note in kept} == {(client.display_name, True)}
    with pytest.raises(KeyUnavailable):  # the client's copy, as a backup would hold it
        Vault(session, master_keys).open_json(client.id, NOTE_FIELD, client_copy)
    assert all(row.client_copy is None for row in session.query(NoteRow))
    assert breaks(session) == []


def test_notes_stay_readable_on_the_records_page_after_the_grant_is_revoked(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    grant = share(session, client, therapist, Area.JOURNAL)
    write_note(session, master_keys, therapist, client.id, "First session", shared=False, now=NOW)
    revoke_grant(session, client, grant.id, NOW)

    [note] = _records(session, master_keys, therapist)

    assert (note.text, note.client_deleted, note.client_id) == ("First session", False, client.id)
    assert note.kept_until == kept_until(NOW, DEFAULT)
    assert READ_TARGET in [a.target for a in accesses_to(session, client.id)]


def test_the_sweep_removes_a_note_only_after_its_practice_s_period_and_audits_it(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    write_note(session, master_keys, therapist, client.id, "Old note", shared=False, now=NOW)
    last_day = datetime.combine(kept_until(NOW, DEFAULT), NOW.timetz())

    assert remove_notes_past_keeping(session, default_years=DEFAULT, now=last_day) == 0
    after = last_day + timedelta(days=1)
    assert remove_notes_past_keeping(session, default_years=DEFAULT, now=after) == 1

    assert session.query(NoteRow).count() == 0
    removal = accesses_to(session, client.id)[0]
    assert (removal.actor, removal.action, removal.target) == (
        RETENTION_ACTOR,
        "delete",
        REMOVED_TARGET,
    )
    assert breaks(session) == []


def test_after_the_client_is_gone_the_removal_is_written_to_the_author_s_log(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    write_note(session, master_keys, therapist, client.id, "Kept", shared=True, now=NOW)
    delete_person(session, master_keys, client)

    later = NOW + timedelta(days=365 * DEFAULT + 5)
    assert remove_notes_past_keeping(session, default_years=DEFAULT, now=later) == 1

    assert _records(session, master_keys, therapist, later) == []
    assert [a.target for a in accesses_to(session, therapist.id)] == [REMOVED_TARGET]


def test_a_practice_sets_its_own_period_and_can_return_to_the_default(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    write_note(session, master_keys, therapist, client.id, "Note", shared=False, now=NOW)

    assert set_keeping_years(session, therapist, " 3 ") == 3
    found = records_of(session, master_keys, therapist, default_years=DEFAULT, now=NOW)
    assert (found.keeping_years, found.own_setting) == (3, True)
    four_years = NOW + timedelta(days=4 * 365)
    assert remove_notes_past_keeping(session, default_years=DEFAULT, now=four_years) == 1

    set_keeping_years(session, therapist, "")
    found = records_of(session, master_keys, therapist, default_years=DEFAULT, now=NOW)
    assert (found.keeping_years, found.own_setting) == (DEFAULT, False)


@pytest.mark.parametrize("typed", ["0", "51", "seven", "2.5"])
def test_a_period_out_of_range_or_not_whole_is_refused_by_name(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        keeping_years(typed)
    assert refused.value.field == "records_kept_years"


def test_only_practitioners_keep_records(session: Session, master_keys: MasterKeys) -> None:
    client, _ = client_and_coach(session)
    with pytest.raises(InvalidInput):
        records_of(session, master_keys, client, default_years=DEFAULT, now=NOW)


def test_notes_sealed_under_the_client_s_key_are_sealed_again_under_the_author_s(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    vault = Vault(session, master_keys)
    for text, shared in (("Before, shared", True), ("Before, private", False)):
        session.add(
            NoteRow(
                id=text,
                client_id=client.id,
                author_id=therapist.id,
                written_at=NOW,
                shared=shared,
                sealed=vault.seal_json(client.id, NOTE_FIELD, {"text": text}),
                sealed_for_author=False,
            )
        )
    session.flush()
    before = sorted(n.text for n in notes_by(session, master_keys, therapist, client.id))

    assert seal_notes_for_authors(session, master_keys) == 2

    assert sorted(n.text for n in notes_by(session, master_keys, therapist, client.id)) == before
    assert [n.text for n in notes_shared_with(session, master_keys, client)] == ["Before, shared"]
    assert seal_notes_for_authors(session, master_keys) == 0
    delete_person(session, master_keys, client)
    assert sorted(n.text for n in _records(session, master_keys, therapist)) == before


@given(
    written=st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001  (hypothesis bounds are naive)
        max_value=datetime(2100, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    years=st.integers(min_value=1, max_value=50),
)
def test_a_note_is_kept_through_its_last_day_and_not_a_day_longer(
    written: datetime, years: int
) -> None:
    last = kept_until(written, years)
    assert last.year == written.year + years
    assert not past_keeping(written, years, last)
    assert past_keeping(written, years, last + timedelta(days=1))
