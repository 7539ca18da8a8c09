"""Referrals: a practitioner (a coach, say) suggests another kind of help (therapy, say) to a
client who has shared with them, with a reason. The client reads it, chooses a practitioner of
that kind and consents to what is shared with them, or declines. The referrer learns only
whether it was accepted: never whom the client chose or what they shared.

The kind of help suggested is sealed with the reason, under the client's data key: that a
practitioner suggested therapy is health information. The audit log names a "referral".
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from crossroads.assessment.rules.triage import Route
from crossroads.booking.rules.matching import Match
from crossroads.booking.service.directory import listing
from crossroads.booking.service.matching import matches_for
from crossroads.care_team.service.referrals import join_through_referral
from crossroads.casework.store import referrals as store
from crossroads.casework.store.referrals import ACCEPTED, DECLINED, OPEN, ReferralRow
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.jurisdictions import place_of
from crossroads.kernel.parsing import parse_written
from crossroads.kernel.people import Person, Role
from crossroads.messaging.service.threads import open_thread
from crossroads.platform.audit import record_access
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault, seal_leftovers
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import clients_of, grant_access

REASON_FIELD = "referral reason"
AUDIT_TARGET = "referral"
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
        status=OPEN,
        chosen_id=None,
        created_at=now,
        decided_at=None,
        sealed=Vault(session, master_keys).seal_json(
            client_id, REASON_FIELD, {"reason": reason, "to": to.value}
        ),
    )
    store.add(session, row)
    record_access(
        session,
        actor=practitioner.label,
        subject_id=client_id,
        action="change",
        target=AUDIT_TARGET,
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
    received = []
    for row in store.referrals_to_client(session, client.id):
        sealed = _opened(vault, row)
        received.append(
            Received(
                row.id,
                _name(session, row.referrer_id),
                sealed.to,
                sealed.reason,
                row.status,
                row.created_at,
            )
        )
    return received


def sent(session: Session, master_keys: MasterKeys, practitioner: Person) -> list[Sent]:
    vault = Vault(session, master_keys)
    return [
        Sent(
            row.id,
            row.client_id,
            _name(session, row.client_id),
            _opened(vault, row).to,
            row.status,
            row.created_at,
        )
        for row in store.referrals_by(session, practitioner.id)
    ]


def seal_plaintext_referral_kinds(session: Session, master_keys: MasterKeys) -> int:
    """Move the kind of referrals stored before it was sealed into their sealed reason."""
    vault = Vault(session, master_keys)

    def seal(row: ReferralRow) -> None:
        payload = vault.open_json(row.client_id, REASON_FIELD, row.sealed)
        row.sealed = vault.seal_json(
            row.client_id, REASON_FIELD, {**payload, "to": row.legacy_kind}
        )
        row.legacy_kind = None

    return seal_leftovers(
        session, lambda: store.referrals_with_plaintext_kind(session, limit=500), seal
    )


def accept(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    referral_id: str,
    practitioner_id: str,
    areas: list[Area],
    now: datetime,
    *,
    share_reason: bool = False,
    sees_team: bool = False,
    public_url: str = "",
) -> bool:
    """The client takes the suggestion up with the practitioner they chose, and shares the
    areas they chose with them (none is fine: they can share later). The practitioner joins
    the client's care team, reading the reason only when `share_reason` and the rest of the
    team only when `sees_team`; the referrer joins it too, seeing no one else. A message
    thread opens between the client and the chosen practitioner. True when they joined; False
    when their listing has no account yet, so there is no one to put in the team."""
    row = _open_for(session, client, referral_id)
    if not practitioner_id.strip():
        raise InvalidInput("practitioner", "choose a practitioner")
    chosen = listing(session, practitioner_id)
    sealed = _opened(Vault(session, master_keys), row)
    offers = chosen.profile.offers(now.date())
    if sealed.to.value not in offers:
        raise InvalidInput("practitioner", f"choose a practitioner who offers {sealed.to.value}")
    if areas:
        if chosen.person_id is None:
            raise InvalidInput("areas", "this practitioner has no account to share with yet")
        grant_access(session, client, practitioner_email=chosen.email, areas=areas, now=now)
    row.status, row.chosen_id, row.decided_at = ACCEPTED, chosen.id, now
    if chosen.person_id is None:
        return False
    join_through_referral(
        session,
        master_keys,
        client,
        chosen.person_id,
        sealed.reason if share_reason else None,
        now,
        referrer_id=row.referrer_id,
        sees_team=sees_team,
        public_url=public_url,
    )
    open_thread(session, client.id, chosen.person_id, opened_by="referral", now=now)
    return True


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


@dataclass(frozen=True)
class _Sealed:
    to: ReferTo
    reason: str


def _opened(vault: Vault, row: ReferralRow) -> _Sealed:
    """The sealed kind and reason; the kind of a row `db upgrade` has not sealed yet is
    still in plaintext."""
    payload = vault.open_json(row.client_id, REASON_FIELD, row.sealed)
    return _Sealed(ReferTo(payload.get("to", row.legacy_kind)), payload["reason"])


def _name(session: Session, person_id: str) -> str:
    person = find_person(session, person_id)
    return person.display_name if person else "someone no longer on Crossroads"


def practitioners_to_refer_to(
    session: Session, client: Person, today: date
) -> dict[ReferTo, tuple[Match, ...]]:
    """For each kind of help a client can be referred to, the practitioners who offer it and
    take new clients where the client is (a therapist only where their licence holds), best
    matches first."""
    place = place_of(client.region, client.subdivision)
    return {
        kind: matches_for(
            session, Route(kind.value), frozenset(), None, today, place=place
        ).together
        for kind in ReferTo
    }
