"""/api/v1/practitioners and /api/v1/bookings: the directory with its filters, a practitioner's
free times, and a person's bookings: book, move, cancel. A taken time answers 409. A new
booking answers with `crisis`, the booking service's screen of the note written with it."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from crossroads.booking.rules.appointments import MAX_NAME as MAX_KIND_NAME
from crossroads.booking.rules.appointments import MINUTES as KIND_MINUTES
from crossroads.booking.rules.appointments import NOTICE_HOURS, Mode
from crossroads.booking.rules.limits import MAX_NOTE
from crossroads.booking.service import appointments, changes, directory
from crossroads.booking.service import bookings as booking
from crossroads.booking.service.booked import Booking, BookingKind
from crossroads.booking.service.calendar import bookings_calendar
from crossroads.booking.service.directory import Listing
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import in_reach
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import CrisisOut, Strict, crisis_for
from crossroads.web.auth import ApiClient, ApiPerson, ApiPractitioner, RuntimeDep

router = APIRouter(tags=["practitioners and bookings"], route_class=CheckedJsonRoute)

LONGEST_LOOK = timedelta(days=60)
FARTHEST = timedelta(days=366)


class ListingOut(BaseModel):
    id: str
    name: str
    kind: str
    offers: list[str]
    specialties: list[str]
    approaches: list[str]
    languages: list[str]
    online: bool
    in_person: bool
    location: str
    fee: int
    currency: str
    free_consultation: bool
    accepting: bool
    replies_within_hours: int
    accepts_enquiries: bool
    licences: list[dict[str, str]]
    certifications: list[dict[str, str]]
    confidentiality: list[str]
    time_zone: str
    bio: str


class SlotOut(BaseModel):
    starts: datetime
    ends: datetime


class BookingIn(Strict):
    practitioner_id: str
    starts: datetime
    kind: BookingKind = BookingKind.CONSULTATION
    appointment: str = Field(
        "",
        max_length=16,
        description="The key of one of the practitioner's kinds of appointment; when given it"
        " wins over `kind`, which asks for their first consultation or session.",
    )
    mode: Mode | None = Field(None, description="online or in_person; the kind's first if left out")
    note: str = Field("", max_length=MAX_NOTE)


class MoveIn(Strict):
    starts: datetime


class BookingOut(BaseModel):
    id: str
    practitioner_id: str | None  # null once the practitioner has left Crossroads
    practitioner_name: str
    starts: datetime
    ends: datetime
    kind: BookingKind
    appointment: str
    minutes: int
    fee: int
    currency: str
    mode: Mode
    location: str = Field(description="The address, for a booking in person.")
    cancelled: bool
    sequence: int
    meeting_link: str = Field(
        description="The online room, given only from 10 minutes before the start until the"
        " end; empty otherwise and in person."
    )
    fit: str | None = Field(description="After a consultation, the client's answer.")


class BookedOut(BookingOut):
    """A new booking, with the screen of the note written with it."""

    crisis: CrisisOut


def _listing_out(found: Listing) -> ListingOut:
    profile, today = found.profile, datetime.now(UTC).date()
    return ListingOut(
        id=found.id,
        name=profile.name,
        kind=profile.kind.value,
        offers=list(profile.offers(today)),
        specialties=list(profile.specialties),
        approaches=list(profile.approaches),
        languages=list(profile.languages),
        online=profile.online,
        in_person=profile.in_person,
        location=profile.location,
        fee=profile.fee,
        currency=profile.currency,
        free_consultation=profile.free_consultation,
        accepting=profile.accepting,
        replies_within_hours=profile.replies_within_hours,
        accepts_enquiries=profile.accepts_enquiries,
        licences=[
            {
                "type": each.type.value,
                "jurisdiction": each.jurisdiction,
                "number": each.number,
                "expires_on": each.expires_on.isoformat(),
            }
            for each in profile.licences
            if each.current(today)
        ],
        certifications=[{"body": c.body, "level": c.level} for c in profile.certifications],
        confidentiality=list(profile.confidentiality(today)),
        time_zone=profile.time_zone,
        bio=profile.bio,
    )


def _booking_out(found: Booking) -> BookingOut:
    return BookingOut(
        id=found.id,
        practitioner_id=found.practitioner_id,
        practitioner_name=found.practitioner_name,
        starts=found.starts,
        ends=found.ends,
        kind=found.kind,
        appointment=found.appointment,
        minutes=found.minutes,
        fee=found.fee,
        currency=found.currency,
        mode=Mode.ONLINE if found.online else Mode.IN_PERSON,
        location=found.location,
        cancelled=found.cancelled,
        sequence=found.sequence,
        meeting_link=found.room(datetime.now(UTC)),
        fit=found.fit,
    )


@router.get("/api/v1/practitioners", response_model=list[ListingOut])
def list_practitioners(
    runtime: RuntimeDep,
    response: Response,
    kind: str = "",
    specialty: str = "",
    approach: str = "",
    language: str = "",
    online: bool | None = None,
    location: str = "",
    page: int = 1,
) -> list[ListingOut]:
    """Everyone listed who offers something today, with the same filters as the directory page,
    25 a page (`page` from 1); the X-Total-Count and X-Page-Count headers say how many."""
    today = datetime.now(UTC).date()
    filters = directory.Filters(kind, specialty, approach, language, online, location)
    with runtime.database.transaction() as session:
        found = directory.filtered(directory.listings(session), filters, today)
    offering = [
        each
        for each in found
        if each.profile.offers_therapy(today) or each.profile.offers_coaching()
    ]
    shown = directory.page_of(offering, page)
    response.headers["x-total-count"] = str(shown.total)
    response.headers["x-page-count"] = str(shown.pages)
    return [_listing_out(each) for each in shown.items]


@router.put("/api/v1/practitioners/me", response_model=ListingOut)
def write_own_listing(
    body: dict[str, Any], runtime: RuntimeDep, practitioner: ApiPractitioner
) -> ListingOut:
    """A practitioner's own listing, in the shape `crossroads practitioners import` reads as
    JSON (profile fields and an `availability` object); filed under their account's email."""
    with runtime.database.transaction() as session:
        listing_id = directory.save_own_listing(session, practitioner, body, datetime.now(UTC))
        return _listing_out(directory.listing(session, listing_id))


class AppointmentKindIn(Strict):
    key: str = Field(max_length=16, description="Lower-case letters, digits and dashes")
    name: str = Field(max_length=MAX_KIND_NAME)
    minutes: int = Field(ge=KIND_MINUTES.start, le=KIND_MINUTES.stop - 1)
    fee: int = Field(0, ge=0)
    online: bool = False
    in_person: bool = False
    notice_hours: int = Field(0, ge=NOTICE_HOURS.start, le=NOTICE_HOURS.stop - 1)
    consultation: bool = Field(False, description="A first conversation, asked about after")
    link: str = Field("", max_length=500, description="An own room; else one per booking")


class AppointmentKindOut(BaseModel):
    key: str
    name: str
    minutes: int
    fee: int
    online: bool
    in_person: bool
    notice_hours: int
    consultation: bool


@router.get(
    "/api/v1/practitioners/{practitioner_id}/appointments",
    response_model=list[AppointmentKindOut],
)
def read_kinds(practitioner_id: str, runtime: RuntimeDep) -> list[AppointmentKindOut]:
    """The kinds of appointment a client can book with the practitioner (an own room link is
    never shown: it is given with a booking, shortly before it starts)."""
    with runtime.database.reading() as session:
        kinds = booking.appointment_kinds(session, practitioner_id)
    return [AppointmentKindOut(**kind.as_dict()) for kind in kinds]


@router.put("/api/v1/practitioners/me/appointments", response_model=list[AppointmentKindOut])
def write_kinds(
    body: list[AppointmentKindIn], runtime: RuntimeDep, practitioner: ApiPractitioner
) -> list[AppointmentKindOut]:
    """Replace the kinds of appointment on the practitioner's own listing (one to six)."""
    with runtime.database.transaction() as session:
        kinds = appointments.set_kinds(
            session, practitioner, [kind.model_dump() for kind in body], datetime.now(UTC)
        )
    return [AppointmentKindOut(**kind.as_dict()) for kind in kinds]


@router.get("/api/v1/practitioners/{practitioner_id}", response_model=ListingOut)
def read_practitioner(practitioner_id: str, runtime: RuntimeDep) -> ListingOut:
    with runtime.database.transaction() as session:
        return _listing_out(directory.listing(session, practitioner_id))


@router.get("/api/v1/practitioners/{practitioner_id}/slots", response_model=list[SlotOut])
def free_slots(
    practitioner_id: str,
    runtime: RuntimeDep,
    start: datetime | None = None,
    end: datetime | None = None,
    appointment: str = "",
) -> list[SlotOut]:
    """Free times between `start` and `end` (default: the next two weeks, at most 60 days), for
    one kind of appointment by its key (its length and notice) or sessions of the grid."""
    now = datetime.now(UTC)
    start = start or now
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise InvalidInput("start", "give times with their offset")
    if not now - FARTHEST <= start <= now + FARTHEST:
        raise InvalidInput("start", "ask for times within a year of today")
    end = end or start + timedelta(days=14)
    if not timedelta(0) <= end - start <= LONGEST_LOOK:
        raise InvalidInput("end", "ask for up to 60 days after the start")
    with runtime.database.transaction() as session:
        found = booking.open_slots(
            session,
            practitioner_id,
            start,
            end,
            now,
            booking.limits_from(runtime.settings),
            appointment=appointment,
        )
    return [SlotOut(starts=slot.starts, ends=slot.ends) for slot in found]


@router.get("/api/v1/bookings", response_model=list[BookingOut])
def list_bookings(runtime: RuntimeDep, person: ApiPerson) -> list[BookingOut]:
    """A client's bookings, or a practitioner's with their clients."""
    with runtime.database.transaction() as session:
        return [_booking_out(each) for each in booking.bookings_of(session, person)]


@router.post("/api/v1/bookings", status_code=201, response_model=BookedOut)
def create_booking(
    body: BookingIn, runtime: RuntimeDep, client: ApiClient, response: Response
) -> Any:
    with runtime.database.transaction() as session:
        booked = booking.book(
            session,
            runtime.master_keys,
            client,
            body.practitioner_id,
            in_reach(body.starts, "starts"),
            body.appointment or body.kind,
            datetime.now(UTC),
            note=body.note,
            limits=booking.limits_from(runtime.settings),
            mode=body.mode.value if body.mode else None,
            video_base_url=runtime.settings.video_base_url,
        )
    response.headers["location"] = "/api/v1/bookings"
    crisis = crisis_for(booked.screen, client)
    return BookedOut(**_booking_out(booked).model_dump(), crisis=crisis)


@router.patch("/api/v1/bookings/{booking_id}", response_model=BookingOut)
def move_booking(
    booking_id: str, body: MoveIn, runtime: RuntimeDep, person: ApiPerson
) -> BookingOut:
    with runtime.database.transaction() as session:
        moved = changes.reschedule(
            session,
            person,
            booking_id,
            in_reach(body.starts, "starts"),
            datetime.now(UTC),
            runtime.settings.cancellation_notice_hours,
            booking.limits_from(runtime.settings),
        )
    return _booking_out(moved)


@router.delete("/api/v1/bookings/{booking_id}", response_model=BookingOut)
def cancel_booking(booking_id: str, runtime: RuntimeDep, person: ApiPerson) -> BookingOut:
    with runtime.database.transaction() as session:
        cancelled = changes.cancel(
            session,
            person,
            booking_id,
            datetime.now(UTC),
            runtime.settings.cancellation_notice_hours,
        )
    return _booking_out(cancelled)


@router.get("/api/v1/bookings.ics")
def bookings_feed(runtime: RuntimeDep, person: ApiPerson) -> Response:
    """The person's bookings as an iCalendar feed, for a calendar app given a read token."""
    with runtime.database.transaction() as session:
        body = bookings_calendar(session, person, datetime.now(UTC), runtime.settings.public_url)
    return Response(body, media_type="text/calendar; charset=utf-8")
