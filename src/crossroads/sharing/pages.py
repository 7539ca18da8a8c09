"""A client chooses which practitioners may see which areas, revokes, and sees who looked (in
words, one row per visit: ops/access_log.py)."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput
from crossroads.ops.access_log import visits_to
from crossroads.sharing.rules import AREA_LABELS
from crossroads.sharing.service.grants import grant_access, revoke_grant, shares_given
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormLists, templates
from crossroads.web.pages import page_router

router = page_router()


def _sharing_page(
    request: Request, runtime: RuntimeDep, client: Client, status: int = 200, **extra: object
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        grants = shares_given(session, client)
    context = {"grants": grants, "areas": AREA_LABELS, **extra}
    return templates.TemplateResponse(request, "sharing/index.html", context, status_code=status)


@router.get("/sharing", response_class=HTMLResponse)
def sharing(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    return _sharing_page(request, runtime, client)


@router.post("/sharing", response_class=HTMLResponse)
def share(request: Request, runtime: RuntimeDep, client: Client, form: FormLists) -> Response:
    try:
        areas = [Area(value) for value in form.get("areas", [])]
    except ValueError:
        return _sharing_page(request, runtime, client, 422, error="Choose areas from the list.")
    email = (form.get("practitioner_email") or [""])[0]
    try:
        with runtime.database.transaction() as session:
            grant_access(
                session, client, practitioner_email=email, areas=areas, now=datetime.now(UTC)
            )
    except InvalidInput as error:
        return _sharing_page(request, runtime, client, 422, error=str(error), email=email)
    # The same answer whether or not a practitioner has the address (sharing/service/grants.py).
    return RedirectResponse("/sharing", status_code=303)


@router.post("/sharing/{grant_id}/revoke")
def revoke(grant_id: str, runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        revoke_grant(session, client, grant_id, datetime.now(UTC))
    return RedirectResponse("/sharing", status_code=303)


@router.get("/sharing/access-log", response_class=HTMLResponse)
def access_log(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    with runtime.database.reading() as session:
        visits = visits_to(session, runtime.master_keys, client, datetime.now(UTC))
    return templates.TemplateResponse(request, "sharing/log.html", {"visits": visits})
