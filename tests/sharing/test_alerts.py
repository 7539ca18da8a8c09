"""A client's own words that screen `urgent` or `acute` tell the practitioners holding the grant
for that area at once, by an email that names nobody and nothing, and put a safety alert first
on their caseload for two weeks; a `check` alone tells nobody. The level is kept sealed with the
words, never in plaintext."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import AlertKind
from crossroads.casework.service.caseload import caseload, overview
from crossroads.coaching.rules.checkins import CheckInReport
from crossroads.coaching.rules.grow import Stage
from crossroads.coaching.service.conversations import answer_stage, start_conversation
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.service.entries import ENTRY_FIELD, add_entries, add_entry, correct_coping
from crossroads.journal.store import entries as journal_store
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskLevel
from crossroads.kernel.screening import Saved
from crossroads.platform.audit import accesses_to
from crossroads.platform.outbox import purge_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import WORDS_SUBJECT
from crossroads.sharing.service.grants import revoke_grant
from tests.coaching.goal_world import NOW, set_running_goal, share
from tests.factories import make_person
from tests.mail import messages_to

ACUTE = "I'm going to end my life tonight, the pills are in my drawer"
CHECK = "Some days I wish I was dead"
GOAL = {
    "what": "Save for a course",
    "why": "So I can change careers",
    "area": "career",
    "measure": "number",
    "unit": "pounds",
    "target": "1200",
    "target_date": "2027-07-01",
}


@pytest.fixture
def people(session: Session) -> tuple[Person, Person, Person]:
    """A client, a therapist holding their journal grant and a coach holding their coaching
    grant."""
    client = make_person(session, "robin@example.org")
    therapist = make_person(session, "therapist@example.org", role="practitioner")
    coach = make_person(session, "coach@example.org", role="practitioner")
    share(session, client, therapist, Area.JOURNAL)
    share(session, client, coach, Area.COACHING)
    return client, therapist, coach


def write(session: Session, master_keys: MasterKeys, client: Person, note: str) -> Saved:
    return add_entry(session, master_keys, client, plan_entry(at=NOW, mood=2, note=note), NOW)


def test_an_acute_journal_entry_emails_the_journal_grant_holder_and_nobody_else(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, coach = people

    write(session, master_keys, client, ACUTE)

    [email] = messages_to(session, therapist.email)
    assert email.subject == WORDS_SUBJECT
    assert "shares their journal with you" in email.body
    assert "caseload" in email.body
    for told in ("Robin", "pills", "acute", "journal entry"):
        assert told not in email.body
    assert messages_to(session, coach.email) == []
    assert purge_person(session, client.id) == 1  # deleting the client takes the mail too


def test_an_acute_answer_in_a_healing_exercise_tells_the_journal_grant_holder(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, coach = people
    exercise = plan_exercise(EntryKind.GRIEF, {"now": ACUTE}, NOW)

    add_entry(session, master_keys, client, exercise, NOW)

    assert len(messages_to(session, therapist.email)) == 1
    assert messages_to(session, coach.email) == []
    [entry] = caseload(session, master_keys, therapist, NOW)
    assert entry.urgent


def test_a_check_alone_emails_nobody_and_raises_no_alert(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, _ = people

    assert write(session, master_keys, client, CHECK).screen.level is RiskLevel.CHECK

    assert messages_to(session, therapist.email) == []
    [entry] = caseload(session, master_keys, therapist, NOW)
    assert entry.alerts == ()


def test_the_level_is_sealed_with_the_words_and_survives_a_correction(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, _ = people
    entry = plan_entry(at=NOW, mood=2, note=ACUTE, own_coping="Went for a long walk")
    saved = add_entry(session, master_keys, client, entry, NOW)
    correct_coping(session, master_keys, client, saved.id, CopingKind.SUPPORT, NOW)

    row = journal_store.find_entry(session, saved.id)
    assert row is not None
    assert "acute" not in row.sealed
    kept = Vault(session, master_keys).open_json(client.id, ENTRY_FIELD, row.sealed)
    assert kept["risk"]["level"] == "acute"
    assert {reason["source"] for reason in kept["risk"]["reasons"]} == {"note"}
    [listed] = caseload(session, master_keys, therapist, NOW)
    assert [a.kind for a in listed.alerts or ()] == [AlertKind.SAFETY]


def test_the_caseload_puts_the_alert_first_for_the_journal_grant_holder_only(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, coach = people
    calm = make_person(session, "aaron@example.org")
    share(session, calm, therapist, Area.JOURNAL)
    write(session, master_keys, client, ACUTE)

    first, second = caseload(session, master_keys, therapist, NOW)

    assert (first.client.id, second.client.id) == (client.id, calm.id)
    [alert] = first.alerts or ()
    assert alert.kind is AlertKind.SAFETY
    assert alert.text == "Journal, 4 January: the words screened acute"
    assert first.urgent
    [seen_by_coach] = caseload(session, master_keys, coach, NOW)
    assert seen_by_coach.alerts == ()
    assert overview(session, master_keys, coach, client.id, NOW).alerts == []
    [shown] = overview(session, master_keys, therapist, client.id, NOW).alerts or []
    assert shown == alert


def test_reading_the_alerts_is_audited_under_the_grant(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, coach = people
    write(session, master_keys, client, ACUTE)

    caseload(session, master_keys, therapist, NOW)
    caseload(session, master_keys, coach, NOW)

    reads = {(a.actor, a.target) for a in accesses_to(session, client.id)}
    assert reads == {(therapist.label, "journal screens"), (coach.label, "coaching screens")}
    assert all(a.grant_id for a in accesses_to(session, client.id))


def test_revoking_the_grant_stops_the_mail_and_the_alert(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "robin@example.org")
    therapist = make_person(session, "therapist@example.org", role="practitioner")
    grant = share(session, client, therapist, Area.JOURNAL)
    write(session, master_keys, client, ACUTE)
    assert len(messages_to(session, therapist.email)) == 1

    revoke_grant(session, client, grant.id, NOW)
    write(session, master_keys, client, ACUTE)

    assert len(messages_to(session, therapist.email)) == 1  # only the one from before
    assert caseload(session, master_keys, therapist, NOW) == []
    with pytest.raises(NotFound):
        overview(session, master_keys, therapist, client.id, NOW)


def test_an_acute_check_in_alerts_the_coaching_grant_holder(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, coach = people
    goal_id = set_running_goal(session, master_keys, client)
    report = CheckInReport(value=6.0, did="Ran 1 km", blocked=ACUTE)

    record_check_in(session, master_keys, client, goal_id, report, now=NOW)

    [email] = messages_to(session, coach.email)
    assert "shares their coaching with you" in email.body
    assert messages_to(session, therapist.email) == []
    [entry] = caseload(session, master_keys, coach, NOW)
    assert [a.text for a in entry.alerts or ()] == [
        "Goal check-in, 4 January: the words screened acute"
    ]
    [unseen] = caseload(session, master_keys, therapist, NOW)
    assert unseen.alerts == ()


def test_an_acute_coaching_conversation_answer_alerts_the_coaching_grant_holder(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, coach = people
    conversation_id = start_conversation(session, master_keys, client, NOW)

    answer_stage(
        session, master_keys, client, conversation_id, Stage.GOAL, {**GOAL, "why": ACUTE}, NOW
    )

    assert len(messages_to(session, coach.email)) == 1
    assert messages_to(session, therapist.email) == []
    [entry] = caseload(session, master_keys, coach, NOW)
    assert [a.text for a in entry.alerts or ()] == [
        "Coaching conversation, 4 January: the words screened acute"
    ]


def test_the_alert_leaves_the_caseload_after_two_weeks(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, _ = people
    write(session, master_keys, client, ACUTE)

    [entry] = caseload(session, master_keys, therapist, NOW + timedelta(days=13))
    assert entry.urgent
    [later] = caseload(session, master_keys, therapist, NOW + timedelta(days=15))
    assert later.alerts == ()


def test_an_old_history_brought_in_sounds_no_alarm(
    session: Session, master_keys: MasterKeys, people: tuple[Person, Person, Person]
) -> None:
    client, therapist, _ = people
    last_year = NOW - timedelta(days=365)

    [added] = add_entries(
        session, master_keys, client, [plan_entry(at=last_year, mood=1, note=ACUTE)], NOW
    )

    assert added.screen.level is RiskLevel.ACUTE  # the person still sees the crisis lines
    assert messages_to(session, therapist.email) == []
    [entry] = caseload(session, master_keys, therapist, NOW)
    assert entry.alerts == ()
