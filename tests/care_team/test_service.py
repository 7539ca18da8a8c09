"""The care team's use cases: the client adds practitioners they work with and says who may
see the team; a member sees others and the coordination note only with that consent, and every
reading or writing by a member is in the client's access log; outsiders find nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.care_team.rules import JoinedThrough
from crossroads.care_team.service.members import (
    add_member,
    candidates_for,
    is_member,
    let_see_team,
    members_of,
    remove_member,
)
from crossroads.care_team.service.note import (
    note_for_client,
    note_for_member,
    write_as_client,
    write_as_member,
)
from crossroads.care_team.service.view import Colleague, team_for
from crossroads.care_team.store import find_note
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access, grants_given, revoke_grant
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PLAN = "Coach: weekly goals. Therapist: grief work. Hand over if sleep gets worse."


@pytest.fixture
def people(session: Session) -> dict[str, Person]:
    found = {
        "client": make_person(session, "sam@example.org"),
        "coach": make_person(session, "coach@example.org", role="practitioner"),
        "therapist": make_person(session, "rivera@example.org", role="practitioner"),
        "stranger": make_person(session, "stranger@example.org", role="practitioner"),
        "other_client": make_person(session, "kim@example.org"),
    }
    save_listing(session, listing_fields(), NOW, found["therapist"].id)
    for email in ("coach@example.org", "rivera@example.org"):
        grant_access(
            session, found["client"], practitioner_email=email, areas=[Area.COACHING], now=NOW
        )
    return found


def team(session: Session, people: dict[str, Person]) -> dict[str, str]:
    """Coach and therapist both in the client's team, by their member ids."""
    client = people["client"]
    return {
        who: add_member(session, client, people[who].id, NOW + timedelta(minutes=n)).id
        for n, who in enumerate(("coach", "therapist"))
    }


def test_the_client_adds_practitioners_they_work_with_and_sees_their_kind(
    session: Session, people: dict[str, Person]
) -> None:
    client = people["client"]
    assert [c.name for c in candidates_for(session, client)] == ["Coach", "Dr Ana Rivera"]

    team(session, people)

    assert [
        (m.name, m.kind, m.joined_through, m.sees_team) for m in members_of(session, client)
    ] == [
        ("Coach", "", JoinedThrough.CLIENT, False),
        ("Dr Ana Rivera", "therapist", JoinedThrough.CLIENT, False),
    ]
    assert candidates_for(session, client) == []
    assert is_member(session, client.id, people["therapist"].id)


def test_only_practitioners_the_client_works_with_can_be_added(
    session: Session, people: dict[str, Person]
) -> None:
    client = people["client"]
    [grant] = [g for g in grants_given(session, client) if g.other.id == people["coach"].id]
    revoke_grant(session, client, grant.grant.id, NOW)

    for outsider in ("stranger", "coach", "other_client"):
        with pytest.raises(InvalidInput, match="already work with"):
            add_member(session, client, people[outsider].id, NOW)
    assert members_of(session, client) == []


def test_a_practitioner_booked_with_can_be_added(session: Session, master_keys: MasterKeys) -> None:
    client = make_person(session, "lee@example.org")
    therapist = make_person(session, "rivera@example.org", role="practitioner")
    hours = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}
    listing_id, _ = save_listing(session, listing_fields(availability=hours), NOW, therapist.id)
    later = NOW + timedelta(days=3)
    [slot, *_] = open_slots(session, listing_id, later, later + timedelta(days=1), NOW)
    book(session, master_keys, client, listing_id, slot.starts, BookingKind.SESSION, NOW)

    [candidate] = candidates_for(session, client)
    assert (candidate.practitioner_id, candidate.kind) == (therapist.id, "therapist")
    add_member(session, client, therapist.id, NOW)
    assert is_member(session, client.id, therapist.id)


def test_a_member_who_left_is_no_member_and_coming_back_asks_again(
    session: Session, people: dict[str, Person]
) -> None:
    client, coach = people["client"], people["coach"]
    ids = team(session, people)
    let_see_team(session, client, ids["coach"], True)

    remove_member(session, client, ids["coach"], NOW)

    assert not is_member(session, client.id, coach.id)
    assert [m.name for m in members_of(session, client)] == ["Dr Ana Rivera"]
    with pytest.raises(NotFound):
        remove_member(session, client, ids["coach"], NOW)
    back = add_member(session, client, coach.id, NOW + timedelta(days=1))
    assert (back.sees_team, back.joined_at) == (False, NOW + timedelta(days=1))


def test_another_client_cannot_change_someone_elses_team(
    session: Session, people: dict[str, Person]
) -> None:
    ids = team(session, people)

    with pytest.raises(NotFound):
        let_see_team(session, people["other_client"], ids["coach"], True)
    with pytest.raises(NotFound):
        remove_member(session, people["other_client"], ids["coach"], NOW)
    assert len(members_of(session, people["client"])) == 2


def test_outsiders_find_no_team_and_no_note(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    client = people["client"]
    team(session, people)
    write_as_client(session, master_keys, client, PLAN, NOW)

    for outsider in ("stranger", "other_client"):
        with pytest.raises(NotFound):
            team_for(session, master_keys, people[outsider], client.id)
        with pytest.raises(NotFound):
            note_for_member(session, master_keys, people[outsider], client.id)
        with pytest.raises(NotFound):
            write_as_member(session, master_keys, people[outsider], client.id, "Mine now", NOW)
    assert note_for_client(session, master_keys, client).text == PLAN


def test_without_consent_a_member_sees_neither_the_others_nor_the_note(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    client = people["client"]
    team(session, people)
    write_as_client(session, master_keys, client, PLAN, NOW)

    seen = team_for(session, master_keys, people["coach"], client.id)

    assert (seen.others, seen.note, seen.sees_team) == (None, None, False)
    with pytest.raises(NotFound):
        note_for_member(session, master_keys, people["coach"], client.id)
    with pytest.raises(NotFound):
        write_as_member(session, master_keys, people["coach"], client.id, "Mine now", NOW)
    assert [a.target for a in accesses_to(session, client.id)].count("coordination note") == 0


def test_with_consent_a_member_sees_the_others_and_shares_the_note_audited(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    client, coach = people["client"], people["coach"]
    ids = team(session, people)
    let_see_team(session, client, ids["coach"], True)
    write_as_client(session, master_keys, client, PLAN, NOW)

    seen = team_for(session, master_keys, coach, client.id)
    write_as_member(session, master_keys, coach, client.id, "Coach: goals on Mondays.", NOW)

    assert seen.others == (Colleague("Dr Ana Rivera", "therapist"),)
    assert seen.note is not None
    assert (seen.note.text, seen.note.updated_by) == (PLAN, "Sam")
    now_reads = note_for_client(session, master_keys, client)
    assert (now_reads.text, now_reads.updated_by) == ("Coach: goals on Mondays.", "Coach")
    logged = [(a.actor, a.action, a.target) for a in accesses_to(session, client.id)]
    assert (coach.label, "read", "care team") in logged
    assert (coach.label, "read", "coordination note") in logged
    assert (coach.label, "change", "coordination note") in logged


def test_taking_consent_back_hides_the_team_at_once(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    client = people["client"]
    ids = team(session, people)
    let_see_team(session, client, ids["coach"], True)

    let_see_team(session, client, ids["coach"], False)

    assert team_for(session, master_keys, people["coach"], client.id).others is None


def test_the_note_is_sealed_and_checked_for_length(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    client = people["client"]
    write_as_client(session, master_keys, client, PLAN, NOW)

    row = find_note(session, client.id)
    assert row is not None
    assert "grief" not in row.sealed
    with pytest.raises(InvalidInput, match="4000 characters"):
        write_as_client(session, master_keys, client, "x" * 4001, NOW)


def test_what_the_client_writes_in_the_note_is_screened(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    screen = write_as_client(
        session, master_keys, people["client"], "I want to end my life tonight.", NOW
    )

    assert screen.flagged
