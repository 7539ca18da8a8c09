"""Safety alerts from a client's journal, for a practitioner holding the journal grant: entries
written in the last two weeks whose screen, sealed with them, was `urgent` or `acute`. The read
is audited under the grant, and only the recent entries are opened."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import Alert, words_alert
from crossroads.journal.service.entries import ENTRY_FIELD
from crossroads.journal.store import entries as store
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person, zone_of
from crossroads.platform.vault import Vault
from crossroads.sharing.service.alerts import RECENT, level_in
from crossroads.sharing.service.grants import access_under_grant


def journal_words_alerts(
    session: Session, vault: Vault, practitioner: Person, client: Person, now: datetime
) -> list[Alert | None]:
    """One entry per recent journal entry: its alert, or None below `urgent`."""
    access_under_grant(
        session, practitioner, client.id, Area.JOURNAL, action="read", target="journal screens"
    )
    since, zone = now - RECENT, zone_of(client)
    return [
        words_alert(
            row.id,
            row.created_at,
            zone,
            "Journal",
            level_in(vault.open_json(row.owner_id, ENTRY_FIELD, row.sealed)),
        )
        for row in store.entries_of(session, client.id, since=since)
        if row.created_at >= since  # an old history brought in lately raises nothing
    ]
