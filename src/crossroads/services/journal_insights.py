"""A person's journal insights, read from their own entries in their own time zone."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.domain.journal_insights import JournalInsights, journal_insights
from crossroads.security.encryption import MasterKeys
from crossroads.services.accounts import Person
from crossroads.services.goals import local_today
from crossroads.services.journal import journal_of


def insights_of(
    session: Session, master_keys: MasterKeys, owner: Person, now: datetime
) -> JournalInsights:
    entries = [stored.entry for stored in journal_of(session, master_keys, owner)]
    return journal_insights(entries, local_today(owner, now))
