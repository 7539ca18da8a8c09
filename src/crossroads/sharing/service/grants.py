"""Clients grant practitioners access to named areas of their data, and revoke it at once.

A client shares by typing an address. So that the answer never tells whether a practitioner has
that address, a share with an address no practitioner has is kept and listed exactly like a
grant: it opens nothing, and if that person joins later the client shares again.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from crossroads.kernel.consent import Area, Grant, clinical_grant, licensed_on, standing_grant
from crossroads.kernel.errors import ConsentMissing, InvalidInput, NotFound
from crossroads.kernel.people import Person, Role, normalise_email
from crossroads.platform import person_rows as people
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import as_person
from crossroads.sharing import store as consents
from crossroads.sharing.store import GrantRow, UnmatchedShareRow


@dataclass(frozen=True)
class Share:
    """A share as the client who made it sees it: named by the address they gave."""

    id: str
    address: str
    area: Area
    granted_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class GrantView:
    """A grant as either side sees it, with the other person named."""

    grant: Grant
    other: Person


def _grant(row: GrantRow) -> Grant:
    return Grant(
        row.id, row.client_id, row.practitioner_id, Area(row.area), row.granted_at, row.revoked_at
    )


def grant_access(
    session: Session, client: Person, *, practitioner_email: str, areas: list[Area], now: datetime
) -> list[Share]:
    """Share each area with the address; an area already shared with it keeps its share. The
    answer looks the same whether or not a practitioner has the address."""
    if client.role is not Role.CLIENT:
        raise InvalidInput("practitioner_email", "only clients share their data with practitioners")
    address = normalise_email(practitioner_email)
    if not areas:
        raise InvalidInput("areas", "choose at least one area to share")
    practitioner = people.find_person_by_email(session, address)
    if practitioner is None or practitioner.role != Role.PRACTITIONER:
        return [
            _unmatched_share(session, client, address, area, now) for area in dict.fromkeys(areas)
        ]
    existing = [_grant(row) for row in consents.grants_of_client(session, client.id)]
    granted = []
    for area in dict.fromkeys(areas):
        grant = standing_grant(
            existing, practitioner_id=practitioner.id, client_id=client.id, area=area
        )
        if grant is None:
            row = consents.add_grant(
                session,
                GrantRow(
                    id=str(uuid.uuid4()),
                    client_id=client.id,
                    practitioner_id=practitioner.id,
                    area=str(area),
                    granted_at=now,
                ),
            )
            grant = _grant(row)
        granted.append(Share(grant.id, address, area, grant.granted_at, grant.revoked_at))
    return granted


def _unmatched_share(
    session: Session, client: Person, address: str, area: Area, now: datetime
) -> Share:
    for row in consents.unmatched_shares_of(session, client.id):
        if row.practitioner_email == address and row.area == area and row.revoked_at is None:
            return _share(row)
    row = UnmatchedShareRow(
        id=str(uuid.uuid4()),
        client_id=client.id,
        practitioner_email=address,
        area=str(area),
        granted_at=now,
    )
    consents.add_unmatched_share(session, row)
    return _share(row)


def _share(row: UnmatchedShareRow) -> Share:
    return Share(row.id, row.practitioner_email, Area(row.area), row.granted_at, row.revoked_at)


def shares_given(session: Session, client: Person) -> list[Share]:
    """Every share the client made, matched or not, oldest first."""
    matched = [
        Share(
            view.grant.id,
            view.other.email,
            view.grant.area,
            view.grant.granted_at,
            view.grant.revoked_at,
        )
        for view in grants_given(session, client)
    ]
    unmatched = [_share(row) for row in consents.unmatched_shares_of(session, client.id)]
    return sorted(matched + unmatched, key=lambda share: share.granted_at)


def revoke_grant(session: Session, client: Person, grant_id: str, now: datetime) -> None:
    """Takes effect on the practitioner's very next request; revoking twice is harmless."""
    row = consents.find_grant(session, grant_id) or consents.find_unmatched_share(session, grant_id)
    if row is None or row.client_id != client.id:
        raise NotFound(f"no grant with id {grant_id}")
    if row.revoked_at is None:
        row.revoked_at = now


def grants_given(session: Session, client: Person) -> list[GrantView]:
    return [
        GrantView(_grant(row), _person(session, row.practitioner_id))
        for row in consents.grants_of_client(session, client.id)
    ]


def clients_of(session: Session, practitioner: Person) -> list[GrantView]:
    """The standing grants this practitioner holds, each with its client."""
    return [
        GrantView(_grant(row), _person(session, row.client_id))
        for row in consents.grants_to_practitioner(session, practitioner.id)
    ]


def require_grant(session: Session, practitioner: Person, client_id: str, area: Area) -> Grant:
    """The standing grant that lets the practitioner into this area, or ConsentMissing."""
    if practitioner.role is not Role.PRACTITIONER:
        raise ConsentMissing("only practitioners can hold grants")
    grants = [_grant(row) for row in consents.grants_of_client(session, client_id)]
    grant = standing_grant(grants, practitioner_id=practitioner.id, client_id=client_id, area=area)
    if grant is None:
        raise ConsentMissing(f"no standing grant for {area}")
    return grant


@dataclass(frozen=True)
class QuestionnaireGrants:
    """The grants under which a practitioner sees a client's questionnaires today: `measures`
    (the assessments grant) and `clinical` (the one that opens the clinical questionnaires, the
    same grant for a licensed therapist), each None where none does."""

    measures: Grant | None
    clinical: Grant | None


def questionnaire_grants(
    session: Session, practitioner: Person, client_id: str, today: date
) -> QuestionnaireGrants:
    """Which of the client's questionnaires the practitioner may see `today`, by the rule in
    kernel/consent.py: a licence that holds today, kept on the account from their listing,
    turns the assessments grant into a clinical one."""
    row = people.find_person(session, practitioner.id)
    if practitioner.role is not Role.PRACTITIONER or row is None:
        return QuestionnaireGrants(None, None)
    grants = [_grant(each) for each in consents.grants_of_client(session, client_id)]
    ids = {"practitioner_id": practitioner.id, "client_id": client_id}
    return QuestionnaireGrants(
        standing_grant(grants, **ids, area=Area.ASSESSMENTS),
        clinical_grant(grants, **ids, clinician=licensed_on(row.clinical_until, today)),
    )


def in_caseload(session: Session, practitioner: Person, client_id: str) -> list[Grant]:
    """The grants this client holds open to this practitioner now; NotFound when none, so that
    a client's existence does not leak to a practitioner they never shared with."""
    grants = [
        view.grant for view in clients_of(session, practitioner) if view.other.id == client_id
    ]
    if not grants:
        raise NotFound(f"no client {client_id} has shared with you")
    return grants


def access_under_grant(
    session: Session,
    practitioner: Person,
    client_id: str,
    area: Area,
    *,
    action: str,
    target: str,
) -> Grant:
    """Let the practitioner into this area of the client's data, writing the access to the
    client's log under the grant that allows it; ConsentMissing without a standing grant."""
    grant = require_grant(session, practitioner, client_id, area)
    record_access(
        session,
        actor=practitioner.label,
        subject_id=client_id,
        action=action,
        target=target,
        grant_id=grant.id,
    )
    return grant


def _person(session: Session, person_id: str) -> Person:
    row = people.find_person(session, person_id)
    if row is None:
        raise NotFound(f"no person with id {person_id}")
    return as_person(row)
