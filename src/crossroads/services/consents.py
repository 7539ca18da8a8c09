"""Clients grant practitioners access to named areas of their data, and revoke it at once."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.domain.errors import ConsentMissing, InvalidInput, NotFound
from crossroads.security.consent import Area, Grant, Role, standing_grant
from crossroads.services.accounts import Person, as_person
from crossroads.services.audit import record_access
from crossroads.store import consents, people
from crossroads.store.consents import GrantRow


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
) -> list[Grant]:
    """Grant each area to the practitioner; an area already granted keeps its grant."""
    if client.role is not Role.CLIENT:
        raise InvalidInput("practitioner_email", "only clients share their data with practitioners")
    if not areas:
        raise InvalidInput("areas", "choose at least one area to share")
    practitioner = people.find_person_by_email(session, practitioner_email.strip().lower())
    if practitioner is None or practitioner.role != Role.PRACTITIONER:
        raise InvalidInput("practitioner_email", "no practitioner has this email address")
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
        granted.append(grant)
    return granted


def revoke_grant(session: Session, client: Person, grant_id: str, now: datetime) -> None:
    """Takes effect on the practitioner's very next request; revoking twice is harmless."""
    row = consents.find_grant(session, grant_id)
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
