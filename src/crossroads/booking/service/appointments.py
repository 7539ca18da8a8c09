"""The kinds of appointment each practitioner offers: read for booking, set by the practitioner
on their own listing. A listing that has set none offers the kinds its profile implies."""

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.rules.appointments import (
    AppointmentKind,
    implied_kinds,
    kind_from_dict,
    plan_kinds,
)
from crossroads.booking.service.directory import Listing, listing, listing_from
from crossroads.booking.store import PractitionerRow
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person


def kinds_of(session: Session, found: Listing) -> tuple[AppointmentKind, ...]:
    """What the practitioner offers, in the order they set it."""
    row = store.find_practitioner(session, found.id)
    if row is None:
        raise NotFound(f"no practitioner with id {found.id}")
    return _kinds(row, found)


@lru_cache(maxsize=1024)
def listing_with_kinds(
    stored: tuple[str, str, str | None, str, str, str | None],
) -> tuple[Listing, tuple[AppointmentKind, ...]]:
    """The listing and what it offers, read from its row's stored columns (store.ForBooking):
    every booking needs both. Remembered by what is stored, not by id, so a changed listing
    is read afresh; what comes back is frozen and shared by every attempt in this process."""
    key, email, person_id, profile, availability, appointments = stored
    row = PractitionerRow(
        id=key,
        email=email,
        person_id=person_id,
        profile=profile,
        availability=availability,
        appointments=appointments,
    )
    found = listing_from(row)
    return found, _kinds(row, found)


def _kinds(row: PractitionerRow, found: Listing) -> tuple[AppointmentKind, ...]:
    if row.appointments:
        return tuple(kind_from_dict(each) for each in json.loads(row.appointments))
    profile = found.profile
    return implied_kinds(
        free_consultation=profile.free_consultation,
        session_minutes=found.availability.session_minutes,
        fee=profile.fee,
        online=profile.online,
        in_person=profile.in_person,
        link=profile.meeting_link,
    )


def set_kinds(
    session: Session, person: Person, rows: Iterable[Mapping[str, Any]], now: datetime
) -> tuple[AppointmentKind, ...]:
    """The practitioner replaces the kinds on their own listing; InvalidInput names the field
    of the first kind that is wrong, and nothing changes."""
    row = store.practitioner_of_person(session, person.id)
    if row is None:
        raise InvalidInput("listing", "write your directory listing first")
    return set_listing_kinds(session, row.id, rows, now)


def set_listing_kinds(
    session: Session, practitioner_id: str, rows: Iterable[Mapping[str, Any]], now: datetime
) -> tuple[AppointmentKind, ...]:
    """Replace the kinds on a listing by its id (an import, the demo, or its practitioner)."""
    row = store.find_practitioner(session, practitioner_id)
    if row is None:
        raise NotFound(f"no practitioner with id {practitioner_id}")
    profile = listing(session, row.id).profile
    kinds = plan_kinds(rows, online=profile.online, in_person=profile.in_person)
    row.appointments = json.dumps([kind.as_dict() for kind in kinds])
    row.updated_at = now
    session.flush()
    return kinds
