"""Session notes and homework: only for a client in the practitioner's caseload; a note is read
by its author alone until shared, and homework reaches the client, who marks it done."""

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.casework.service.notes import (
    assign_homework,
    homework_of,
    homework_set_by,
    mark_homework,
    notes_by,
    notes_shared_with,
    share_note,
    write_note,
)
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import revoke_grant
from tests.coaching.goal_world import NOW, TODAY, client_and_coach, share
from tests.factories import make_person

DUE = date(2027, 1, 11)


def test_a_note_is_read_by_its_author_alone_until_shared(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    colleague = make_person(session, "colleague@example.org", role="practitioner")
    share(session, client, therapist, Area.ASSESSMENTS)
    share(session, client, colleague, Area.ASSESSMENTS)

    note_id = write_note(
        session, master_keys, therapist, client.id, "  Talked about sleep.  ", shared=False, now=NOW
    )

    [note] = notes_by(session, master_keys, therapist, client.id)
    assert (note.id, note.text, note.shared, note.author) == (
        note_id,
        "Talked about sleep.",
        False,
        therapist.display_name,
    )
    assert notes_by(session, master_keys, colleague, client.id) == []
    assert notes_shared_with(session, master_keys, client) == []

    share_note(session, master_keys, therapist, note_id, shared=True)
    assert [n.text for n in notes_shared_with(session, master_keys, client)] == [
        "Talked about sleep."
    ]
    assert "session note, shown to you" in [a.target for a in accesses_to(session, client.id)]
    with pytest.raises(NotFound):
        share_note(session, master_keys, colleague, note_id, shared=False)


def test_no_note_or_homework_without_the_client_in_the_caseload(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    with pytest.raises(NotFound):
        write_note(session, master_keys, therapist, client.id, "Hello", shared=False, now=NOW)
    with pytest.raises(NotFound):
        assign_homework(session, master_keys, therapist, client.id, "Walk", DUE, NOW)
    with pytest.raises(NotFound):
        notes_by(session, master_keys, therapist, client.id)


def test_a_revoked_client_leaves_the_caseload_and_its_notes(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    grant = share(session, client, therapist, Area.JOURNAL)
    write_note(session, master_keys, therapist, client.id, "First session", shared=False, now=NOW)
    revoke_grant(session, client, grant.id, NOW)
    with pytest.raises(NotFound):
        notes_by(session, master_keys, therapist, client.id)


def test_homework_reaches_the_client_who_marks_it_done(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    grant = share(session, client, therapist, Area.COACHING)

    homework_id = assign_homework(
        session, master_keys, therapist, client.id, "Write a thought record", DUE, NOW
    )

    [homework] = homework_of(session, master_keys, client)
    assert (homework.id, homework.text, homework.due_on, homework.done, homework.assigned_by) == (
        homework_id,
        "Write a thought record",
        DUE,
        False,
        therapist.display_name,
    )
    mark_homework(session, client, homework_id, done=True, now=NOW + timedelta(days=1))
    [done] = homework_set_by(session, master_keys, therapist, client.id)
    assert done.done
    assert [(a.action, a.target, a.grant_id) for a in accesses_to(session, client.id)] == [
        ("change", "homework", grant.id)
    ]


def test_only_the_client_marks_their_homework(session: Session, master_keys: MasterKeys) -> None:
    client, therapist = client_and_coach(session)
    stranger = make_person(session, "stranger@example.org")
    share(session, client, therapist, Area.COACHING)
    homework_id = assign_homework(session, master_keys, therapist, client.id, "Walk", DUE, NOW)
    with pytest.raises(NotFound):
        mark_homework(session, stranger, homework_id, done=True, now=NOW)


@pytest.mark.parametrize(
    ("text", "due_on", "field"),
    [
        ("", DUE, "text"),
        ("x" * 1001, DUE, "text"),
        ("Walk", None, "due_on"),
        ("Walk", TODAY - timedelta(days=1), "due_on"),
    ],
)
def test_homework_needs_words_and_a_day_not_yet_gone(
    session: Session, master_keys: MasterKeys, text: str, due_on: date | None, field: str
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.COACHING)
    with pytest.raises(InvalidInput) as raised:
        assign_homework(session, master_keys, therapist, client.id, text, due_on, NOW)
    assert raised.value.field == field
