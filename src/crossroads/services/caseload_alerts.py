"""Safety alerts from a client's own words, for their practitioners' caseload: journal entries
(under the journal grant), goal check-ins and coaching-conversation answers (under the coaching
grant) written in the last two weeks whose screen, sealed with them, was `urgent` or `acute`.
Each area's read is audited under its grant, and only the recent rows are opened."""

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.coaching.service.alerts import coaching_words_alerts
from crossroads.domain.measures import Alert, words_alert
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person, zone_of
from crossroads.security.encryption import MasterKeys
from crossroads.services.consents import access_under_grant
from crossroads.services.journal import ENTRY_FIELD
from crossroads.services.safety_alerts import RECENT, level_in
from crossroads.services.vault import Vault
from crossroads.store import journal as journal_store

AREAS = (Area.JOURNAL, Area.COACHING)  # the areas whose words can raise an alert


def words_alerts(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client: Person,
    areas: Collection[Area],
    now: datetime,
) -> list[Alert]:
    """The alerts raised by the client's recent words in the areas they share with the
    practitioner (`areas`, as the caseload found them; the grant is checked again here)."""
    vault = Vault(session, master_keys)
    found: list[Alert | None] = []
    if Area.JOURNAL in areas:
        found += _journal(session, vault, practitioner, client, now)
    if Area.COACHING in areas:
        found += coaching_words_alerts(session, vault, practitioner, client, now)
    return [alert for alert in found if alert is not None]


def _journal(
    session: Session, vault: Vault, practitioner: Person, client: Person, now: datetime
) -> list[Alert | None]:
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
        for row in journal_store.entries_of(session, client.id, since=since)
        if row.created_at >= since  # an old history brought in lately raises nothing
    ]
