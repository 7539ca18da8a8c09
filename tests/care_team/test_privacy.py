"""The team and its note are the client's data: in their export, and gone with their account;
a practitioner who deletes theirs leaves the teams they were in."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from crossroads.care_team.service.members import add_member, let_see_team, members_of
from crossroads.care_team.service.note import write_as_client
from crossroads.care_team.service.referrals import join_through_referral
from crossroads.care_team.store import CoordinationNoteRow, MemberRow
from crossroads.kernel.consent import Area
from crossroads.ops.privacy import delete_person, export_everything
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from tests.factories import make_person

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REASON = "Grief deserves a therapist's time."


def test_the_export_holds_the_team_the_shared_reason_and_the_note(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "sam@example.org")
    coach = make_person(session, "coach@example.org", role="practitioner")
    therapist = make_person(session, "rivera@example.org", role="practitioner")
    grant_access(session, client, practitioner_email=coach.email, areas=[Area.COACHING], now=NOW)
    let_see_team(session, client, add_member(session, client, coach.id, NOW).id, True)
    join_through_referral(session, master_keys, client, therapist.id, REASON, NOW)
    write_as_client(session, master_keys, client, "Coach first, then therapy.", NOW)

    team = export_everything(session, master_keys, client, now=NOW)["care_team"]

    assert sorted(
        (m["name"], m["joined_through"], m["sees_team"], m["referral_reason_shared"])
        for m in team["members"]
    ) == [("Coach", "client", True, None), ("Rivera", "referral", False, REASON)]
    assert team["coordination_note"]["text"] == "Coach first, then therapy."
    assert export_everything(session, master_keys, coach, now=NOW)["care_team"]["members"] == []


def test_the_team_and_the_note_go_with_the_client_s_account(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "sam@example.org")
    therapist = make_person(session, "rivera@example.org", role="practitioner")
    join_through_referral(session, master_keys, client, therapist.id, REASON, NOW)
    write_as_client(session, master_keys, client, "Therapy on Tuesdays.", NOW)

    delete_person(session, master_keys, client)
    session.flush()

    assert session.query(MemberRow).count() == 0
    assert session.query(CoordinationNoteRow).count() == 0


def test_a_practitioner_who_deletes_their_account_leaves_the_team(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "sam@example.org")
    therapist = make_person(session, "rivera@example.org", role="practitioner")
    join_through_referral(session, master_keys, client, therapist.id, None, NOW)

    delete_person(session, master_keys, therapist)
    session.flush()
    session.expire_all()

    assert members_of(session, client) == []
