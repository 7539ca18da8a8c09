"""Help now: crisis lines for a region, and a personal safety plan to fill in and print.

Neither page needs an account, and the safety plan is never stored: it exists only in the
page the person prints or saves.
"""

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse

from crossroads.domain.resources import resources_for
from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()

SAFETY_PLAN_SECTIONS = (
    (
        "warning_signs",
        "Warning signs",
        "Thoughts, feelings or situations that tell me a hard time may be starting.",
    ),
    ("calming", "Things that calm me", "What I can do on my own to get through a hard moment."),
    (
        "people_places",
        "People and places",
        "People I can be with, and places I can go, that take my mind off things.",
    ),
    ("reasons", "Reasons to keep going", "What matters to me and makes life worth living."),
    (
        "professionals",
        "Professionals to contact",
        "My therapist, doctor or a crisis line, with their numbers.",
    ),
)
MAX_SECTION_LENGTH = 4_000


@router.get("/help-now", response_class=HTMLResponse)
def help_now(request: Request, region: str | None = None) -> HTMLResponse:
    resources = resources_for(region)
    return templates.TemplateResponse(
        request, "safety/help_now.html", {"resources": resources, "region": resources[0].region}
    )


@router.get("/safety-plan", response_class=HTMLResponse)
def safety_plan_form(request: Request, region: str | None = None) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "safety/plan_form.html",
        {"sections": SAFETY_PLAN_SECTIONS, "max_length": MAX_SECTION_LENGTH, "region": region},
    )


@router.post("/safety-plan", response_class=HTMLResponse)
def safety_plan_print(
    request: Request,
    warning_signs: Annotated[str, Form(max_length=MAX_SECTION_LENGTH)] = "",
    calming: Annotated[str, Form(max_length=MAX_SECTION_LENGTH)] = "",
    people_places: Annotated[str, Form(max_length=MAX_SECTION_LENGTH)] = "",
    reasons: Annotated[str, Form(max_length=MAX_SECTION_LENGTH)] = "",
    professionals: Annotated[str, Form(max_length=MAX_SECTION_LENGTH)] = "",
    region: Annotated[str, Form(max_length=4)] = "",
) -> HTMLResponse:
    written = {
        "warning_signs": warning_signs,
        "calming": calming,
        "people_places": people_places,
        "reasons": reasons,
        "professionals": professionals,
    }
    return templates.TemplateResponse(
        request,
        "safety/plan_print.html",
        {
            "sections": SAFETY_PLAN_SECTIONS,
            "written": written,
            "resources": resources_for(region),
        },
    )
