"""A person's bookings as a page, for a client and for a practitioner: cancel or move them, and
take them into a calendar app as an iCalendar file, or subscribe to them as a feed."""

from datetime import UTC, datetime, timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.booking.service import bookings as booking
from crossroads.booking.service.calendar import bookings_calendar
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.parsing import in_reach
from crossroads.kernel.people import zone_of
from crossroads.security.tokens import Scope
from crossroads.web.auth import RuntimeDep, SignedInPerson, bearer_of
from crossroads.web.deps import FormFields, templates
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
    zone = zone_of(person)
    # Reading only: a practitioner's hundred bookings once held the write lock for seconds.
    with runtime.database.reading() as session:
        found = booking.bookings_of(session, person)
        names = {b.id: booking.client_name(session, b) for b in found}
        notes = {b.id: booking.note_of(session, runtime.master_keys, b) for b in found}
        own = booking.own_listing(session, person)
        expired = own.profile.expired_licences(now.date()) if own else ()
        limits = booking.limits_from(runtime.settings)
        movable = {
            b.id: b.practitioner_id
            for b in found
            if not b.cancelled and b.starts > now and b.practitioner_id is not None
        }
        # One search per practitioner serves all of their bookings, not one search each.
        free = {
            practitioner: [
                slot.starts
                for slot in booking.open_slots(
                    session, practitioner, now, now + timedelta(days=14), now, limits
                )
            ]
            for practitioner in set(movable.values())
        }
    moves = {booking_id: free[practitioner] for booking_id, practitioner in movable.items()}
    context = {
        "bookings": found,
        "client_names": names,
        "notes": notes,
        "as_practitioner": own is not None,
        "expired": expired,
        "now": now,
        "zone": zone,
        "moves": moves,
        "notice": runtime.settings.cancellation_notice_hours,
        "error": error,
    }
    return templates.TemplateResponse(request, "bookings/index.html", context, status_code=status)


@router.post("/bookings/{booking_id}/cancel")
def cancel(booking_id: str, runtime: RuntimeDep, person: SignedInPerson) -> Response:
    with runtime.database.transaction() as session:
        booking.cancel(
            session,
            person,
            booking_id,
            datetime.now(UTC),
            runtime.settings.cancellation_notice_hours,
        )
    return RedirectResponse("/bookings", status_code=303)


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
            booking.reschedule(
                session,
                person,
                booking_id,
                starts,
                datetime.now(UTC),
                runtime.settings.cancellation_notice_hours,
                booking.limits_from(runtime.settings),
            )
    except InvalidInput as error:
        return _page(request, runtime, person, 422, str(error))
    return RedirectResponse("/bookings", status_code=303)


@router.get("/bookings.ics")
def calendar(runtime: RuntimeDep, person: SignedInPerson) -> Response:
    with runtime.database.transaction() as session:
        body = bookings_calendar(session, person, datetime.now(UTC))
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
        body = bookings_calendar(session, bearer.person, datetime.now(UTC))
    return Response(body, media_type="text/calendar; charset=utf-8")
