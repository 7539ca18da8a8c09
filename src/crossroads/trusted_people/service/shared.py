"""What a trusted person sees through their link: only what the client shares at this moment,
read fresh on every visit, each view written to the client's access log.

The link is the only credential. An unknown link, a revoked one and one past its date are
refused alike (LinkClosed), so a link says nothing about whether it ever opened anything.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.journal.service.entries import journal_of
from crossroads.kernel.errors import NotFound
from crossroads.kernel.people import Person, local_today
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import as_person, find_person
from crossroads.safety_plan.rules import SafetyPlan
from crossroads.safety_plan.service import plan_of
from crossroads.security.encryption import MasterKeys
from crossroads.security.tokens import token_digest
from crossroads.trusted_people import store
from crossroads.trusted_people.rules import SUMMARY_WEEKS, TrustedArea, WeekOfMoods, weekly_moods
from crossroads.trusted_people.service.invitations import choice_of, trusted_actor

# What each area's view is called in the audit chain (ops/access_log.py puts it in words).
PLAN_TARGET = "safety plan"
MOODS_TARGET = "weekly mood summary"


class LinkClosed(NotFound):
    """The link opens nothing now: unknown, revoked or past its date, alike."""


@dataclass(frozen=True)
class SharedView:
    """What one visit shows. `from_name` is the client's name where they chose to show it;
    `plan` and `moods` are None where not shared; a shared plan not yet written comes with
    `plan_written` False."""

    from_name: str | None
    plan: SafetyPlan | None
    plan_written: bool
    moods: tuple[WeekOfMoods, ...] | None
    link_expires_at: datetime


def shared_view(session: Session, master_keys: MasterKeys, token: str, now: datetime) -> SharedView:
    """Open the link's invitation and read what it shares now; LinkClosed where it opens
    nothing. The caller commits, so that the views are logged."""
    row = store.find_by_digest(session, token_digest(token))
    if row is None or row.link_expires_at <= now:
        raise LinkClosed("this link opens nothing now")
    found = find_person(session, row.client_id)
    if found is None:
        raise LinkClosed("this link opens nothing now")
    client = as_person(found)
    choice = choice_of(row)
    plan, written, moods = None, False, None
    if TrustedArea.SAFETY_PLAN in choice.areas:
        kept = plan_of(session, master_keys, client)
        plan, written = kept.plan, kept.updated_at is not None
        _log(session, row.id, client, PLAN_TARGET, now)
    if TrustedArea.MOODS in choice.areas:
        moods = _moods(session, master_keys, client, now)
        _log(session, row.id, client, MOODS_TARGET, now)
    name = client.display_name if choice.show_my_name else None
    return SharedView(name, plan, written, moods, row.link_expires_at)


def _moods(
    session: Session, master_keys: MasterKeys, client: Person, now: datetime
) -> tuple[WeekOfMoods, ...]:
    """Days and moods only leave the journal: never an entry's words, emotions or coping."""
    since = now - timedelta(weeks=SUMMARY_WEEKS + 1)
    days = [
        (each.entry.at.date(), each.entry.mood)
        for each in journal_of(session, master_keys, client, since)
    ]
    return weekly_moods(days, local_today(client, now))


def _log(session: Session, invitation_id: str, client: Person, target: str, now: datetime) -> None:
    record_access(
        session,
        actor=trusted_actor(invitation_id),
        subject_id=client.id,
        action="read",
        target=target,
        now=now,
    )
