"""A practitioner's kinds of appointment as a form: up to six, each with its name, length, fee,
the ways it can happen, the notice it needs, whether it is a first consultation, and an own room
link for it online. A row left without a name is not a kind."""

from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.booking.rules.appointments import MAX_KINDS, AppointmentKind, key_for
from crossroads.booking.service import appointments, bookings
from crossroads.kernel.errors import InvalidInput
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router

router = page_router()
CHECKED = ("online", "in_person", "consultation")


@router.get("/my-listing/appointments", response_class=HTMLResponse)
def kinds_page(request: Request, runtime: RuntimeDep, practitioner: Practitioner) -> HTMLResponse:
    with runtime.database.reading() as session:
        found = bookings.own_listing(session, practitioner)
        kinds = appointments.kinds_of(session, found) if found else ()
    rows = [_as_row(kind) for kind in kinds]
    return _form(request, rows, has_listing=found is not None)


@router.post("/my-listing/appointments", response_class=HTMLResponse)
def save_kinds(
    request: Request, runtime: RuntimeDep, practitioner: Practitioner, form: FormFields
) -> Response:
    rows = _rows(form)
    try:
        with runtime.database.transaction() as session:
            appointments.set_kinds(session, practitioner, _keyed(rows), datetime.now(UTC))
    except InvalidInput as error:
        return _form(request, rows, has_listing=True, error=str(error), status=422)
    return RedirectResponse("/my-listing/appointments?saved=1", status_code=303)


def _form(
    request: Request,
    rows: list[dict[str, Any]],
    *,
    has_listing: bool,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    blank = {"name": "", "minutes": "", "fee": "0", "notice_hours": "0"}
    context = {
        "rows": [*rows, *[blank] * (MAX_KINDS - len(rows))][:MAX_KINDS],
        "has_listing": has_listing,
        "saved": request.query_params.get("saved") == "1",
        "error": error,
    }
    return templates.TemplateResponse(
        request, "practitioners/appointments.html", context, status_code=status
    )


def _as_row(kind: AppointmentKind) -> dict[str, Any]:
    return {**kind.as_dict(), **{name: "on" if getattr(kind, name) else "" for name in CHECKED}}


def _rows(form: FormFields) -> list[dict[str, Any]]:
    """The rows that have a name, as the practitioner wrote them."""
    rows = []
    for number in range(MAX_KINDS):
        row = {
            name: form.get(f"{name}-{number}", "")
            for name in ("name", "minutes", "fee", "notice_hours", "link", *CHECKED)
        }
        if row["name"].strip():
            rows.append(row)
    return rows


def _keyed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row as the rules read a kind: boxes as booleans, and a key made from its name."""
    keys: list[str] = []
    keyed = []
    for row in rows:
        keys.append(key_for(row["name"], keys))
        keyed.append({**row, "key": keys[-1], **{name: row[name] == "on" for name in CHECKED}})
    return keyed
