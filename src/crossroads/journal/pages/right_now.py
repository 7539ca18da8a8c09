"""The "right now" page: tools for a hard moment, one tap from every signed-in page and from
the journal's entry form. Paced breathing (a pacer drawn by the stylesheet alone, which stands
still for someone who asks for less motion), a 5-4-3-2-1 grounding walk-through, waiting out an
urge with a timer, reaching out to the people in the safety plan, and what has helped the person
before. Every step works without JavaScript; the crisis lines stay at the top, and a tool never
stands in for them."""

from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from crossroads.journal.pages.entries import crisis_or
from crossroads.journal.rules.coping import COPING
from crossroads.journal.rules.tools import (
    GROUNDING,
    OUTCOME_NAMES,
    RHYTHMS,
    TOOL_NAMES,
    URGE_KEYS,
    URGES,
    Tool,
)
from crossroads.journal.service import right_now as tools
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.resources import resources_for
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import crisis_if_at_risk
from crossroads.web.region import crisis_region

router = page_router()

LOGGED = "/right-now?logged=yes#logged"


def _page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    lines = resources_for(crisis_region(request))
    shared = {"lines": lines, "tool_names": TOOL_NAMES, "coping": COPING}
    return templates.TemplateResponse(
        request, f"journal/right_now/{name}.html", shared | context, status_code=status_code
    )


@router.get("/right-now", response_class=HTMLResponse)
def right_now(
    request: Request, runtime: RuntimeDep, client: Client, logged: str = ""
) -> HTMLResponse:
    with runtime.database.reading() as session:
        found = tools.right_now_of(session, runtime.master_keys, client)
    context = {"found": found, "rhythms": RHYTHMS, "urges": URGES, "logged": logged == "yes"}
    return _page(request, "index", context)


@router.get("/right-now/breathing/{rhythm}", response_class=HTMLResponse)
def breathing(request: Request, rhythm: str, client: Client) -> HTMLResponse:
    chosen = RHYTHMS.get(rhythm)
    if chosen is None:
        raise NotFound(f"no rhythm called {rhythm}")
    return _page(request, "breathing", {"rhythm": chosen, "rhythms": RHYTHMS})


@router.get("/right-now/grounding", response_class=HTMLResponse)
def grounding(request: Request, client: Client, step: int = 1) -> HTMLResponse:
    if not 1 <= step <= len(GROUNDING) + 1:
        raise NotFound(f"no grounding step {step}")
    done = step > len(GROUNDING)
    context = {"step": step, "steps": GROUNDING, "done": done}
    if not done:
        context["current"] = GROUNDING[step - 1]
    return _page(request, "grounding", context)


@router.get("/right-now/urge", response_class=HTMLResponse)
def urge(request: Request, client: Client, urge: str = "") -> HTMLResponse:
    """With an urge chosen, the timer starts: the moment is kept in the form, so the minutes
    are counted when the person says how it went."""
    if urge and urge not in URGE_KEYS:
        return _page(
            request,
            "urge",
            {"urges": URGES, "error": "Choose one of the urges.", "outcomes": OUTCOME_NAMES},
            status_code=422,
        )
    context = {
        "urges": URGES,
        "urge": urge,
        "started": datetime.now(UTC).isoformat(timespec="seconds") if urge else "",
        "outcomes": OUTCOME_NAMES,
    }
    return _page(request, "urge", context)


@router.post("/right-now/log", response_class=HTMLResponse)
def log_tool(request: Request, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    """Keep the tool's use in the journal as coping; what the note says is screened."""
    now = datetime.now(UTC)
    try:
        with runtime.database.transaction() as session:
            added = tools.log_tool_use(
                session, runtime.master_keys, client, form.get("tool", ""), form, now
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _refused(request, form, error)
    return crisis_or(request, added.screen, LOGGED)


def _refused(request: Request, form: dict[str, str], error: InvalidInput) -> HTMLResponse:
    """The tool's page again, with what was sent and what to change."""
    tool = form.get("tool", "")
    if tool == Tool.URGE_SURFING and form.get("urge", "") in URGE_KEYS:
        context: dict[str, Any] = {
            "urges": URGES,
            "urge": form["urge"],
            "started": form.get("started", ""),
            "outcomes": OUTCOME_NAMES,
            "fields": form,
            "error": str(error),
        }
        return _page(request, "urge", context, status_code=422)
    return _page(request, "refused", {"error": error.problem.capitalize() + "."}, status_code=422)
