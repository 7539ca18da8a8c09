"""Referrals: a practitioner (a coach, say) suggests another kind of help (therapy, say) to a
client who has shared with them, with a reason. The client reads it, chooses a practitioner of
that kind and consents to what is shared with them, or declines. The referrer learns only
whether it was accepted: never whom the client chose or what they shared.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from crossroads.domain.errors import InvalidInput, NotFound
from crossroads.domain.parsing import parse_written
from crossroads.security.consent import Area, Role
from crossroads.security.encryption import MasterKeys
from crossroads.services.accounts import Person
from crossroads.services.audit import record_access
from crossroads.services.consents import clients_of, grant_access
from crossroads.services.directory import listing
from crossroads.services.outbox import queue_message
from crossroads.services.vault import Vault
from crossroads.store import referrals as store
from crossroads.store.people import find_person
from crossroads.store.referrals import ACCEPTED, DECLINED, OPEN, ReferralRow

REASON_FIELD = "referral reason"
MAX_REASON = 2000


class ReferTo(StrEnum):
    THERAPY = "therapy"
    COACHING = "coaching"


@dataclass(frozen=True)
class Received:
    id: str
    referrer: str
    to: ReferTo
    reason: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class Sent:
    id: str
    client_id: str
    client: str
    to: ReferTo
    status: str  # open, accepted or declined, and nothing more
    created_at: datetime


def refer(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    to: ReferTo,
    reason: str,
    now: datetime,
) -> str:
    """Only a practitioner a client shares something with may refer them; audited."""
    if practitioner.role is not Role.PRACTITIONER:
        raise NotFound(f"no client {client_id}")
    if all(view.other.id != client_id for view in clients_of(session, practitioner)):
        raise NotFound(f"no client {client_id} has shared with you")
    reason = parse_written(reason, "reason", MAX_REASON, missing="say why you suggest it")
    row = ReferralRow(
        id=str(uuid.uuid4()),
        referrer_id=practitioner.id,
        client_id=client_id,
        to_kind=to.value,
        status=OPEN,
        chosen_id=None,
        created_at=now,
        decided_at=None,
        sealed=Vault(session, master_keys).seal_json(client_id, REASON_FIELD, {"reason": reason}),
    )
    store.add(session, row)
    record_access(
        session,
        actor=practitioner.label,
        subject_id=client_id,
        action="change",
        target=f"referral to {to.value}",
    )
    client = find_person(session, client_id)
    if client is not None:
        queue_message(
            session,
            recipient=client.email,
            subject="A suggestion from your practitioner",
            body=f"Hello {client.display_name},\n\n{practitioner.display_name} has left you a "
            "suggestion. You can read it, and choose whether to go ahead, on your Crossroads "
            "referrals page.\n",
            now=now,
            about=[practitioner.id],
        )
    return row.id


def received(session: Session, master_keys: MasterKeys, client: Person) -> list[Received]:
    vault = Vault(session, master_keys)
    return [
        Received(
            row.id,
            _name(session, row.referrer_id),
            ReferTo(row.to_kind),
            vault.open_json(client.id, REASON_FIELD, row.sealed)["reason"],
            row.status,
            row.created_at,
        )
        for row in store.referrals_to_client(session, client.id)
    ]


def sent(session: Session, practitioner: Person) -> list[Sent]:
    return [
        Sent(
            row.id,
            row.client_id,
            _name(session, row.client_id),
            ReferTo(row.to_kind),
            row.status,
            row.created_at,
        )
        for row in store.referrals_by(session, practitioner.id)
    ]


def accept(
    session: Session,
    client: Person,
    referral_id: str,
    practitioner_id: str,
    areas: list[Area],
    now: datetime,
) -> None:
    """The client takes the suggestion up with the practitioner they chose, and shares the
    areas they chose with them (none is fine: they can share later)."""
    row = _open_for(session, client, referral_id)
    if not practitioner_id.strip():
        raise InvalidInput("practitioner", "choose a practitioner")
    chosen = listing(session, practitioner_id)
    to = ReferTo(row.to_kind)
    offers = chosen.profile.offers(now.date())
    if to.value not in offers:
        raise InvalidInput("practitioner", f"choose a practitioner who offers {to.value}")
    if areas:
        if chosen.person_id is None:
            raise InvalidInput("areas", "this practitioner has no account to share with yet")
        grant_access(session, client, practitioner_email=chosen.email, areas=areas, now=now)
    row.status, row.chosen_id, row.decided_at = ACCEPTED, chosen.id, now


def decline(session: Session, client: Person, referral_id: str, now: datetime) -> None:
    row = _open_for(session, client, referral_id)
    row.status, row.decided_at = DECLINED, now


def _open_for(session: Session, client: Person, referral_id: str) -> ReferralRow:
    row = store.find_referral(session, referral_id, lock=True)
    if row is None or row.client_id != client.id:
        raise NotFound(f"no referral with id {referral_id}")
    if row.status != OPEN:
        raise InvalidInput("referral", "this referral has already been answered")
    return row


def _name(session: Session, person_id: str) -> str:
    person = find_person(session, person_id)
    return person.display_name if person else "someone no longer on Crossroads"
