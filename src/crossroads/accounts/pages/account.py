"""A person's own account: time zone, reminders, region and state or province, password, API
tokens, export and deletion. Two-factor sign-in has its pages in two_factor.py."""

import json
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.accounts.service.accounts import (
    change_preferences,
    change_region,
    change_subdivision,
)
from crossroads.accounts.service.credentials import change_password
from crossroads.accounts.service.results import results_of
from crossroads.accounts.service.tokens import (
    DEFAULT_LIFETIME,
    LIFETIMES,
    create_token,
    revoke_token,
    tokens_of,
)
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.jurisdictions import SUBDIVISIONS
from crossroads.kernel.zones import place_of
from crossroads.ops.access_log import visits_to
from crossroads.ops.privacy import delete_own_account, export_everything
from crossroads.ops.readable import readable_export
from crossroads.web.auth import SESSION_COOKIE, RuntimeDep, SignedInPerson
from crossroads.web.deps import FormFields, FormLists, templates
from crossroads.web.pages import page_router

router = page_router()


def _account_page(
    request: Request,
    runtime: RuntimeDep,
    person: SignedInPerson,
    status: int = 200,
    **extra: object,
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        assessments = results_of(session, runtime.master_keys, person)
        tokens = tokens_of(session, person)
    context = {
        "person": person,
        "assessments": assessments,
        "tokens": tokens,
        "time_zone_shown": place_of(person.time_zone),
        "subdivisions": SUBDIVISIONS,
        "lifetimes": LIFETIMES,
        "default_lifetime": DEFAULT_LIFETIME,
        "records_kept_years": runtime.settings.records_kept_years,
        **extra,
    }
    return templates.TemplateResponse(request, "account/index.html", context, status_code=status)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, runtime: RuntimeDep, person: SignedInPerson) -> HTMLResponse:
    return _account_page(request, runtime, person)


@router.post("/account/preferences", response_class=HTMLResponse)
def preferences(
    request: Request, runtime: RuntimeDep, person: SignedInPerson, form: FormFields
) -> Response:
    try:
        with runtime.database.transaction() as session:
            change_preferences(
                session,
                person,
                time_zone=form.get("time_zone", ""),
                check_in_reminders=form.get("check_in_reminders") == "on",
            )
            change_region(session, person, form.get("region"))
            change_subdivision(session, person, form.get("subdivision"))
    except InvalidInput as error:
        typed = form.get("time_zone", "")
        return _account_page(request, runtime, person, 422, error=str(error), time_zone_shown=typed)
    return RedirectResponse("/account#time", status_code=303)


@router.post("/account/password", response_class=HTMLResponse)
def password_change(
    request: Request, runtime: RuntimeDep, person: SignedInPerson, form: FormFields
) -> Response:
    try:
        change_password(
            runtime.database,
            person,
            current=form.get("current_password", ""),
            new=form.get("new_password", ""),
            keep_session=_session_digest(request),
            now=datetime.now(UTC),
        )
    except InvalidInput as error:
        return _account_page(request, runtime, person, 422, error=str(error))
    notice = (
        "Your password is changed. We signed you out everywhere else and turned off your API "
        "and calendar links; make new ones below when you need them."
    )
    return _account_page(request, runtime, person, notice=notice)


def _session_digest(request: Request) -> str | None:
    signed_in = getattr(request.state, "signed_in", None)
    return signed_in.token_digest if signed_in else None


@router.post("/account/tokens", response_class=HTMLResponse)
def token_create(
    request: Request, runtime: RuntimeDep, person: SignedInPerson, form: FormLists
) -> Response:
    try:
        with runtime.database.transaction() as session:
            token, secret = create_token(
                session,
                person,
                name=(form.get("name") or [""])[0],
                scopes=form.get("scopes", []),
                now=datetime.now(UTC),
                days=_days(form),
            )
    except InvalidInput as error:
        return _account_page(request, runtime, person, 422, error=str(error))
    return templates.TemplateResponse(
        request, "account/token_created.html", {"token": token, "secret": secret}
    )


def _days(form: dict[str, list[str]]) -> int:
    chosen = (form.get("days") or [str(DEFAULT_LIFETIME)])[0]
    if chosen not in {str(days) for days in LIFETIMES}:
        raise InvalidInput("days", "choose how long the token works from the list")
    return int(chosen)


@router.post("/account/tokens/{token_id}/revoke")
def token_revoke(token_id: str, runtime: RuntimeDep, person: SignedInPerson) -> Response:
    with runtime.database.transaction() as session:
        revoke_token(session, person, token_id, datetime.now(UTC))
    return RedirectResponse("/account#tokens", status_code=303)


@router.get("/account/export.json")
def export_json(runtime: RuntimeDep, person: SignedInPerson) -> Response:
    with runtime.database.transaction() as session:
        document = export_everything(session, runtime.master_keys, person, now=datetime.now(UTC))
    return Response(
        json.dumps(document, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"content-disposition": 'attachment; filename="crossroads-export.json"'},
    )


@router.get("/account/export", response_class=HTMLResponse)
def export_html(request: Request, runtime: RuntimeDep, person: SignedInPerson) -> HTMLResponse:
    """The download's contents in words, section by section, and the access log by visit."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        document = export_everything(session, runtime.master_keys, person, now=now)
        visits = visits_to(session, runtime.master_keys, person, now)
    context = {"exported_at": now, "sections": readable_export(document), "visits": visits}
    return templates.TemplateResponse(request, "account/export.html", context)


@router.post("/account/delete", response_class=HTMLResponse)
def account_delete(
    request: Request, runtime: RuntimeDep, person: SignedInPerson, form: FormFields
) -> Response:
    confirmed = delete_own_account(
        runtime.database, runtime.master_keys, person, password=form.get("password", "")
    )
    if not confirmed:
        return _account_page(
            request, runtime, person, 422, error="Type your password to confirm deletion."
        )
    request.state.viewer = None  # the page after deletion shows nobody signed in
    response = templates.TemplateResponse(request, "account/deleted.html", {})
    response.delete_cookie(SESSION_COOKIE)
    return response
