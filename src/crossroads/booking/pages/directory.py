"""The practitioner directory as pages: listings with filters, one practitioner's profile with
the times they are free (in the visitor's own time zone) and booking, and matches from an
assessment for where the visitor is. A crisis result never leads to booking: the crisis lines
come first. The note a client writes with a booking is screened by the booking service, like
any of their words."""

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.booking.rules.appointments import MODE_NAMES
from crossroads.booking.rules.practitioners import APPROACHES, LANGUAGES, SPECIALTIES
from crossroads.booking.service import bookings as booking
from crossroads.booking.service import directory, matching
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.jurisdictions import SUBDIVISIONS, name_of, parse_place
from crossroads.kernel.resources import REGIONS, resources_for
from crossroads.web.auth import RuntimeDep, Viewer
from crossroads.web.deps import templates
from crossroads.web.pages import page_router
from crossroads.web.region import crisis_region

router = page_router()


def _names() -> dict[str, object]:
    return {"specialties": SPECIALTIES, "approaches": APPROACHES, "languages": LANGUAGES}


@router.get("/practitioners", response_class=HTMLResponse)
def directory_page(
    request: Request,
    runtime: RuntimeDep,
    kind: str = "",
    specialty: str = "",
    approach: str = "",
    language: str = "",
    online: str = "",
    location: str = "",
    page: int = 1,
) -> HTMLResponse:
    filters = directory.Filters(
        kind=kind,
        specialty=specialty,
        approach=approach,
        language=language,
        online={"online": True, "in_person": False}.get(online),
        location=location.strip(),
    )
    today = datetime.now(UTC).date()
    with runtime.database.transaction() as session:
        listed = directory.filtered(directory.listings(session), filters, today)
    offering = [
        each
        for each in listed
        if each.profile.offers_therapy(today) or each.profile.offers_coaching()
    ]
    shown = directory.page_of(offering, page)
    kept = {"kind": kind, "specialty": specialty, "approach": approach, "language": language}
    kept |= {"online": online, "location": location.strip()}

    def link(number: int) -> str:
        return "/practitioners?" + urlencode(
            {**{k: v for k, v in kept.items() if v}, "page": number}
        )

    context = {
        **_names(),
        "listings": shown.items,
        "shown": shown,
        "previous_link": link(shown.number - 1) if shown.number > 1 else "",
        "next_link": link(shown.number + 1) if shown.number < shown.pages else "",
        "filters": filters,
        "online": online,
        "today": today,
    }
    return templates.TemplateResponse(request, "practitioners/index.html", context)


@router.get("/practitioners/{practitioner_id}", response_class=HTMLResponse)
def profile_page(
    request: Request, practitioner_id: str, runtime: RuntimeDep, viewer: Viewer
) -> HTMLResponse:
    return _profile(request, runtime, viewer, practitioner_id)


def _profile(
    request: Request, runtime: RuntimeDep, viewer: Viewer, practitioner_id: str
) -> HTMLResponse:
    now = datetime.now(UTC)
    with runtime.database.reading() as session:
        found = directory.listing(session, practitioner_id)
        kinds = booking.appointment_kinds(session, practitioner_id)
    context = {
        **_names(),
        "listing": found,
        "profile": found.profile,
        "today": now.date(),
        "kinds": kinds,
        "mode_names": MODE_NAMES,
        "can_book": viewer is not None
        and viewer.role == "client"
        and bool(found.profile.offers(now.date())),
    }
    return templates.TemplateResponse(request, "practitioners/profile.html", context)


@router.get("/matches", response_class=HTMLResponse)
def matches_page(
    request: Request,
    runtime: RuntimeDep,
    viewer: Viewer,
    assessment: str = "",
    language: str = "",
    where: str = "",
) -> HTMLResponse:
    """Matches for an assessment the visitor may see (by id), or their latest one, where the
    visitor is: `where` ("US-NY", "GB") from the small form that asks, kept in the query
    string, or else their account's region and state."""
    today = datetime.now(UTC).date()
    wanted = language if language in LANGUAGES else None
    try:
        said = parse_place(where)
    except InvalidInput:
        said = None
    with runtime.database.transaction() as session:
        found = matching.matches_for_assessment(
            session, runtime.master_keys, viewer, assessment, wanted, today, said
        )
    stored = found.assessment
    context = {
        **_names(),
        "stored": stored,
        "matches": found.matches,
        "place": found.place,
        "where": where.strip().upper() if said else "",
        "subdivisions": SUBDIVISIONS,
        "countries": [code for code in REGIONS if code not in SUBDIVISIONS],
        "place_name": name_of,
        "signed_in": viewer is not None,
        "resources": resources_for(
            crisis_region(request, stored.answers.get("region") if stored else None)
        ),
        "today": today,
        "language": language,
    }
    return templates.TemplateResponse(request, "practitioners/matches.html", context)
