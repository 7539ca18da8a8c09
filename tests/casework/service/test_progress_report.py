"""The progress report: the period's questionnaires, goals and journal in the client's own days;
periods refused when they make no sense; a copy shared only with a practitioner the client
already shares with, read by them alone while the client is in their caseload, and audited; a
coach reads it without the clinical questionnaires unless the client shares those by name."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.assessment.service.results import record_measure
from crossroads.casework.service.progress_report import (
    progress_report,
    report_period,
    reports_given_summary,
    reports_shared,
    share_report,
    shared_report,
    withdraw_report,
)
from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.rules.tools import plan_tool_use
from crossroads.journal.service.entries import add_entry
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import revoke_grant
from tests.coaching.goal_world import NOW, TODAY, client_and_coach, set_running_goal, share
from tests.factories import make_person, make_therapist

SITE = "http://localhost"


def retake(session, master_keys, person, answers, days_ago, instrument="phq9"):
    record_measure(
        session,
        master_keys,
        person,
        instrument,
        answers,
        now=NOW - timedelta(days=days_ago),
        public_url=SITE,
    )


def test_the_report_holds_the_periods_measures_goals_and_journal(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    retake(session, master_keys, client, [2] * 9, days_ago=200)  # before the period
    retake(session, master_keys, client, [2, 2, 2, 1, 1, 1, 1, 1, 1], days_ago=60)
    retake(session, master_keys, client, [0, 1, 0, 1, 0, 0, 1, 0, 0], days_ago=1)
    set_running_goal(session, master_keys, client)
    add_entry(session, master_keys, client, plan_entry(at=NOW - timedelta(days=2), mood=6), NOW)

    report = progress_report(session, master_keys, client, None, None, NOW)

    assert (report["starts_on"], report["ends_on"]) == (
        (TODAY - timedelta(days=89)).isoformat(),
        TODAY.isoformat(),
    )
    [phq9] = report["measures"]
    assert [r["score"] for r in phq9["results"]] == [12, 3]
    assert (phq9["change"], phq9["response"], phq9["remission"]) == ("better", True, True)
    [goal] = report["goals"]
    assert goal["what"] == "Run 30 km a month"
    assert report["journal"]["entries"] == 1
    assert report["journal"]["mood"] == [[(TODAY - timedelta(days=2)).isoformat(), 6]]
    assert report["name"] == "Client"


def test_the_report_lists_the_coping_and_healing_work_of_each_week_with_any(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    tool = plan_tool_use("breathing", {"minutes": "3"}, NOW - timedelta(days=1))
    felt = plan_exercise(EntryKind.FEELING, {"feeling": "Sad"}, NOW - timedelta(days=1))
    coped = plan_entry(at=NOW - timedelta(days=30), mood=4, coping=["movement"])
    old = plan_entry(at=NOW - timedelta(days=120), mood=4, coping=["movement"])  # before it
    for entry in (tool, replace(felt, answers={**felt.answers, "minutes": "6"}), coped, old):
        add_entry(session, master_keys, client, entry, NOW)

    report = progress_report(session, master_keys, client, None, None, NOW)

    latest, earlier = report["journal"]["balance"]
    assert (latest["tools"], latest["exercises"], latest["minutes_felt"]) == (1, 1, 6)
    assert (earlier["coped"], earlier["tools"], earlier["exercises"]) == (1, 0, 0)
    assert latest["week"] > earlier["week"]


def test_the_balance_is_put_in_words_only_when_its_weeks_lie_within_the_period(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    for day in range(10):
        entry = plan_entry(at=NOW - timedelta(days=day), mood=5, coping=["movement"])
        add_entry(session, master_keys, client, entry, NOW)

    whole = progress_report(session, master_keys, client, None, None, NOW)["journal"]
    short = progress_report(session, master_keys, client, TODAY - timedelta(days=13), None, NOW)

    assert any(s.startswith("Over the last 8 weeks you coped") for s in whole["statements"])
    assert not any("Over the last 8 weeks" in s for s in short["journal"]["statements"])
    assert short["journal"]["balance"] == whole["balance"]  # the weekly lines stay


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (date(2027, 1, 3), date(2027, 1, 2), "from"),
        (None, date(2027, 1, 5), "to"),
        (date(2023, 1, 1), date(2027, 1, 4), "from"),
    ],
)
def test_a_period_that_makes_no_sense_is_refused(starts, ends, field) -> None:
    with pytest.raises(InvalidInput) as raised:
        report_period(starts, ends, date(2027, 1, 4))
    assert raised.value.field == field


def test_a_shared_copy_reaches_only_its_practitioner_and_is_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    colleague = make_person(session, "colleague@example.org", role="practitioner")
    stranger = make_person(session, "stranger@example.org", role="practitioner")
    grant = share(session, client, therapist, Area.JOURNAL)
    share(session, client, colleague, Area.JOURNAL)
    report = progress_report(session, master_keys, client, None, None, NOW)
    with pytest.raises(InvalidInput):
        share_report(session, master_keys, client, stranger.id, report, NOW)

    report_id = share_report(session, master_keys, client, therapist.id, report, NOW)

    assert shared_report(session, master_keys, therapist, client.id, report_id, NOW) == report
    [listed] = reports_shared(session, master_keys, therapist, client.id)
    assert listed.id == report_id
    assert reports_shared(session, master_keys, colleague, client.id) == []
    with pytest.raises(NotFound):
        shared_report(session, master_keys, colleague, client.id, report_id, NOW)
    with pytest.raises(NotFound):
        shared_report(session, master_keys, therapist, colleague.id, report_id, NOW)
    assert [(a.target, a.grant_id) for a in reversed(accesses_to(session, client.id))] == [
        (f"progress report {report_id}", grant.id),
        ("the periods of the progress reports shared", grant.id),
    ]
    revoke_grant(session, client, grant.id, NOW)
    with pytest.raises(NotFound):
        shared_report(session, master_keys, therapist, client.id, report_id, NOW)


def test_a_client_withdraws_a_shared_copy_and_no_one_else_can(
    session: Session, master_keys: MasterKeys
) -> None:
    client, therapist = client_and_coach(session)
    share(session, client, therapist, Area.JOURNAL)
    report = progress_report(session, master_keys, client, None, None, NOW)
    report_id = share_report(session, master_keys, client, therapist.id, report, NOW)
    [given] = reports_given_summary(session, client)
    assert (given.id, given.practitioner) == (report_id, therapist.display_name)

    with pytest.raises(NotFound):
        withdraw_report(session, therapist, report_id)
    withdraw_report(session, client, report_id)

    assert reports_given_summary(session, client) == []
    with pytest.raises(NotFound):
        shared_report(session, master_keys, therapist, client.id, report_id, NOW)


def test_a_coach_reads_a_shared_report_without_the_clinical_questionnaires(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    therapist = make_therapist(session, "therapist@example.org", now=NOW)
    retake(session, master_keys, client, [2, 2, 2, 1, 1, 1, 1, 1, 1], days_ago=3)
    retake(session, master_keys, client, [3, 3, 3, 3, 3], days_ago=2, instrument="who5")
    for practitioner in (coach, therapist):
        share(session, client, practitioner, Area.ASSESSMENTS)
    report = progress_report(session, master_keys, client, None, None, NOW)
    to_coach = share_report(session, master_keys, client, coach.id, report, NOW)
    to_therapist = share_report(session, master_keys, client, therapist.id, report, NOW)

    coach_reads = shared_report(session, master_keys, coach, client.id, to_coach, NOW)
    therapist_reads = shared_report(session, master_keys, therapist, client.id, to_therapist, NOW)

    assert [m["name"] for m in coach_reads["measures"]] == ["WHO-5"]
    assert coach_reads["clinical_left_out"] is True
    assert {**coach_reads, "measures": report["measures"], "clinical_left_out": None} == {
        **report,
        "clinical_left_out": None,
    }
    assert therapist_reads == report
    share(session, client, coach, Area.CLINICAL)
    assert shared_report(session, master_keys, coach, client.id, to_coach, NOW) == report
