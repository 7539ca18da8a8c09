"""Check-in reminders: one email per person per pass, for the goals whose check-in is due by
the person's own calendar and not yet reminded of in this period. An email can be read by
others, so it never names a goal or quotes anything the person wrote; it links to the goals
page. After two missed check-ins in a row the wording is a kind nudge, not a scolding."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.checkins import Cadence, Reminder, Schedule, reminder_due
from crossroads.kernel.people import local_today
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import PersonRow, as_person, find_person

SUBJECT = "A check-in is waiting for you on Crossroads"
NUDGE_SUBJECT = "Whenever you are ready: your goals on Crossroads"


@dataclass(frozen=True)
class ReminderPass:
    people: int  # emails queued
    goals: int  # goals reminded of


def queue_check_in_reminders(session: Session, *, public_url: str, now: datetime) -> ReminderPass:
    """Queue the reminders due at `now` in the caller's transaction; each goal is marked with
    the period it was reminded of, so the next pass does not repeat it. The caller commits."""
    people = goals = 0
    for owner_id, owned in groupby(store.active_goals_to_review(session), lambda g: g.owner_id):
        owner = find_person(session, owner_id)
        if owner is None or not owner.check_in_reminders:
            continue
        today = local_today(as_person(owner), now)
        due: list[Reminder] = []
        for goal in owned:
            schedule = Schedule(Cadence(goal.cadence), goal.every_days, goal.starts_on)
            days = store.check_in_days(session, goal.id)
            reminder = reminder_due(schedule, days, today, goal.reminded_period)
            if reminder is not None:
                goal.reminded_period = reminder.period
                due.append(reminder)
        if due:
            _queue(session, owner, due, public_url, now)
            people, goals = people + 1, goals + len(due)
    return ReminderPass(people, goals)


def _queue(
    session: Session, owner: PersonRow, due: list[Reminder], public_url: str, now: datetime
) -> None:
    site = public_url.rstrip("/")
    which = "One of your goals is" if len(due) == 1 else f"{len(due)} of your goals are"
    if any(reminder.nudge for reminder in due):
        subject = NUDGE_SUBJECT
        opening = (
            "It has been a little while since your last check-in, and that is all right: plans "
            "meet real life. A short note on where things stand, even 'not much happened', is "
            "enough to pick up the thread."
        )
    else:
        subject = SUBJECT
        opening = f"{which} ready for a check-in. A line or two on how it is going is enough."
    body = (
        f"Hello {owner.display_name},\n\n{opening}\n\n{site}/goals\n\n"
        f"You can turn these emails off on your account page: {site}/account#time\n"
    )
    queue_message(session, recipient=owner.email, subject=subject, body=body, now=now)
