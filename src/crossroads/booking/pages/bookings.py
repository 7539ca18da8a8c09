"""A person's bookings as pages, for a client and for a practitioner: the list, each booking's
own page (the confirmation after booking, the room when it opens, the questions worth asking,
sharing with the practitioner, and after a consultation whether it was a fit), cancelling and
moving with a step to confirm, and the bookings as an iCalendar file or a subscribed feed."""

from datetime import UTC, datetime, timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.booking.rules.appointments import ROOM_OPENS_BEFORE
from crossroads.booking.rules.scheduling import by_day
from crossroads.booking.service import after, changes
from crossroads.booking.service import bookings as booking
from crossroads.booking.service.booked import FITS
from crossroads.booking.service.calendar import bookings_calendar
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.parsing import in_reach
from crossroads.kernel.people import zone_of
from crossroads.security.tokens import Scope
from crossroads.sharing.rules import AREA_LABELS
from crossroads.web.auth import Client, RuntimeDep, SignedInPerson, bearer_of
from crossroads.web.deps import FormFields, FormLists, templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/bookings", response_class=HTMLResponse)
def bookings_page(request: Request, runtime: RuntimeDep, person: SignedInPerson) -> HTMLResponse:
    return _page(request, runtime, person)


def _page(
    request: Request,
    runtime: RuntimeDep,
    person: SignedInPerson,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    # Reading only: a practitioner's hundred bookings once held the write lock for seconds.
    with runtime.database.reading() as session:
        found = booking.bookings_of(session, person)
        names = {b.id: booking.client_name(session, b) for b in found}
        notes = {b.id: booking.note_of(session, runtime.master_keys, b) for b in found}
        own = booking.own_listing(session, person)
        expired = own.profile.expired_licences(now.date()) if own else ()
    context = {
        "bookings": found,
        "client_names": names,
        "notes": notes,
        "as_practitioner": own is not None,
        "expired": expired,
        "now": now,
        "notice": runtime.settings.cancellation_notice_hours,
        "error": error,
    }
    return templates.TemplateResponse(request, "bookings/index.html", context, status_code=status)


@router.get("/bookings/{booking_id}", response_class=HTMLResponse)
def booking_page(
    request: Request,
    booking_id: str,
    runtime: RuntimeDep,
    person: SignedInPerson,
    booked: int = 0,
    shared: int = 0,
) -> HTMLResponse:
    return _booking_page(
        request, runtime, person, booking_id, booked=bool(booked), shared=bool(shared)
    )


def _booking_page(
    request: Request,
    runtime: RuntimeDep,
    person: SignedInPerson,
    booking_id: str,
    *,
    booked: bool = False,
    shared: bool = False,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    with runtime.database.reading() as session:
        found, by_client = booking.booking_of(session, person, booking_id)
        other = found.practitioner_name if by_client else booking.client_name(session, found)
        note = booking.note_of(session, runtime.master_keys, found)
        kind = booking.practitioner_kind(session, found)
    context = {
        "b": found,
        "by_client": by_client,
        "other": other,
        "note": note,
        "practitioner_kind": kind,
        "room": found.room(now),
        "room_minutes": int(ROOM_OPENS_BEFORE.total_seconds() // 60),
        "asks_fit": by_client and found.asks_fit(now),
        "fits": FITS,
        "areas": AREA_LABELS,
        "upcoming": not found.cancelled and found.starts > now,
        "notice": runtime.settings.cancellation_notice_hours,
        "booked": booked,
        "shared": shared,
        "error": error,
    }
    return templates.TemplateResponse(request, "bookings/one.html", context, status_code=status)


@router.get("/bookings/{booking_id}/cancel", response_class=HTMLResponse)
def confirm_cancel(
    request: Request, booking_id: str, runtime: RuntimeDep, person: SignedInPerson
) -> HTMLResponse:
    with runtime.database.reading() as session:
        found, by_client = booking.booking_of(session, person, booking_id)
    context = {"b": found, "by_client": by_client}
    return templates.TemplateResponse(request, "bookings/cancel.html", context)


@router.post("/bookings/{booking_id}/cancel")
def cancel(booking_id: str, runtime: RuntimeDep, person: SignedInPerson) -> Response:
    with runtime.database.transaction() as session:
        changes.cancel(
            session,
            person,
            booking_id,
            datetime.now(UTC),
            runtime.settings.cancellation_notice_hours,
        )
    return RedirectResponse(f"/bookings/{booking_id}", status_code=303)


@router.get("/bookings/{booking_id}/move", response_class=HTMLResponse)
def choose_move(
    request: Request, booking_id: str, runtime: RuntimeDep, person: SignedInPerson
) -> HTMLResponse:
    return _move_page(request, runtime, person, booking_id)


def _move_page(
    request: Request,
    runtime: RuntimeDep,
    person: SignedInPerson,
    booking_id: str,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    zone = zone_of(person)
    with runtime.database.reading() as session:
        found, _ = booking.booking_of(session, person, booking_id)
        free = booking.free_times_for(
            session, found, now, now + timedelta(days=14), booking.limits_from(runtime.settings)
        )
    context = {"b": found, "days": by_day(free, zone), "error": error}
    return templates.TemplateResponse(request, "bookings/move.html", context, status_code=status)


@router.post("/bookings/{booking_id}/move", response_class=HTMLResponse)
def move(
    request: Request,
    booking_id: str,
    runtime: RuntimeDep,
    person: SignedInPerson,
    form: FormFields,
) -> Response:
    try:
        try:
            starts = in_reach(datetime.fromisoformat(form.get("starts", "")), "starts")
        except ValueError:
            raise InvalidInput("starts", "choose one of the times offered") from None
        with runtime.database.transaction() as session:
            changes.reschedule(
                session,
                person,
                booking_id,
                starts,
                datetime.now(UTC),
                runtime.settings.cancellation_notice_hours,
                booking.limits_from(runtime.settings),
            )
    except InvalidInput as error:
        return _move_page(request, runtime, person, booking_id, 422, str(error))
    return RedirectResponse(f"/bookings/{booking_id}", status_code=303)


@router.post("/bookings/{booking_id}/fit", response_class=HTMLResponse)
def fit(
    request: Request, booking_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    """After a consultation: on to book a session, to other matches, or back to the booking."""
    answer = form.get("fit", "")
    try:
        with runtime.database.transaction() as session:
            answered = after.answer_fit(session, client, booking_id, answer, datetime.now(UTC))
            then = after.next_step(session, answered)
    except InvalidInput as error:
        return _booking_page(request, runtime, client, booking_id, status=422, error=str(error))
    return RedirectResponse(then, status_code=303)


@router.post("/bookings/{booking_id}/share", response_class=HTMLResponse)
def share(
    request: Request, booking_id: str, runtime: RuntimeDep, client: Client, form: FormLists
) -> Response:
    try:
        areas = [Area(value) for value in form.get("areas", []) if value in AREA_LABELS]
        with runtime.database.transaction() as session:
            after.share_with_practitioner(session, client, booking_id, areas, datetime.now(UTC))
    except InvalidInput as error:
        return _booking_page(request, runtime, client, booking_id, status=422, error=str(error))
    return RedirectResponse(f"/bookings/{booking_id}?shared=1", status_code=303)


@router.get("/bookings.ics")
def calendar(runtime: RuntimeDep, person: SignedInPerson) -> Response:
    """The person's own download, rooms included; a subscribed feed never holds them."""
    with runtime.database.transaction() as session:
        body = bookings_calendar(
            session, person, datetime.now(UTC), runtime.settings.public_url, rooms=True
        )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="crossroads-bookings.ics"'},
    )


@router.get("/calendar/{token}.ics")
def calendar_feed(token: str, runtime: RuntimeDep) -> Response:
    """A calendar app's subscription: a calendar token (one that opens this feed and nothing
    else) stands in the address, because calendar apps cannot sign in and addresses end up in
    logs. Revoking the token on the account page ends the feed."""
    bearer = bearer_of(runtime, token)
    if bearer is None or bearer.scopes != {Scope.CALENDAR.value}:
        raise NotFound("no calendar at this address")
    with runtime.database.reading() as session:
        body = bookings_calendar(
            session, bearer.person, datetime.now(UTC), runtime.settings.public_url
        )
    return Response(body, media_type="text/calendar; charset=utf-8")
