"""Demo data for a first look on a fresh install: a client who took the assessment six weeks
ago and has retaken the PHQ-9 since (the latest reliably worse), set a goal through the guided
conversation's parts and has kept most weekly check-ins for six weeks, and has kept a journal
for five weeks; a coach the client shares assessments, questionnaire scores and coaching with,
who sees that alert first in the caseload, has commented and set homework, is in the client's
care team with a coordination note, and has answered a message; and a directory of fourteen
invented practitioners of every kind. Every word is invented. Loading twice changes
nothing."""

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import find_by_email, new_password, sign_up
from crossroads.assessment.rules.answers import Area
from crossroads.assessment.service.assessments import record_assessment
from crossroads.assessment.service.results import record_measure
from crossroads.assessment.service.retakes import set_schedule
from crossroads.booking.service.appointments import set_listing_kinds
from crossroads.booking.service.directory import save_listing
from crossroads.care_team.service.members import add_member
from crossroads.care_team.service.note import write_as_client
from crossroads.coaching.rules.checkins import Cadence, plan_schedule, report_check_in
from crossroads.coaching.rules.experiments import Outcome, plan_strategy
from crossroads.coaching.rules.goals import Measure, MeasureKind, StepStatus, plan_goal, plan_step
from crossroads.coaching.service.coach_input import add_comment, assign_homework
from crossroads.coaching.service.goal_parts import (
    add_obstacle,
    add_step,
    add_strategy,
    change_step,
    judge_strategy,
    record_check_in,
)
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.entries import Entry, EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.service.entries import add_entries
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.people import Person, Role
from crossroads.messaging.service.sending import send_message
from crossroads.messaging.service.threads import open_thread
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access

CLIENT_EMAIL = "alex@demo.crossroads.test"
COACH_EMAIL = "robin@demo.crossroads.test"
PASSWORD = "demo passphrase, not for real use"  # noqa: S105 (public on purpose: demo only)
WEEKS = 6
PRACTICE = Path(__file__).with_name("demo_practitioners.json")

# Kilometres run without stopping at each weekly check-in; None is a missed week.
RUNS = (1.5, 2.0, None, 2.5, 3.0, 3.5)
ANSWERS = {
    "phq9": [0, 1, 0, 1, 1, 0, 0, 0, 0],
    "gad7": [1, 1, 0, 1, 0, 0, 0],
    "who5": [3, 3, 2, 3, 3],
    "goal": "Run 5 km without stopping before the summer",
    "area": "habits_health",
    "steady": 8,
    "region": "GB",
}

TEAM_NOTE = (
    "Robin: weekly coaching on the running plan and the evenings at work. "
    "If my mood keeps dipping, we talk about seeing a therapist as well."
)
# Whether Alex (else Robin) wrote it, what, and how long ago.
EXCHANGE = (
    (
        True,
        "Could we move next week's session to the Thursday? Work is heavy on Wednesday.",
        timedelta(hours=26),
    ),
    (
        False,
        "Thursday works. Same time, same link. Go easy on the Wednesday run if you're tired.",
        timedelta(hours=22),
    ),
)

# (weeks ago, instrument, answers): PHQ-9 3 at the assessment, then 4, then 9.
RETAKES = (
    (4, "phq9", [1, 1, 0, 1, 1, 0, 0, 0, 0]),
    (2, "phq9", [1, 2, 1, 2, 1, 1, 1, 0, 0]),
    (2, "gad7", [1, 1, 1, 1, 0, 0, 0]),
)


@dataclass(frozen=True)
class DemoAccounts:
    client: str
    coach: str
    password: str
    created: bool  # False when the demo data was already there


def load_demo(session: Session, master_keys: MasterKeys, now: datetime) -> DemoAccounts:
    """Add the demo people and their data unless they exist. The caller commits."""
    if find_by_email(session, CLIENT_EMAIL) is not None:
        return DemoAccounts(CLIENT_EMAIL, COACH_EMAIL, PASSWORD, created=False)
    # One hash inside the demo's transaction: it runs once, before the server takes requests.
    password = new_password(PASSWORD)
    client = sign_up(session, email=CLIENT_EMAIL, display_name="Alex", password=password, now=now)
    coach = sign_up(
        session,
        email=COACH_EMAIL,
        display_name="Robin",
        password=password,
        role=Role.PRACTITIONER,
        now=now,
    )
    started = now - timedelta(weeks=WEEKS)
    record_assessment(session, master_keys, ANSWERS, owner=client, now=started)
    _retakes(session, master_keys, client, now)
    grant_access(
        session,
        client,
        practitioner_email=COACH_EMAIL,
        # A coach sees PHQ-9 scores only when the client shares them by name.
        areas=[SharedArea.ASSESSMENTS, SharedArea.CLINICAL, SharedArea.COACHING],
        now=now,
    )
    goal_id = _running_goal(session, master_keys, client, now)
    add_comment(
        session,
        master_keys,
        coach,
        goal_id,
        "Steady progress, and you came back after the missed week. That matters more than speed.",
        now,
    )
    homework = plan_step("Try one run at an easy, chatty pace", now.date() + timedelta(days=5))
    assign_homework(session, master_keys, coach, goal_id, homework, now)
    add_entries(session, master_keys, client, _journal(now), now)
    _practice(session, coach, now)
    _working_together(session, master_keys, client, coach, now)
    return DemoAccounts(CLIENT_EMAIL, COACH_EMAIL, PASSWORD, created=True)


def _working_together(
    session: Session, master_keys: MasterKeys, client: Person, coach: Person, now: datetime
) -> None:
    """Robin in Alex's care team, their coordination note, and a question Alex asked Robin
    yesterday with Robin's answer, sending no email: the demo people have no mailbox."""
    add_member(session, client, coach.id, now)
    write_as_client(session, master_keys, client, TEAM_NOTE, now)
    thread = open_thread(session, client.id, coach.id, opened_by="grant", now=now)
    for from_client, text, ago in EXCHANGE:
        writer = client if from_client else coach
        send_message(session, master_keys, writer, thread.id, text, now - ago, notify=False)


def _retakes(session: Session, master_keys: MasterKeys, client: Person, now: datetime) -> None:
    """Two PHQ-9 retakes since the assessment, the latest reliably worse, and a GAD-7 one; a
    fortnightly PHQ-9 schedule. They come before any sharing, so no alert email is queued,
    yet the coach's caseload shows the alert."""
    for weeks_ago, instrument, answers in RETAKES:
        record_measure(
            session,
            master_keys,
            client,
            instrument,
            answers,
            now=now - timedelta(weeks=weeks_ago),
            public_url="",
        )
    set_schedule(session, master_keys, client, client.id, "phq9", 14, now)


def _practice(session: Session, coach: Person, now: datetime) -> None:
    """A directory of invented practitioners (some with their own kinds of appointment), and
    Robin's own listing, linked to the account."""
    for fields in json.loads(PRACTICE.read_text(encoding="utf-8")):
        kinds = fields.pop("appointments", None)
        listing_id, _ = save_listing(session, fields, now)
        if kinds is not None:
            set_listing_kinds(session, listing_id, kinds, now)
    robin = {
        "email": COACH_EMAIL,
        "name": "Robin Hale",
        "kind": "coach",
        "certifications": [{"body": "ICF", "level": "PCC"}],
        "specialties": ["habits_health", "confidence", "work_life_balance"],
        "approaches": ["grow", "solution_focused"],
        "time_zone": "Europe/London",
        "bio": "I help people turn a vague wish into a plan they can keep, one week at a time.",
        "availability": {"weekly": [[day, "09:00", "17:00"] for day in range(5)]},
    }
    save_listing(session, robin, now, person_id=coach.id)


def _journal(now: datetime) -> list[Entry]:
    """Five weeks of evening entries: work days that end in overworking and a dip, runs that
    lift the next day, a weekend of rest, and two exercises."""
    entries = []
    for days_ago in range(35, 0, -1):
        moment = (now - timedelta(days=days_ago)).replace(hour=20, minute=30)
        weekday = moment.weekday()
        if weekday < 5 and days_ago % 3 == 0:
            entry = plan_entry(
                at=moment,
                mood=3,
                emotions=["overwhelmed", "tired"],
                situation="work",
                coping=["overwork"],
                what_happened="A deadline moved up",
            )
        elif weekday < 5:
            entry = plan_entry(
                at=moment, mood=6, emotions=["calm"], situation="work", coping=["movement"]
            )
        else:
            entry = plan_entry(at=moment, mood=7, emotions=["content"], coping=["rest", "support"])
        entries.append(entry)
    for days_ago, kind, answers in (
        (20, EntryKind.SELF_COMPASSION, {"friend": "You are doing more than enough."}),
        (6, EntryKind.THOUGHT_RECORD, {"thought": "If I stop now I will fall behind."}),
    ):
        entries.append(plan_exercise(kind, answers, now - timedelta(days=days_ago, hours=2)))
    return sorted(entries, key=lambda entry: entry.at)


def _running_goal(session: Session, master_keys: MasterKeys, client: Person, now: datetime) -> str:
    started = now.date() - timedelta(weeks=WEEKS)
    goal = plan_goal(
        what="Run 5 km without stopping",
        why="To feel strong again and clear my head after work",
        area=Area.HABITS_HEALTH,
        measure=Measure(MeasureKind.NUMBER, "km", 1.0, 5.0),
        starts_on=started,
        target_date=started + timedelta(weeks=14),
    )
    schedule = plan_schedule(Cadence.WEEKLY, started)
    goal_id = add_goal(
        session,
        master_keys,
        client,
        goal,
        schedule,
        now=now,
        reality="I can run about 1 km, then walk.",
        confidence=7,
    ).id
    first_steps = ("Buy proper running shoes", "Download a couch-to-5k plan", "Run with a friend")
    step_ids = [
        add_step(session, master_keys, client, goal_id, plan_step(text), now).id
        for text in first_steps
    ]
    for step_id in step_ids[:2]:
        change_step(session, master_keys, client, step_id, status=StepStatus.DONE)
    evenings = add_obstacle(session, master_keys, client, goal_id, "Too tired after work", now).id
    lunch = add_strategy(
        session,
        master_keys,
        client,
        evenings,
        plan_strategy("Run at lunchtime twice a week", started, started + timedelta(weeks=2)),
        now,
    ).id
    judge_strategy(session, master_keys, client, lunch, Outcome.PARTLY, "Fine when no meetings")
    for week, km in enumerate(RUNS):
        if km is not None:
            _check_in(
                session, master_keys, client, goal_id, started + timedelta(weeks=week), km, now
            )
    return goal_id


def _check_in(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    goal_id: str,
    day: date,
    km: float,
    now: datetime,
) -> None:
    report = report_check_in(value=km, did=f"Ran {km:g} km in one go", confidence=7)
    record_check_in(session, master_keys, client, goal_id, report, now=now, day=day)
