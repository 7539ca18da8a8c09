"""A small world for the coaching service tests: a running goal, a client and a coach, and
shorthands for reading a goal and checking in."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules.checkins import Cadence, CheckInReport, plan_schedule
from crossroads.coaching.rules.goals import Goal, Measure, MeasureKind, plan_goal
from crossroads.coaching.service.goal_detail import GoalDetail, goal_detail
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.coaching.service.goals import add_goal
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import as_person, find_person
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import Share, grant_access
from tests.factories import make_person

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
LATE_EVENING = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)  # already 5 January in Tokyo
TARGET_DATE = date(2027, 6, 30)
WEEKLY = plan_schedule(Cadence.WEEKLY, TODAY)


def running_goal(**changes: Any) -> Goal:
    fields: dict[str, Any] = {
        "what": "Run 30 km a month",
        "why": "To sleep better and feel stronger",
        "area": Area.HABITS_HEALTH,
        "measure": Measure(MeasureKind.NUMBER, "km", 5.0, 30.0),
        "starts_on": TODAY,
        "target_date": TARGET_DATE,
        **changes,
    }
    return plan_goal(**fields)


def set_running_goal(
    session: Session, master_keys: MasterKeys, owner: Person, **changes: Any
) -> str:
    return add_goal(
        session,
        master_keys,
        owner,
        running_goal(**changes),
        WEEKLY,
        now=NOW,
        reality="I run 5 km a month, mostly in summer",
        confidence=6,
    ).id


def client_and_coach(session: Session) -> tuple[Person, Person]:
    return (
        make_person(session, "client@example.org"),
        make_person(session, "coach@example.org", role="practitioner"),
    )


def share(session: Session, client: Person, coach: Person, area: SharedArea) -> Share:
    [grant] = grant_access(session, client, practitioner_email=coach.email, areas=[area], now=NOW)
    return grant


def living_in(session: Session, person: Person, zone: str) -> Person:
    row = find_person(session, person.id)
    assert row is not None
    row.time_zone = zone
    session.flush()
    return as_person(row)


def detail(session: Session, master_keys: MasterKeys, viewer: Person, goal_id: str) -> GoalDetail:
    return goal_detail(session, master_keys, viewer, goal_id, NOW)


def check_in(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    goal_id: str,
    value: float,
    *,
    day: date | None = None,
    now: datetime = NOW,
) -> str:
    return record_check_in(
        session, master_keys, owner, goal_id, CheckInReport(value=value), now=now, day=day
    ).id


# Setting and reading a goal
