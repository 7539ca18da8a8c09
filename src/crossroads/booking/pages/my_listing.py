"""A practitioner's own directory listing as a form: who they are, what they offer, their
licences and certifications, and their weekly hours in their own time zone."""

from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.booking.rules.practitioners import APPROACHES, LANGUAGES, SPECIALTIES, LicenceType
from crossroads.booking.service import directory
from crossroads.booking.service.directory_import import (
    certification_from_text,
    exception_from_text,
    exceptions_as_text,
    hours_as_text,
    hours_from_text,
    licence_from_text,
)
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import time_zones
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import FormLists, templates
from crossroads.web.pages import page_router

router = page_router()
CHECKED = ("online", "in_person", "free_consultation", "accepting", "accepts_enquiries")
ON_UNLESS_SAID = ("online", "free_consultation", "accepting", "accepts_enquiries")
TEXTS = ("name", "kind", "bio", "location", "currency", "meeting_link", "time_zone")
NUMBERS = ("fee", "replies_within_hours")
CHOICES = ("specialties", "approaches", "languages")
LINES = ("licences", "certifications", "hours", "exceptions")


@router.get("/my-listing", response_class=HTMLResponse)
def my_listing(request: Request, runtime: RuntimeDep, practitioner: Practitioner) -> HTMLResponse:
    with runtime.database.transaction() as session:
        stored = directory.own_fields(session, practitioner)
    fresh = dict.fromkeys(("online", "accepting", "accepts_enquiries"), "on")
    return _form(request, _as_form(stored) if stored else fresh)


@router.post("/my-listing", response_class=HTMLResponse)
def save(
    request: Request, runtime: RuntimeDep, practitioner: Practitioner, form: FormLists
) -> Response:
    one = {name: (values[0] if values else "") for name, values in form.items()}
    try:
        fields = _fields(one, form)
        with runtime.database.transaction() as session:
            listing_id = directory.save_own_listing(
                session, practitioner, fields, datetime.now(UTC)
            )
    except InvalidInput as error:
        return _form(request, one, form, str(error), 422)
    return RedirectResponse(f"/practitioners/{listing_id}", status_code=303)


def _form(
    request: Request,
    one: dict[str, str],
    lists: dict[str, list[str]] | None = None,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    context = {
        "fields": one,
        "lists": lists or {key: one.get(key, "").split(";") for key in CHOICES},
        "error": error,
        "specialties": SPECIALTIES,
        "approaches": APPROACHES,
        "languages": LANGUAGES,
        "licence_types": [each.value for each in LicenceType],
        "time_zones": time_zones(),
    }
    return templates.TemplateResponse(
        request, "practitioners/mine.html", context, status_code=status
    )


def _fields(one: dict[str, str], lists: dict[str, list[str]]) -> dict[str, Any]:
    lines = {key: _lines(one.get(key, "")) for key in LINES}
    return {
        **{key: one.get(key, "") for key in TEXTS},
        "currency": one.get("currency") or "USD",
        "time_zone": one.get("time_zone") or "UTC",
        **{key: one.get(key) == "on" for key in CHECKED},
        "fee": one.get("fee", "") or 0,
        "replies_within_hours": one.get("replies_within_hours", "") or 48,
        "specialties": lists.get("specialties", []),
        "approaches": lists.get("approaches", []),
        "languages": lists.get("languages", []) or ["en"],
        "licences": [licence_from_text(line) for line in lines["licences"]],
        "certifications": [certification_from_text(line) for line in lines["certifications"]],
        "availability": {
            "weekly": [hours_from_text(line) for line in lines["hours"]],
            "exceptions": [exception_from_text(line) for line in lines["exceptions"]],
            "session_minutes": one.get("session_minutes", "") or 50,
            "buffer_minutes": one.get("buffer_minutes", "") or 10,
        },
    }


def _as_form(stored: dict[str, Any]) -> dict[str, str]:
    """A stored listing in the form's own terms, for editing."""
    hours = stored.get("availability") or {}
    licences = [
        f"{each['type']} {each['jurisdiction']} {each['number']} {each['expires_on']}"
        for each in stored.get("licences") or []
    ]
    certifications = [f"{c['body']} {c['level']}" for c in stored.get("certifications") or []]
    return {
        **{key: str(stored.get(key, "")) for key in (*TEXTS, *NUMBERS)},
        **{key: "on" if stored.get(key, key in ON_UNLESS_SAID) else "" for key in CHECKED},
        **{key: ";".join(stored.get(key) or []) for key in CHOICES},
        "licences": "\n".join(licences),
        "certifications": "\n".join(certifications),
        "hours": "\n".join(hours_as_text(hours.get("weekly", []))),
        "exceptions": "\n".join(exceptions_as_text(hours.get("exceptions", []))),
        "session_minutes": str(hours.get("session_minutes", 50)),
        "buffer_minutes": str(hours.get("buffer_minutes", 10)),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
