"""Telling practitioners at once when a client's results or own words screen `urgent` or
`acute` (never a `check` alone), each under the grant for the area they belong to, and keeping
a screen's level sealed beside the words it was read from.

The level lives only inside the sealed payload: a plaintext "risk" row would itself tell whoever
steals the database who is at risk.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crossroads.kernel.consent import Area
from crossroads.kernel.risk import RiskLevel, RiskScreen
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import PersonRow, find_person
from crossroads.sharing import store as consents

RISK = "risk"  # the key of a screen inside a sealed payload
RECENT = timedelta(days=14)  # words older than this no longer raise an alert on the caseload
ALERTING = (RiskLevel.URGENT, RiskLevel.ACUTE)
WORDS_SUBJECT = "A client on Crossroads needs your attention"
_SHARED = {Area.JOURNAL: "their journal", Area.COACHING: "their coaching"}


def sealed_screen(screen: RiskScreen) -> dict[str, Any]:
    """A screen as it is kept inside the sealed payload of the words it was read from."""
    return {
        "level": str(screen.level),
        "reasons": [
            {"source": r.source, "by": str(r.by), "evidence": r.evidence, "level": str(r.level)}
            for r in screen.reasons
        ],
    }


def level_in(payload: dict[str, Any]) -> RiskLevel:
    """The level sealed in a payload; `none` for words saved before levels were kept."""
    kept = payload.get(RISK)
    return RiskLevel(kept["level"]) if kept else RiskLevel.NONE


def alerting(level: RiskLevel) -> bool:
    return level in ALERTING


def tell_about_words(
    session: Session, client_id: str, area: Area, screen: RiskScreen, *, now: datetime
) -> None:
    """Email each practitioner holding the client's grant for `area` when the words screened
    `urgent` or `acute`. An email can be read by others, so it names neither the client, nor
    the words, nor the result."""
    if not alerting(screen.level):
        return

    def body(practitioner: PersonRow) -> str:
        return (
            f"Hello {practitioner.display_name},\n\n"
            f"A client who shares {_SHARED[area]} with you wrote something that needs your "
            "attention now. Please sign in to Crossroads and open your caseload: the client "
            "is at the top of it.\n"
        )

    tell_grant_holders(session, client_id, area, subject=WORDS_SUBJECT, body=body, now=now)


def tell_grant_holders(
    session: Session,
    client_id: str,
    area: Area,
    *,
    subject: str,
    body: Callable[[PersonRow], str],
    now: datetime,
) -> None:
    """Queue one email to each practitioner holding the client's grant for `area` now."""
    tell_each(
        session, client_id, holding(session, client_id, area), subject=subject, body=body, now=now
    )


def tell_each(
    session: Session,
    client_id: str,
    practitioner_ids: Iterable[str],
    *,
    subject: str,
    body: Callable[[PersonRow], str],
    now: datetime,
) -> None:
    """Queue one email about the client to each of these practitioners; it is about the client
    too, so deleting either person purges it."""
    for practitioner_id in practitioner_ids:
        practitioner = find_person(session, practitioner_id)
        if practitioner is None:
            continue
        queue_message(
            session,
            recipient=practitioner.email,
            subject=subject,
            body=body(practitioner),
            now=now,
            about=[client_id],
        )


def holding(session: Session, client_id: str, area: Area) -> list[str]:
    """The ids of the practitioners holding the client's grant for `area` now."""
    return [
        grant.practitioner_id
        for grant in consents.grants_of_client(session, client_id)
        if grant.revoked_at is None and grant.area == str(area)
    ]
