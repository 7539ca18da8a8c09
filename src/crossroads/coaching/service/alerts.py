"""Safety alerts from a client's coaching words, for a practitioner holding the coaching grant:
goal check-ins and GROW answers of the last two weeks whose screen, sealed with them, was
`urgent` or `acute`. The read is audited under the grant, and only the recent rows are
opened."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import Alert, words_alert
from crossroads.coaching import store
from crossroads.coaching.service.conversations import stage_screens
from crossroads.coaching.service.goals import CHECK_IN_FIELD
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person, zone_of
from crossroads.platform.vault import Vault
from crossroads.sharing.service.alerts import RECENT, level_in
from crossroads.sharing.service.grants import access_under_grant


def coaching_words_alerts(
    session: Session, vault: Vault, practitioner: Person, client: Person, now: datetime
) -> list[Alert | None]:
    """One entry per recent check-in and answered stage: its alert, or None below `urgent`."""
    access_under_grant(
        session, practitioner, client.id, Area.COACHING, action="read", target="coaching screens"
    )
    since, zone = now - RECENT, zone_of(client)
    check_ins = [
        words_alert(
            row.id,
            row.created_at,
            zone,
            "Goal check-in",
            level_in(vault.open_json(row.owner_id, CHECK_IN_FIELD, row.sealed)),
        )
        for row in store.check_ins_since(session, client.id, since)
    ]
    answers = [
        words_alert(
            f"{screen.conversation_id}-{screen.stage}",
            screen.at,
            zone,
            "Coaching conversation",
            screen.level,
        )
        for row in store.conversations_touched_since(session, client.id, since)
        for screen in stage_screens(vault, row)
        if screen.at >= since
    ]
    return check_ins + answers
