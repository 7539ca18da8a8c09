"""A person's journal insights, read from their own entries in their own time zone; and for a
practitioner the client shared their journal with, the same patterns (never the entries)."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.journal.rules.insights import JournalInsights, journal_insights
from crossroads.journal.service.entries import journal_of
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import NotFound
from crossroads.kernel.people import Person, local_today
from crossroads.platform.person_rows import as_person, find_person
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import access_under_grant


def insights_of(
    session: Session, master_keys: MasterKeys, owner: Person, now: datetime
) -> JournalInsights:
    entries = [stored.entry for stored in journal_of(session, master_keys, owner)]
    return journal_insights(entries, local_today(owner, now))


def client_journal_insights(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    now: datetime,
) -> JournalInsights:
    """A client's journal patterns for a practitioner holding their journal grant (audited).
    The patterns only: the entries themselves stay the client's."""
    access_under_grant(
        session, practitioner, client_id, Area.JOURNAL, action="read", target="journal insights"
    )
    client = find_person(session, client_id)
    if client is None:
        raise NotFound(f"no client {client_id}")
    return insights_of(session, master_keys, as_person(client), now)
