"""A practitioner's session notes as their practice's records: every note they wrote, about
clients who still share with them or not, with the day each is kept until, and how long the
practice keeps them."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.casework.rules import FEWEST_YEARS, MOST_YEARS
from crossroads.casework.service.records import records_of, set_keeping_years
from crossroads.kernel.errors import InvalidInput
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/records", response_class=HTMLResponse)
def records_page(request: Request, runtime: RuntimeDep, practitioner: Practitioner) -> Response:
    return _page(request, runtime, practitioner)


@router.post("/records/keeping", response_class=HTMLResponse)
def set_keeping(
    request: Request, runtime: RuntimeDep, practitioner: Practitioner, form: FormFields
) -> Response:
    years = "" if form.get("default") == "yes" else form.get("records_kept_years", "")
    try:
        with runtime.database.transaction() as session:
            set_keeping_years(session, practitioner, years)
    except InvalidInput as error:
        return _page(request, runtime, practitioner, error=error, typed=years)
    return RedirectResponse("/records", status_code=303)


def _page(
    request: Request,
    runtime: RuntimeDep,
    practitioner: Practitioner,
    *,
    error: InvalidInput | None = None,
    typed: str = "",
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        found = records_of(
            session,
            runtime.master_keys,
            practitioner,
            default_years=runtime.settings.records_kept_years,
            now=datetime.now(UTC),
        )
    context = {
        "records": found,
        "default_years": runtime.settings.records_kept_years,
        "fewest": FEWEST_YEARS,
        "most": MOST_YEARS,
        "error": error,
        "typed": typed,
    }
    return templates.TemplateResponse(
        request, "records/index.html", context, status_code=422 if error else 200
    )
