"""Retaking questionnaires: stored sealed, read as trends from the first assessment on, the crisis
rules on item 9, alerts emailed to practitioners holding the grant that opens them (a licensed
therapist's assessments grant for the PHQ-9), and schedules with their reminders."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import AlertKind
from crossroads.assessment.rules.trends import Change
from crossroads.assessment.service.alerts import (
    answer_screener_with_alerts,
    record_assessment_with_alerts,
)
from crossroads.assessment.service.assessments import record_assessment
from crossroads.assessment.service.results import (
    ALERT_SUBJECT,
    client_history,
    client_standing,
    history_of,
    record_measure,
    seal_plaintext_instruments,
)
from crossroads.assessment.service.retakes import (
    SUBJECT,
    queue_retake_reminders,
    retakes_of,
    seal_plaintext_schedules,
    set_schedule,
    stop_schedule,
)
from crossroads.assessment.store.measures import MeasureRow, ScheduleRow
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import ConsentMissing, InvalidAnswer, InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskLevel
from crossroads.platform.audit import accesses_to
from crossroads.platform.person_rows import find_person
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import revoke_grant
from tests.coaching.goal_world import NOW, client_and_coach, living_in, share
from tests.factories import make_person, make_therapist
from tests.mail import messages_to

SITE = "https://crossroads.example.org"
LOW = [1, 1, 1, 1, 0, 0, 0, 0, 0]  # PHQ-9 total 4
HIGH = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # PHQ-9 total 10


def client_and_therapist(session: Session) -> tuple[Person, Person]:
    return (
        make_person(session, "client@example.org"),
        make_therapist(session, "therapist@example.org", now=NOW),
    )


def retake(session, master_keys, person, answers, *, weeks=0, instrument="phq9"):
    return record_measure(
        session,
        master_keys,
        person,
        instrument,
        answers,
        now=NOW + timedelta(weeks=weeks),
        public_url=SITE,
    )


def test_a_retake_is_stored_sealed_and_joins_the_assessment_baseline(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    record_assessment(session, master_keys, {"phq9": HIGH}, owner=client, now=NOW)

    recorded = retake(session, master_keys, client, LOW, weeks=4)

    assert [m.score for m in recorded.trend.measures] == [10, 4]
    assert recorded.trend.since_baseline is Change.IMPROVED
    assert recorded.trend.remission is True
    assert recorded.alerts == ()
    assert not recorded.crisis.flagged
    sources = [t.source for t in history_of(session, master_keys, client)]
    assert sources == ["assessment", "retake"]
    row = session.scalars(select(MeasureRow)).one()
    assert row.sealed.startswith("cr1:")
    assert "score" not in row.sealed
    assert "phq9" not in row.sealed
    assert row.legacy_instrument is None


def test_a_worsening_retake_alerts_the_practitioner_holding_the_assessments_grant(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_therapist(session)
    other = make_person(session, "other@example.org", role="practitioner")
    share(session, client, therapist, Area.ASSESSMENTS)
    share(session, client, other, Area.COACHING)
    retake(session, master_keys, client, LOW)

    recorded = retake(session, master_keys, client, HIGH, weeks=2)

    assert [a.kind for a in recorded.alerts] == [AlertKind.WORSENING]
    [email] = messages_to(session, therapist.email)
    assert email.subject == ALERT_SUBJECT
    assert f"{SITE}/clients" in email.body
    assert "PHQ" not in email.body
    assert client.display_name not in email.body
    assert messages_to(session, other.email) == []


def test_an_assessment_reliably_worse_than_the_last_retake_alerts_too(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_therapist(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    retake(session, master_keys, client, LOW)
    record_assessment_with_alerts(
        session, master_keys, {"phq9": LOW}, owner=client, public_url=SITE, now=NOW
    )
    assert messages_to(session, therapist.email) == []

    later = NOW + timedelta(weeks=2)
    record_assessment_with_alerts(
        session, master_keys, {"phq9": HIGH}, owner=client, public_url=SITE, now=later
    )

    [email] = messages_to(session, therapist.email)
    assert email.subject == ALERT_SUBJECT


def test_a_revoked_grant_is_not_told(session: Session, master_keys: MasterKeys) -> None:
    client, therapist = client_and_therapist(session)
    grant = share(session, client, therapist, Area.ASSESSMENTS)
    revoke_grant(session, client, grant.id, NOW)
    retake(session, master_keys, client, LOW)
    retake(session, master_keys, client, HIGH, weeks=2)
    assert messages_to(session, therapist.email) == []


@pytest.mark.parametrize("item9", [1, 3])
def test_item9_above_zero_asks_the_safety_questions_and_alerts_nobody(
    session: Session, master_keys: MasterKeys, item9: int
) -> None:
    client, coach = client_and_coach(session)
    share(session, client, coach, Area.ASSESSMENTS)

    recorded = retake(session, master_keys, client, [0] * 8 + [item9])

    assert recorded.crisis.level is RiskLevel.CHECK
    assert recorded.alerts == ()
    assert messages_to(session, coach.email) == []


ASQ_NO = {
    "wished_dead": False,
    "family_better_off": False,
    "thoughts_of_killing_self": False,
    "tried_before": False,
}


@pytest.mark.parametrize(
    ("asq", "told"),
    [
        (ASQ_NO, 0),
        ({**ASQ_NO, "wished_dead": True, "thoughts_right_now": False}, 1),
        ({**ASQ_NO, "tried_before": True, "thoughts_right_now": True}, 1),
    ],
)
def test_an_urgent_or_acute_assessment_alerts_the_practitioner_and_a_negative_asq_does_not(
    session: Session, master_keys: MasterKeys, asq: dict[str, bool], told: int
) -> None:
    client, coach = client_and_coach(session)
    share(session, client, coach, Area.ASSESSMENTS)

    record_assessment_with_alerts(
        session, master_keys, {"phq9": [0] * 8 + [1], "asq": asq}, owner=client, public_url=""
    )

    assert len(messages_to(session, coach.email)) == told
    alerts = client_standing(session, master_keys, coach, client, NOW).alerts
    assert [a.kind for a in alerts] == [AlertKind.SAFETY] * told


def test_answering_the_asq_later_alerts_when_it_is_positive(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    share(session, client, coach, Area.ASSESSMENTS)
    stored = record_assessment_with_alerts(
        session, master_keys, {"phq9": [0] * 8 + [2]}, owner=client, public_url=""
    )
    assert messages_to(session, coach.email) == []

    answer_screener_with_alerts(
        session,
        master_keys,
        stored.id,
        {**ASQ_NO, "family_better_off": True, "thoughts_right_now": False},
        viewer=client,
        public_url="",
        now=NOW,
    )

    assert len(messages_to(session, coach.email)) == 1


def test_bad_answers_are_refused_and_nothing_is_stored(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    with pytest.raises(InvalidAnswer):
        retake(session, master_keys, client, [0, 0, 9])
    with pytest.raises(InvalidInput):
        retake(session, master_keys, client, [0, 0], instrument="phq2")
    assert session.scalars(select(MeasureRow)).all() == []


def test_a_practitioner_reads_the_history_only_under_the_grant_and_is_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    retake(session, master_keys, client, [3, 3, 3, 3, 3], instrument="who5")
    with pytest.raises(ConsentMissing):
        client_history(session, master_keys, coach, client, NOW)

    grant = share(session, client, coach, Area.ASSESSMENTS)
    [taken] = client_history(session, master_keys, coach, client, NOW)
    assert taken.measure.score == 60
    assert [(a.target, a.grant_id) for a in accesses_to(session, client.id)] == [
        ("measures", grant.id)
    ]

    revoke_grant(session, client, grant.id, NOW)
    with pytest.raises(ConsentMissing):
        client_history(session, master_keys, coach, client, NOW)


def test_a_client_schedules_a_retake_and_is_reminded_once_when_due(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    retake(session, master_keys, client, LOW)
    set_schedule(session, master_keys, client, client.id, "phq9", 14, NOW)

    [scheduled] = retakes_of(session, master_keys, client, NOW)
    assert (scheduled.name, scheduled.due_on, scheduled.set_by_practitioner) == (
        "PHQ-9",
        NOW.date() + timedelta(days=14),
        False,
    )
    assert (
        queue_retake_reminders(session, master_keys, public_url=SITE, now=NOW + timedelta(days=13))
        == 0
    )
    assert (
        queue_retake_reminders(session, master_keys, public_url=SITE, now=NOW + timedelta(days=14))
        == 1
    )
    assert (
        queue_retake_reminders(session, master_keys, public_url=SITE, now=NOW + timedelta(days=15))
        == 0
    )
    [email] = messages_to(session, client.email)
    assert email.subject == SUBJECT
    assert f"{SITE}/measures" in email.body
    assert "PHQ" not in email.body


def test_a_retake_never_taken_is_due_at_once_and_the_persons_own_day_counts(
    session: Session, master_keys: MasterKeys
) -> None:
    client = living_in(session, make_person(session, "client@example.org"), "Pacific/Auckland")
    set_schedule(session, master_keys, client, client.id, "gad7", 7, NOW)
    assert queue_retake_reminders(session, master_keys, public_url=SITE, now=NOW) == 1


def test_the_due_day_counts_from_the_day_of_the_retake_where_the_client_lives(
    session: Session, master_keys: MasterKeys
) -> None:
    client = living_in(session, make_person(session, "client@example.org"), "America/Los_Angeles")
    evening = datetime(2027, 1, 5, 4, 0, tzinfo=UTC)  # 4 January, 20:00 in Los Angeles
    record_measure(session, master_keys, client, "phq9", LOW, now=evening, public_url=SITE)
    set_schedule(session, master_keys, client, client.id, "phq9", 14, evening)

    [scheduled] = retakes_of(session, master_keys, client, evening)

    assert scheduled.due_on == date(2027, 1, 18)


def test_no_reminder_for_someone_who_turned_reminders_off(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    set_schedule(session, master_keys, client, client.id, "gad7", 7, NOW)
    row = find_person(session, client.id)
    assert row is not None
    row.check_in_reminders = False
    assert queue_retake_reminders(session, master_keys, public_url=SITE, now=NOW) == 0


def test_a_practitioner_sets_a_schedule_only_under_the_grant_and_it_is_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_therapist(session)
    with pytest.raises(NotFound):
        set_schedule(session, master_keys, therapist, client.id, "phq9", 28, NOW)
    share(session, client, therapist, Area.ASSESSMENTS)

    set_schedule(session, master_keys, therapist, client.id, "phq9", 28, NOW)
    set_schedule(session, master_keys, therapist, client.id, "phq9", 14, NOW)

    [scheduled] = retakes_of(session, master_keys, client, NOW)
    assert (scheduled.every_days, scheduled.set_by_practitioner) == (14, True)
    assert [a.target for a in accesses_to(session, client.id)] == ["retake schedule"] * 2
    stop_schedule(session, master_keys, client, client.id, "phq9", NOW)
    assert retakes_of(session, master_keys, client, NOW) == []


def test_no_row_says_which_questionnaire_a_person_answers_or_is_asked_to_retake(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_therapist(session)
    share(session, client, therapist, Area.ASSESSMENTS)
    retake(session, master_keys, client, [1] * 7, instrument="gad7")
    set_schedule(session, master_keys, therapist, client.id, "pcptsd5", 28, NOW)
    set_schedule(session, master_keys, therapist, client.id, "pcptsd5", 14, NOW)

    stored = [*session.scalars(select(MeasureRow)), *session.scalars(select(ScheduleRow))]
    for row in stored:
        assert row.legacy_instrument is None
        assert "gad7" not in str(row.sealed)
        assert "pcptsd5" not in str(row.sealed)
    assert [
        (r.instrument, r.every_days) for r in retakes_of(session, master_keys, client, NOW)
    ] == [("pcptsd5", 14)]
    [change, _] = [e for e in accesses_to(session, client.id) if e.action == "change"]
    assert change.target == "retake schedule"


def test_upgrading_seals_the_questionnaire_named_by_rows_stored_before(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    retake(session, master_keys, client, HIGH)
    set_schedule(session, master_keys, client, client.id, "phq9", 14, NOW)
    measure = session.scalars(select(MeasureRow)).one()
    schedule = session.scalars(select(ScheduleRow)).one()
    # As a row from before sealing holds it: the name in plaintext beside the payload.
    measure.legacy_instrument, schedule.legacy_instrument, schedule.sealed = "phq9", "phq9", None
    session.flush()

    assert retakes_of(session, master_keys, client, NOW)[0].instrument == "phq9"
    assert seal_plaintext_instruments(session, master_keys) == 1
    assert seal_plaintext_schedules(session, master_keys) == 1
    assert (measure.legacy_instrument, schedule.legacy_instrument) == (None, None)
    [taken] = [t for t in history_of(session, master_keys, client) if t.source == "retake"]
    assert (taken.measure.instrument, taken.measure.score) == ("phq9", 10)
    assert retakes_of(session, master_keys, client, NOW)[0].instrument == "phq9"
    assert seal_plaintext_instruments(session, master_keys) == 0


@pytest.mark.parametrize(
    ("instrument", "every_days", "field"),
    [("phq2", 14, "instrument"), ("phq9", 6, "every_days"), ("phq9", 366, "every_days")],
)
def test_a_schedule_outside_the_rules_is_refused(
    session: Session, master_keys: MasterKeys, instrument: str, every_days: int, field: str
) -> None:
    client: Person = make_person(session, "client@example.org")
    with pytest.raises(InvalidInput) as raised:
        set_schedule(session, master_keys, client, client.id, instrument, every_days, NOW)
    assert raised.value.field == field


def test_stopping_an_unknown_questionnaire_is_refused(
    session: Session, master_keys: MasterKeys
) -> None:
    client: Person = make_person(session, "client@example.org")
    with pytest.raises(InvalidInput):
        stop_schedule(session, master_keys, client, client.id, "x" * 400, NOW)
