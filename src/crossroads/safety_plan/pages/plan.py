"""Help now: crisis lines for the person's region; and a personal safety plan.

Nobody needs an account for either. For someone not signed in the safety plan is never
stored: it exists only in the page they print or save. A signed-in person's plan is kept in
their account, sealed with their key, to come back to, change and download as a PDF.
"""

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.resources import resources_for
from crossroads.safety_plan.pages.pdf import safety_plan_pdf
from crossroads.safety_plan.rules import (
    KEYS,
    MAX_SECTION_LENGTH,
    SECTIONS,
    SafetyPlan,
    empty_plan,
    plan_safety_plan,
)
from crossroads.safety_plan.service import plan_of, save_plan
from crossroads.web.auth import RuntimeDep, Viewer
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.region import region_for_lines

router = page_router()
TITLES = {section.key: section.title for section in SECTIONS}


@router.get("/safety-plan", response_class=HTMLResponse)
def safety_plan(
    request: Request, runtime: RuntimeDep, viewer: Viewer, region: str | None = None, edit: str = ""
) -> HTMLResponse:
    """Signed in: the saved plan, or the form to write or change it. Otherwise a blank form."""
    if viewer is None:
        return _form(request, empty_plan().written, region)
    with runtime.database.transaction() as session:
        kept = plan_of(session, runtime.master_keys, viewer)
    if kept.updated_at is None or edit:
        return _form(request, kept.plan.written, region, signed_in=True)
    return _plan_page(request, kept.plan, region, updated_at=kept.updated_at)


@router.post("/safety-plan", response_class=HTMLResponse)
def safety_plan_submit(
    request: Request, runtime: RuntimeDep, viewer: Viewer, form: FormFields
) -> Response:
    """Signed in: keep the plan and show it. Otherwise show it ready to print, keeping nothing."""
    written = {key: form.get(key, "") for key in KEYS}
    region = form.get("region", "")
    try:
        if viewer is None:
            return _plan_page(request, plan_safety_plan(written), region)
        with runtime.database.transaction() as session:
            save_plan(session, runtime.master_keys, viewer, written, datetime.now(UTC))
    except InvalidInput as error:
        problem = f"{TITLES.get(error.field, error.field)}: {error.problem}"
        return _form(request, written, region, signed_in=viewer is not None, error=problem)
    target = f"/safety-plan?{urlencode({'region': region})}" if region.strip() else "/safety-plan"
    return RedirectResponse(target, status_code=303)


@router.get("/safety-plan.pdf")
def safety_plan_download(
    request: Request, runtime: RuntimeDep, viewer: Viewer, region: str | None = None
) -> Response:
    """The saved plan as a PDF; for someone not signed in, a blank one to fill in by hand."""
    plan, name = empty_plan(), None
    if viewer is not None:
        with runtime.database.transaction() as session:
            plan = plan_of(session, runtime.master_keys, viewer).plan
        name = viewer.display_name
    body = safety_plan_pdf(
        plan.parts(),
        resources_for(region_for_lines(request, region)),
        made_on=datetime.now(UTC).date(),
        name=name,
    )
    return Response(
        body,
        media_type="application/pdf",
        headers={"content-disposition": 'attachment; filename="my-safety-plan.pdf"'},
    )


def _form(
    request: Request,
    written: dict[str, str],
    region: str | None,
    *,
    signed_in: bool = False,
    error: str | None = None,
) -> HTMLResponse:
    context = {
        "sections": SECTIONS,
        "written": written,
        "max_length": MAX_SECTION_LENGTH,
        "region": (region or "").strip(),
        "signed_in": signed_in,
        "error": error,
    }
    status = 422 if error else 200
    return templates.TemplateResponse(request, "safety/plan_form.html", context, status_code=status)


def _plan_page(
    request: Request,
    plan: SafetyPlan,
    region: str | None,
    *,
    updated_at: datetime | None = None,
) -> HTMLResponse:
    """The plan laid out to print, with the lines for the person's region under it.
    `updated_at` is given for a plan kept in the account."""
    region = (region or "").strip()
    context = {
        "parts": plan.parts(),
        "resources": resources_for(region_for_lines(request, region)),
        "region": region,
        "updated_at": updated_at,
    }
    return templates.TemplateResponse(request, "safety/plan_print.html", context)
