"""The demo data: a client with an assessment and a six-week coaching goal, shared with a coach
who has commented and set homework; loading it again changes nothing."""

from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import find_by_email
from crossroads.assessment.rules.alerts import AlertKind
from crossroads.assessment.service.assessments import assessments_of_person
from crossroads.assessment.service.retakes import retakes_of
from crossroads.booking.service.appointments import kinds_of
from crossroads.booking.service.directory import listings
from crossroads.care_team.service.members import members_of
from crossroads.care_team.service.note import note_for_client
from crossroads.casework.service.caseload import caseload
from crossroads.coaching.rules.goals import Pace
from crossroads.coaching.service.goal_detail import goal_detail
from crossroads.coaching.service.goals import client_goals, goals_of_person
from crossroads.journal.service.insights import insights_of
from crossroads.messaging.service.threads import thread_of, threads_of
from crossroads.ops.demo import CLIENT_EMAIL, COACH_EMAIL, load_demo
from crossroads.platform.outbox_rows import OutboxKeyRow
from crossroads.platform.person_rows import PersonRow
from crossroads.security.encryption import MasterKeys
from tests.mail import messages_to

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def test_the_demo_client_has_a_goal_with_weeks_of_check_ins_and_a_coach(
    session: Session, master_keys: MasterKeys
) -> None:
    accounts = load_demo(session, master_keys, NOW)

    client = find_by_email(session, accounts.client)
    coach = find_by_email(session, accounts.coach)
    assert client is not None
    assert coach is not None
    assert len(assessments_of_person(session, master_keys, client)) == 1
    [goal] = goals_of_person(session, master_keys, client, NOW)
    assert len(goal.check_ins) == 5
    assert goal.progress.pace is Pace.ON_TRACK
    assert goal.standing.due
    detail = goal_detail(session, master_keys, client, goal.id, NOW)
    assert [step.homework for step in detail.steps] == [False, False, False, True]
    assert len(detail.comments) == 1
    assert [g.id for g in client_goals(session, master_keys, coach, client.id, NOW)] == [goal.id]
    patterns = insights_of(session, master_keys, client, NOW)
    assert patterns.leaning is not None
    assert patterns.acknowledgement.exercises == 2
    practice = listings(session)
    assert len(practice) == 15
    assert {each.profile.kind.value for each in practice} == {"therapist", "coach", "both"}
    [robin] = [each for each in practice if each.email == COACH_EMAIL]
    assert robin.person_id == coach.id


def test_the_coach_sees_the_demo_client_with_a_phq9_alert(
    session: Session, master_keys: MasterKeys
) -> None:
    accounts = load_demo(session, master_keys, NOW)
    client = find_by_email(session, accounts.client)
    coach = find_by_email(session, accounts.coach)
    assert client is not None
    assert coach is not None

    [entry] = caseload(session, master_keys, coach, NOW)

    assert entry.client.id == client.id
    [alert] = entry.alerts or ()
    assert alert.kind is AlertKind.WORSENING
    assert alert.text.startswith("PHQ-9 went from")
    assert alert.text.split(": ")[0].endswith("to 9")
    [phq9] = [r for r in retakes_of(session, master_keys, client, NOW) if r.instrument == "phq9"]
    assert (phq9.every_days, phq9.due_on) == (14, NOW.date())
    # The retakes came before sharing, so no alert email was queued.
    assert messages_to(session, accounts.coach) == []


def test_loading_the_demo_twice_adds_nothing_the_second_time(
    session: Session, master_keys: MasterKeys
) -> None:
    first = load_demo(session, master_keys, NOW)
    people = session.scalar(select(func.count()).select_from(PersonRow))

    again = load_demo(session, master_keys, NOW)

    assert (first.created, again.created) == (True, False)
    assert session.scalar(select(func.count()).select_from(PersonRow)) == people
    assert (again.client, again.coach) == (CLIENT_EMAIL, COACH_EMAIL)


def test_the_demo_directory_shows_kinds_of_appointment_beside_the_implied_ones(
    session: Session, master_keys: MasterKeys
) -> None:
    load_demo(session, master_keys, NOW)
    by_name = {each.profile.name: each for each in listings(session)}

    hannah = [kind.name for kind in kinds_of(session, by_name["Hannah Lindqvist"])]
    daniel = kinds_of(session, by_name["Daniel Reyes"])

    assert hannah == ["Introductory call", "Coaching session", "Half-day intensive"]
    assert [(kind.name, kind.minutes) for kind in daniel] == [
        ("Free consultation", 15),
        ("Session", 50),
    ]


def test_the_demo_coach_is_in_the_client_s_care_team_and_has_answered_a_message(
    session: Session, master_keys: MasterKeys
) -> None:
    accounts = load_demo(session, master_keys, NOW)
    client = find_by_email(session, accounts.client)
    coach = find_by_email(session, accounts.coach)
    assert client is not None
    assert coach is not None

    [member] = members_of(session, client)
    assert member.practitioner_id == coach.id
    assert "Robin" in note_for_client(session, master_keys, client).text
    [summary] = threads_of(session, coach, NOW)
    thread = thread_of(session, master_keys, coach, summary.id, NOW)
    assert [m.mine for m in thread.messages] == [False, True]


def test_the_demo_loads_without_an_outbox_key_and_queues_no_mail(
    session: Session, master_keys: MasterKeys
) -> None:
    session.execute(delete(OutboxKeyRow))

    accounts = load_demo(session, master_keys, NOW)

    assert messages_to(session, accounts.client) == []
    assert messages_to(session, accounts.coach) == []
