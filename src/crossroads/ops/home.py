"""A signed-in person's home, gathered across features. For a client: what is due, their next
session, their latest mood and their goals, and the one next step that matters most now. For a
practitioner: alerts first, today's sessions and how many messages wait unread.

Reading only what the person may read: a practitioner's alerts come from their caseload, read
under each client's grants and audited there (casework/service/caseload.py)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.assessment.rules.triage import Route
from crossroads.assessment.service.assessments import assessments_of_person
from crossroads.assessment.service.retakes import Retake, retakes_of
from crossroads.booking.service.booked import Booking
from crossroads.booking.service.bookings import bookings_of, client_name
from crossroads.casework.service.caseload import CaseloadEntry, caseload
from crossroads.casework.service.notes import Homework, homework_of
from crossroads.coaching.service.goals import GoalSummary, goals_of_person
from crossroads.journal.service.entries import journal_of
from crossroads.kernel.people import Person, local_day, zone_of
from crossroads.messaging.service.threads import unread_count
from crossroads.security.encryption import MasterKeys

MOOD_WINDOW = timedelta(days=30)  # how far back the home looks for the latest mood


@dataclass(frozen=True)
class NextStep:
    """The one thing the home page offers first: a button's words, where it goes, and why."""

    label: str
    href: str
    why: str


@dataclass(frozen=True)
class Mood:
    at: datetime  # in the person's own zone
    score: int  # 0 to 10


@dataclass(frozen=True)
class ClientHome:
    today: date  # where the client lives
    goals: list[GoalSummary]  # those still being worked on
    check_ins_due: list[GoalSummary]
    homework: list[Homework]  # not done yet, by the day it is due
    retakes_due: list[Retake]
    next_booking: Booking | None  # the next session not cancelled and not over
    room: str  # the next session's room link while it is open, else empty
    mood: Mood | None  # the latest within MOOD_WINDOW
    unread: int
    route: Route | None  # what the latest assessment suggested; None before any

    @property
    def next_step(self) -> NextStep:
        return next_step(self)

    @property
    def homework_due(self) -> list[Homework]:
        return [each for each in self.homework if each.due_on <= self.today]

    @property
    def anything_due(self) -> bool:
        return bool(self.check_ins_due or self.homework or self.retakes_due or self.unread)


@dataclass(frozen=True)
class TodaysSession:
    booking: Booking
    client_name: str
    room: str  # the room link while it is open, else empty


@dataclass(frozen=True)
class PractitionerHome:
    alerts: list[CaseloadEntry]  # clients with something to look at, safety first
    clients: int  # how many share anything with the practitioner
    sessions: list[TodaysSession]  # today's, where the practitioner lives, by start
    unread: int


def client_home(
    session: Session, master_keys: MasterKeys, client: Person, now: datetime
) -> ClientHome:
    """Everything the client's home shows, read in one go; nothing is written."""
    zone = zone_of(client)
    today = local_day(now, zone)
    goals = [g for g in goals_of_person(session, master_keys, client, now) if g.reminding]
    homework = sorted(
        (each for each in homework_of(session, master_keys, client) if not each.done),
        key=lambda each: each.due_on,
    )
    upcoming = sorted(
        (b for b in bookings_of(session, client) if not b.cancelled and b.ends > now),
        key=lambda b: b.starts,
    )
    following = upcoming[0] if upcoming else None
    assessments = assessments_of_person(session, master_keys, client)
    latest = assessments[-1] if assessments else None
    return ClientHome(
        today=today,
        goals=goals,
        check_ins_due=[g for g in goals if g.standing.due],
        homework=homework,
        retakes_due=[r for r in retakes_of(session, master_keys, client, now) if r.due_on <= today],
        next_booking=following,
        room=following.room(now) if following else "",
        mood=_latest_mood(session, master_keys, client, now),
        unread=unread_count(session, client),
        route=latest.result.route if latest else None,
    )


def _latest_mood(
    session: Session, master_keys: MasterKeys, client: Person, now: datetime
) -> Mood | None:
    entries = journal_of(session, master_keys, client, since=now - MOOD_WINDOW)
    for stored in reversed(entries):
        if stored.entry.mood is not None:
            return Mood(stored.entry.at, stored.entry.mood)
    return None


def next_step(home: ClientHome) -> NextStep:
    """The one step that matters most now: a session about to start, then the crisis lines
    when the latest assessment pointed to a crisis, then what is due (a check-in, homework, a
    questionnaire), then what the assessment suggested, else the journal."""
    if home.room:
        return NextStep("Join your session", home.room, "Your session's room is open now.")
    if home.route is Route.CRISIS:  # safety before anything that is merely due
        why = "Your last assessment suggested talking to someone soon. Help is a call away."
        return NextStep("Talk to someone now", "/help-now", why)
    if home.check_ins_due:
        goal = home.check_ins_due[0]
        why = f"A check-in on “{goal.goal.what}” is due. A quick note on where it stands is enough."
        return NextStep("Check in on your goal", f"/goals/{goal.id}#check-in", why)
    if home.homework_due:
        why = f"Your practitioner suggested: “{home.homework_due[0].text}”."
        return NextStep("See what to try", "/homework", why)
    if home.retakes_due:
        retake = home.retakes_due[0]
        why = f"It is time to answer the {retake.name} again, to see how things have moved."
        return NextStep(f"Answer the {retake.name}", f"/measures/{retake.instrument}", why)
    return _step_after_assessment(home)


def _step_after_assessment(home: ClientHome) -> NextStep:
    if home.route is None:
        why = "A few questions help you see whether therapy, coaching or both fit you now."
        return NextStep("Start the assessment", "/assessment", why)
    if home.route is Route.UNDETERMINED:
        why = (
            "Your last assessment had too few answers to suggest a way. The full one takes minutes."
        )
        return NextStep("Answer a few more questions", "/assessment", why)
    if home.route in {Route.COACHING, Route.BOTH} and not home.goals:
        why = "Your assessment suggested coaching could help. Talking a goal through takes minutes."
        return NextStep("Set your first goal", "/grow", why)
    if home.route in {Route.THERAPY, Route.BOTH} and home.next_booking is None:
        why = "Your assessment suggested therapy could help. See who fits what you told us."
        return NextStep("Find a therapist who fits", "/matches", why)
    why = "A few lines about today help you notice your patterns over time."
    return NextStep("Write about today", "/journal", why)


def practitioner_home(
    session: Session, master_keys: MasterKeys, practitioner: Person, now: datetime
) -> PractitionerHome:
    """The practitioner's home: reading the caseload's alerts is audited in each client's log,
    as on the caseload page."""
    zone = zone_of(practitioner)
    today = local_day(now, zone)
    entries = caseload(session, master_keys, practitioner, now)
    sessions = [
        TodaysSession(b, client_name(session, b), b.room(now))
        for b in sorted(bookings_of(session, practitioner), key=lambda b: b.starts)
        if not b.cancelled and local_day(b.starts, zone) == today
    ]
    return PractitionerHome(
        alerts=[entry for entry in entries if entry.alerts],
        clients=len(entries),
        sessions=sessions,
        unread=unread_count(session, practitioner),
    )
