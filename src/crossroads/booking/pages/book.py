"""Booking in three steps that work without JavaScript: choose the kind of appointment and how
to meet, then a free time from a list grouped by day in the client's time zone, then review
what it will be (who, what, when, how long, where, the fee, the cancellation rule) and confirm.
The booking's own page is the confirmation."""

from datetime import UTC, datetime, timedelta

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from crossroads.booking.rules.appointments import MODE_NAMES, AppointmentKind, Mode, choose
from crossroads.booking.rules.scheduling import by_day
from crossroads.booking.service import bookings as booking
from crossroads.booking.service.directory import Listing, listing
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import in_reach
from crossroads.kernel.people import zone_of
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen, crisis_if_at_risk

router = page_router()
SHOWN_DAYS = 14


@router.get("/book/{practitioner_id}", response_class=HTMLResponse)
def choose_page(
    request: Request,
    practitioner_id: str,
    runtime: RuntimeDep,
    client: Client,
    kind: str = "",
    mode: str = "",
) -> HTMLResponse:
    """Step one without a kind chosen; step two (the free times) with one."""
    return _choose(request, runtime, client, practitioner_id, kind, mode)


def _choose(
    request: Request,
    runtime: RuntimeDep,
    client: Client,
    practitioner_id: str,
    kind: str,
    mode: str,
    *,
    note: str = "",
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    now = datetime.now(UTC)
    chosen: tuple[AppointmentKind, Mode] | None = None
    with runtime.database.reading() as session:
        found = listing(session, practitioner_id)
        kinds = booking.appointment_kinds(session, practitioner_id)
        if kind:
            try:
                chosen = choose(kinds, kind, mode or None)
            except InvalidInput as refused:
                error, status = error or str(refused), 422
        free = []
        if chosen is not None:
            free = booking.open_slots(
                session,
                practitioner_id,
                now,
                now + timedelta(days=SHOWN_DAYS),
                now,
                booking.limits_from(runtime.settings),
                appointment=chosen[0].key,
            )
    zone = zone_of(client)
    context = {
        "listing": found,
        "profile": found.profile,
        "kinds": kinds,
        "chosen": chosen,
        "mode_names": MODE_NAMES,
        "days": by_day(free, zone),
        "note": note,
        "error": error,
    }
    return templates.TemplateResponse(request, "bookings/book.html", context, status_code=status)


@router.post("/book/{practitioner_id}/review", response_class=HTMLResponse)
def review(
    request: Request, practitioner_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> HTMLResponse:
    """What the booking will be, to confirm or change; nothing is booked yet."""
    kind, mode = form.get("kind", ""), form.get("mode", "")
    try:
        starts = _starts(form)
        with runtime.database.reading() as session:
            found = listing(session, practitioner_id)
            appointment, meeting = choose(
                booking.appointment_kinds(session, practitioner_id), kind, mode or None
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _choose(
            request, runtime, client, practitioner_id, kind, mode,
            note=form.get("note", ""), status=422, error=str(error),
        )  # fmt: skip
    context = {
        **_summary(found, appointment, meeting, starts),
        "note": form.get("note", ""),
        "notice": runtime.settings.cancellation_notice_hours,
    }
    return templates.TemplateResponse(request, "bookings/review.html", context)


@router.post("/book/{practitioner_id}/confirm", response_class=HTMLResponse)
def confirm(
    request: Request, practitioner_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    kind, mode = form.get("kind", ""), form.get("mode", "")
    try:
        starts = _starts(form)
        with runtime.database.transaction() as session:
            booked = booking.book(
                session,
                runtime.master_keys,
                client,
                practitioner_id,
                starts,
                kind,
                datetime.now(UTC),
                note=form.get("note", ""),
                limits=booking.limits_from(runtime.settings),
                mode=mode or None,
                video_base_url=runtime.settings.video_base_url,
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _choose(
            request, runtime, client, practitioner_id, kind, mode,
            note=form.get("note", ""), status=422, error=str(error),
        )  # fmt: skip
    return after_screen(request, booked.screen, f"/bookings/{booked.id}?booked=1")


def _starts(form: FormFields) -> datetime:
    try:
        return in_reach(datetime.fromisoformat(form.get("starts", "")), "starts")
    except ValueError:
        raise InvalidInput("starts", "choose one of the times offered") from None


def _summary(
    found: Listing, appointment: AppointmentKind, meeting: Mode, starts: datetime
) -> dict[str, object]:
    return {
        "listing": found,
        "profile": found.profile,
        "appointment": appointment,
        "mode": meeting,
        "mode_names": MODE_NAMES,
        "starts": starts,
    }
