"""Safety alerts from a client's own words, for their practitioners' caseload: journal entries
(under the journal grant), goal check-ins and coaching-conversation answers (under the coaching
grant) written in the last two weeks whose screen, sealed with them, was `urgent` or `acute`.
Each area's read is audited under its grant, and only the recent rows are opened."""

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import Alert
from crossroads.coaching.service.alerts import coaching_words_alerts
from crossroads.journal.service.alerts import journal_words_alerts
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys

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
        found += journal_words_alerts(session, vault, practitioner, client, now)
    if Area.COACHING in areas:
        found += coaching_words_alerts(session, vault, practitioner, client, now)
    return [alert for alert in found if alert is not None]
