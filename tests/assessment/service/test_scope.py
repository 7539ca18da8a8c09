"""Scope by credential in the measures service: a coach holding the assessments grant sees a
client's results, the WHO-5 and safety alerts, but no clinical score, band, trend or worsening
and schedules no clinical retake, unless the client shares their questionnaire scores by name; a
licensed therapist sees all of it, until their licence expires."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import AlertKind
from crossroads.assessment.service.alerts import record_assessment_with_alerts
from crossroads.assessment.service.assessments import client_assessments, load_assessment
from crossroads.assessment.service.results import (
    client_history,
    client_standing,
    client_trend,
    record_measure,
)
from crossroads.assessment.service.retakes import retakes_of, set_schedule, stop_schedule
from crossroads.booking.service.directory import save_listing
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import Share, grant_access
from tests.coaching.goal_world import NOW
from tests.factories import make_person, make_therapist
from tests.mail import messages_to

LOW = [1, 1, 1, 1, 0, 0, 0, 0, 0]  # PHQ-9 total 4
HIGH = [2, 2, 2, 1, 1, 1, 1, 0, 0]  # PHQ-9 total 10: reliably worse
WELL, UNWELL = [4, 4, 4, 4, 4], [1, 1, 1, 1, 1]  # WHO-5 80 % and 20 %: reliably worse
URGENT_ASQ = {
    "wished_dead": True,
    "family_better_off": False,
    "thoughts_of_killing_self": False,
    "tried_before": False,
    "thoughts_right_now": False,
}


def make_coach(session: Session, email: str = "coach@example.org") -> Person:
    """A coach with a listing and no licence."""
    coach = make_person(session, email, role="practitioner")
    save_listing(session, {"email": email, "name": "Cass Coach", "kind": "coach"}, NOW, coach.id)
    return coach


def share(session: Session, client: Person, practitioner: Person, *areas: Area) -> list[Share]:
    return grant_access(
        session, client, practitioner_email=practitioner.email, areas=list(areas), now=NOW
    )


def retake(
    session: Session, master_keys: MasterKeys, client: Person, instrument: str, answers: object
) -> None:
    record_measure(session, master_keys, client, instrument, answers, now=NOW, public_url="")


@pytest.fixture
def client(session: Session) -> Person:
    return make_person(session, "client@example.org")


def test_a_coach_cannot_schedule_a_phq9_retake_but_can_schedule_the_who5(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    coach = make_coach(session)
    [grant] = share(session, client, coach, Area.ASSESSMENTS)

    for instrument in ("phq9", "gad7", "pcptsd5"):
        with pytest.raises(NotFound):
            set_schedule(session, master_keys, coach, client.id, instrument, 14, NOW)
        with pytest.raises(NotFound):
            stop_schedule(session, master_keys, coach, client.id, instrument, NOW)
    set_schedule(session, master_keys, coach, client.id, "who5", 14, NOW)

    assert [r.instrument for r in retakes_of(session, master_keys, client, NOW)] == ["who5"]
    assert [(a.target, a.grant_id) for a in accesses_to(session, client.id)] == [
        ("retake schedule", grant.id)
    ]


def test_a_coach_the_client_shares_scores_with_schedules_a_phq9_retake_under_that_grant(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    coach = make_coach(session)
    [_, clinical] = share(session, client, coach, Area.ASSESSMENTS, Area.CLINICAL)

    set_schedule(session, master_keys, coach, client.id, "phq9", 14, NOW)

    assert [r.instrument for r in retakes_of(session, master_keys, client, NOW)] == ["phq9"]
    [change] = accesses_to(session, client.id)
    assert (change.target, change.grant_id) == ("retake schedule", clinical.id)


def test_a_licensed_therapist_schedules_a_phq9_retake_under_the_assessments_grant(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    therapist = make_therapist(session, "therapist@example.org", now=NOW)
    [grant] = share(session, client, therapist, Area.ASSESSMENTS)

    set_schedule(session, master_keys, therapist, client.id, "phq9", 14, NOW)

    assert [r.instrument for r in retakes_of(session, master_keys, client, NOW)] == ["phq9"]
    assert [a.grant_id for a in accesses_to(session, client.id)] == [grant.id]


@pytest.mark.parametrize(
    ("days_left", "clinician"),
    [(0, True), (-1, False), (-400, False)],  # the last day still counts
)
def test_a_therapist_whose_licence_expired_is_treated_as_a_coach(
    session: Session, master_keys: MasterKeys, client: Person, days_left: int, clinician: bool
) -> None:
    therapist = make_therapist(
        session,
        "therapist@example.org",
        now=NOW,
        licensed_until=NOW.date() + timedelta(days=days_left),
    )
    share(session, client, therapist, Area.ASSESSMENTS)
    retake(session, master_keys, client, "phq9", LOW)
    retake(session, master_keys, client, "who5", WELL)

    history = client_history(session, master_keys, therapist, client, NOW)

    shown = {taken.measure.instrument for taken in history}
    assert shown == ({"phq9", "who5"} if clinician else {"who5"})
    if clinician:
        set_schedule(session, master_keys, therapist, client.id, "phq9", 14, NOW)
    else:
        with pytest.raises(NotFound):
            set_schedule(session, master_keys, therapist, client.id, "phq9", 14, NOW)
        with pytest.raises(ConsentMissing):
            client_trend(session, master_keys, therapist, client, "phq9", NOW)


def test_a_coach_still_sees_a_safety_alert_but_not_a_phq9_worsening(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    coach = make_coach(session)
    therapist = make_therapist(session, "therapist@example.org", now=NOW)
    for practitioner in (coach, therapist):
        share(session, client, practitioner, Area.ASSESSMENTS)
    record_assessment_with_alerts(
        session,
        master_keys,
        {"phq9": [0] * 8 + [1], "asq": URGENT_ASQ},
        owner=client,
        public_url="",
        now=NOW - timedelta(hours=1),
    )
    retake(session, master_keys, client, "phq9", LOW)
    retake(session, master_keys, client, "phq9", HIGH)

    coach_sees = client_standing(session, master_keys, coach, client, NOW)
    therapist_sees = client_standing(session, master_keys, therapist, client, NOW)

    assert [a.kind for a in coach_sees.alerts] == [AlertKind.SAFETY]
    assert "PHQ-9" not in coach_sees.alerts[0].text.split("(")[0]
    assert coach_sees.history == []
    assert [a.kind for a in therapist_sees.alerts] == [
        AlertKind.SAFETY,
        AlertKind.WORSENING,
    ]
    assert [t.measure.score for t in therapist_sees.history] == [1, 4, 10]


def test_a_phq9_worsening_emails_the_therapist_and_not_the_coach(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    coach = make_coach(session)
    therapist = make_therapist(session, "therapist@example.org", now=NOW)
    for practitioner in (coach, therapist):
        share(session, client, practitioner, Area.ASSESSMENTS)
    retake(session, master_keys, client, "phq9", LOW)
    retake(session, master_keys, client, "phq9", HIGH)

    assert len(messages_to(session, therapist.email)) == 1
    assert messages_to(session, coach.email) == []

    retake(session, master_keys, client, "who5", WELL)
    retake(session, master_keys, client, "who5", UNWELL)

    assert len(messages_to(session, coach.email)) == 1  # the WHO-5 is the coach's too
    assert len(messages_to(session, therapist.email)) == 2


def test_a_coach_reads_a_result_without_its_clinical_scores_unless_shared_by_name(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    coach = make_coach(session)
    therapist = make_therapist(session, "therapist@example.org", now=NOW)
    share(session, client, therapist, Area.ASSESSMENTS)
    share(session, client, coach, Area.ASSESSMENTS)
    answers = {"phq9": HIGH, "who5": UNWELL, "goal": "Finish my degree", "steady": 6}
    stored = record_assessment_with_alerts(
        session, master_keys, answers, owner=client, public_url="", now=NOW
    )

    as_coach = load_assessment(session, master_keys, stored.id, viewer=coach, now=NOW)
    [listed] = client_assessments(session, master_keys, coach, client.id, NOW)
    as_therapist = load_assessment(session, master_keys, stored.id, viewer=therapist, now=NOW)

    for seen in (as_coach, listed):
        assert seen.result.route is stored.result.route
        assert set(seen.result.measures) == {"who5"}
        assert "phq9" not in seen.answers
        assert "PHQ-9" not in str(seen.as_dict())
        assert seen.clinical_left_out  # the result page says so
    assert set(as_therapist.result.measures) == {"phq9", "who5"}
    assert as_therapist.answers == stored.answers
    assert not as_therapist.clinical_left_out
    share(session, client, coach, Area.CLINICAL)
    shared = load_assessment(session, master_keys, stored.id, viewer=coach, now=NOW)
    assert set(shared.result.measures) == {"phq9", "who5"}
    assert not shared.clinical_left_out


def test_one_questionnaire_s_trend_is_read_under_the_grant_that_opens_it(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    coach = make_coach(session)
    [assessments] = share(session, client, coach, Area.ASSESSMENTS)
    retake(session, master_keys, client, "phq9", LOW)
    retake(session, master_keys, client, "who5", WELL)

    with pytest.raises(ConsentMissing):
        client_trend(session, master_keys, coach, client, "phq9", NOW)
    who5 = client_trend(session, master_keys, coach, client, "who5", NOW)
    [clinical] = share(session, client, coach, Area.CLINICAL)
    phq9 = client_trend(session, master_keys, coach, client, "phq9", NOW)

    assert who5 is not None
    assert [m.score for m in who5.measures] == [80]
    assert phq9 is not None
    assert [m.score for m in phq9.measures] == [4]
    assert client_trend(session, master_keys, coach, client, "gad7", NOW) is None
    assert [(a.target, a.grant_id) for a in reversed(accesses_to(session, client.id))] == [
        ("measures", assessments.id),
        ("measures", clinical.id),
        ("measures", clinical.id),
    ]
