"""The access log as a client reads it: who and what in words, never a raw id, one row per
visit, in the client's own time zone; the stored rows, and so the audit chain, unchanged."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.assessment.service.assessments import load_assessment, record_assessment
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.goals import plan_goal
from crossroads.coaching.service.coach_input import add_comment
from crossroads.coaching.service.goals import add_goal, goal_for_viewer
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person, Role
from crossroads.ops.access_log import Deed, Names, describe, group_visits, who_did
from crossroads.platform.audit import OPERATOR, Access, accesses_to, breaks
from crossroads.platform.person_rows import find_person
from crossroads.platform.runtime import Runtime
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import STEADY_COACHING_CLIENT, browser_session, make_person

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
GOAL_ID = "88dc0071-1111-4222-8333-444455556666"
NAMES = Names(
    goals={GOAL_ID: "Run 5 km"},
    assessments={"a1b2c3d4-1111-4222-8333-444455556666": datetime(2027, 3, 4, 9, 0, tzinfo=UTC)},
    reports={},
    entries={},
)
ANA = Person("ana-id", "ana@example.org", "Ana", Role.CLIENT, False, NOW)
ROBIN = "Robin Hale <robin@example.org> (practitioner)"


def _access(minutes: float, actor: str = ROBIN, target: str = f"goal {GOAL_ID}") -> Access:
    return Access(NOW + timedelta(minutes=minutes), actor, "read", target, "grant-id")


def test_one_person_s_entries_in_one_sitting_are_one_visit() -> None:
    accesses = [
        _access(0, target="assessments"),
        _access(0, target="coaching goals"),
        _access(0.5),
        _access(0.5),  # the same read twice: named once
        _access(4, actor=OPERATOR, target="everything"),  # someone else, in between
        _access(9),  # still within ten minutes of Robin's last entry
        _access(45),  # a new sitting
    ]

    visits = group_visits(list(reversed(accesses)), ANA, NAMES)

    assert [(v.who, v.at - NOW) for v in visits] == [
        ("Robin Hale, a practitioner (robin@example.org)", timedelta(minutes=45)),
        ("Someone running Crossroads, at its command line", timedelta(minutes=4)),
        ("Robin Hale, a practitioner (robin@example.org)", timedelta(0)),
    ]
    assert [d.words for d in visits[2].deeds] == [
        "Looked at your assessments",
        "Looked at your coaching goals",
        "Looked at your goal “Run 5 km”",
    ]
    assert visits[2].until == NOW + timedelta(minutes=9)


def test_records_are_named_by_what_they_are_never_by_their_id() -> None:
    assessment = "assessment a1b2c3d4-1111-4222-8333-444455556666"

    assert describe("change", f"comment on goal {GOAL_ID}", NAMES) == Deed(
        "Wrote a comment on your goal “Run 5 km”"
    )
    assert describe("read", assessment, NAMES) == Deed(
        "Looked at your assessment", of=datetime(2027, 3, 4, 9, 0, tzinfo=UTC)
    )
    assert describe("change", "messages", NAMES) == Deed("Wrote to you")
    assert describe("share", "assessments, coaching with Dr Ana Rivera", NAMES) == Deed(
        "Shared your assessments and your coaching goals and check-ins with Dr Ana Rivera"
    )


def test_a_record_gone_since_is_said_to_be_gone() -> None:
    gone = "0fffffff-1111-4222-8333-444455556666"
    said = [
        describe("read", f"goal {gone}", NAMES).words,
        describe("read", f"assessment {gone}", NAMES).words,
        describe("read", f"progress report {gone}", NAMES).words,
        describe("change", f"journal entry {gone}", NAMES).words,
        describe("read", f"something new {gone}", NAMES).words,
    ]

    assert said == [
        "Looked at a goal you have since deleted",
        "Looked at an assessment since deleted",
        "Looked at a progress report since withdrawn",
        "Changed a journal entry since deleted",
        "Looked at something new",
    ]
    assert not any(UUID.search(words) for words in said)


def test_the_reader_is_you_in_their_own_log() -> None:
    assert who_did("Ana <ana@example.org> (client)", ANA) == "You"
    assert (
        who_did("Sam Admin <sam@example.org> (admin)", ANA)
        == "Sam Admin, an admin (sam@example.org)"
    )


def _visited(session: Session, master_keys: MasterKeys) -> tuple[Person, Person, str]:
    """A client in New York whose coach opened her assessment and goal and commented on it."""
    client = make_person(session, "ana@example.org")
    row = find_person(session, client.id)
    assert row is not None
    row.time_zone = "America/New_York"
    coach = make_person(session, "robin@example.org", role="practitioner")
    grant_access(
        session,
        client,
        practitioner_email=coach.email,
        areas=[Area.ASSESSMENTS, Area.COACHING],
        now=NOW,
    )
    assessment = record_assessment(
        session, master_keys, STEADY_COACHING_CLIENT, owner=client, now=NOW
    )
    goal = plan_goal(what="Run 5 km without stopping", starts_on=NOW.date())
    goal_id = add_goal(
        session, master_keys, client, goal, plan_schedule(Cadence.WEEKLY, goal.starts_on), now=NOW
    ).id
    load_assessment(session, master_keys, assessment.id, viewer=coach, now=NOW)
    goal_for_viewer(session, master_keys, coach, goal_id, NOW)
    add_comment(session, master_keys, coach, goal_id, "Steady progress", NOW)
    return client, coach, goal_id


def test_the_page_shows_one_visit_in_words_in_the_client_s_zone(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        ana, _, goal_id = _visited(session, runtime.master_keys)
        stored = [(a.action, a.target) for a in accesses_to(session, ana.id)]
        token = browser_session(session, runtime.master_keys, ana, datetime.now(UTC))
        client.cookies.set(SESSION_COOKIE, token)

    page = client.get("/sharing/access-log").text

    rows = re.findall(r"<tr><td>", page)
    assert len(rows) == 1
    assert "Robin, a practitioner (robin@example.org)" in page
    assert "Looked at your goal “Run 5 km without stopping”" in page
    assert "Wrote a comment on your goal “Run 5 km without stopping”" in page
    assert "Looked at your assessment of November 23, 2026" in page  # a New Yorker's format
    assert "(New York time)" in page
    assert not UUID.search(page.split("<main", 1)[1])
    with runtime.database.reading() as session:  # the stored rows are as they were written
        assert [(a.action, a.target) for a in accesses_to(session, ana.id)] == stored
        assert breaks(session) == []
    assert (("read", f"goal {goal_id}")) in stored
