"""Sign up (finished by a mailed link), sign in (with the second factor), sign out, and reset a
forgotten password. No answer here tells whether an address has an account."""

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.accounts.service.accounts import confirm_address, register
from crossroads.accounts.service.credentials import request_password_reset, reset_password, sign_in
from crossroads.accounts.service.results import claim_results
from crossroads.accounts.service.sessions import (
    SESSION_LENGTH,
    SignedIn,
    end_session,
    pass_second_factor,
    pass_with_recovery_code,
    start_session,
)
from crossroads.kernel.errors import (
    InvalidInput,
    ResetTokenInvalid,
    SecondFactorFailed,
    SignInFailed,
    SignInLocked,
)
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime
from crossroads.platform.vault import Vault
from crossroads.web.auth import SESSION_COOKIE, UNCLAIMED_COOKIE, RuntimeDep, unclaimed_ids
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router

router = page_router()


def _page(request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
    return templates.TemplateResponse(
        request, f"signing_in/{name}.html", context, status_code=status
    )


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never `//elsewhere` or an absolute URL."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _source(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _paused(error: SignInLocked) -> str:
    return f"Too many attempts. Please wait until {error.until:%H:%M} UTC, then try again."


def _signed_in_response(
    request: Request, runtime: Runtime, person: Person, token: str, target: str
) -> Response:
    """Set the session cookie; claim this browser's results once sign-in is complete."""
    if person.needs_second_factor:
        target = "/sign-in/code" if person.totp_enabled else "/account/two-factor"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, runtime, token)
    if not person.needs_second_factor:
        claim_this_browsers_results(request, runtime, person, response)
    return response


def set_session_cookie(response: Response, runtime: Runtime, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=runtime.settings.cookie_secure,
        max_age=int(SESSION_LENGTH.total_seconds()),
    )


def claim_this_browsers_results(
    request: Request, runtime: Runtime, person: Person, response: Response
) -> None:
    """Anonymous results taken in this browser move into the account now fully signed in."""
    with runtime.database.transaction() as session:
        claim_results(session, runtime.master_keys, person, unclaimed_ids(request))
    response.delete_cookie(UNCLAIMED_COOKIE)


@router.get("/sign-up", response_class=HTMLResponse)
def sign_up_form(request: Request) -> HTMLResponse:
    return _page(request, "sign_up", form={})


@router.post("/sign-up", response_class=HTMLResponse)
def sign_up_submit(request: Request, runtime: RuntimeDep, form: FormFields) -> Response:
    """The same answer whether or not the address has an account: the mail tells them apart."""
    try:
        register(
            runtime.database,
            email=form.get("email", ""),
            display_name=form.get("display_name", ""),
            password=form.get("password", ""),
            region=form.get("region"),
            time_zone=form.get("time_zone", ""),
            source=_source(request),
            public_url=runtime.settings.public_url,
            now=datetime.now(UTC),
        )
    except InvalidInput as error:
        return _page(request, "sign_up", 422, form=form, error=str(error))
    except SignInLocked as error:
        return _page(request, "sign_up", 429, form=form, error=_paused(error))
    return _page(request, "sign_up_sent")


@router.get("/sign-up/{token}", response_class=HTMLResponse)
def confirm_form(request: Request, token: str) -> HTMLResponse:
    """A button, not the opening itself: mail scanners follow links, but do not post forms."""
    return _page(request, "confirm", token=token)


@router.post("/sign-up/{token}", response_class=HTMLResponse)
def confirm_submit(request: Request, token: str, runtime: RuntimeDep) -> Response:
    now = datetime.now(UTC)
    try:
        with runtime.database.transaction() as session:
            person = confirm_address(session, token=token, now=now)
            cookie = start_session(session, person, now)
    except ResetTokenInvalid as error:
        return _page(request, "confirm", 422, token=token, error=str(error))
    return _signed_in_response(request, runtime, person, cookie, "/")


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _page(request, "sign_in", form={"next": _safe_next(next)})


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in_submit(request: Request, runtime: RuntimeDep, form: FormFields) -> Response:
    now = datetime.now(UTC)
    try:
        person = sign_in(
            runtime.database,
            email=form.get("email", ""),
            password=form.get("password", ""),
            source=_source(request),
            now=now,
        )
    except SignInLocked as error:
        return _page(request, "sign_in", 401, form=form, error=_paused(error))
    except SignInFailed:
        mismatch = "That email and password don't match an account."
        return _page(request, "sign_in", 401, form=form, error=mismatch)
    with runtime.database.transaction() as session:
        token = start_session(session, person, now)
    return _signed_in_response(request, runtime, person, token, _safe_next(form.get("next")))


@router.get("/sign-in/code", response_class=HTMLResponse)
def code_form(request: Request) -> Response:
    if getattr(request.state, "signed_in", None) is None:
        return RedirectResponse("/sign-in", status_code=303)
    return _page(request, "code")


@router.post("/sign-in/code", response_class=HTMLResponse)
def code_submit(request: Request, runtime: RuntimeDep, form: FormFields) -> Response:
    return _second_factor(request, runtime, pass_second_factor, form.get("code", ""), then="/")


@router.post("/sign-in/recovery-code", response_class=HTMLResponse)
def recovery_code_submit(request: Request, runtime: RuntimeDep, form: FormFields) -> Response:
    """A recovery code in place of one from the app; the page after it offers a new
    authenticator (and, to a client, turning two-factor sign-in off)."""
    code = form.get("recovery_code", "")
    return _second_factor(
        request, runtime, pass_with_recovery_code, code, then="/account/two-factor"
    )


def _second_factor(
    request: Request, runtime: Runtime, passing: Callable[..., str], code: str, *, then: str
) -> Response:
    """Finish a sign-in with `code`, checked by `passing` (an app code or a recovery code,
    which take the same arguments), and go on to `then`; the code page again when refused."""
    signed_in: SignedIn | None = getattr(request.state, "signed_in", None)
    if signed_in is None:
        return RedirectResponse("/sign-in", status_code=303)
    refused: str | None = None
    with runtime.database.transaction() as session:
        # Refusals are caught inside the transaction so that the wrong code counts.
        try:
            token = passing(
                session,
                Vault(session, runtime.master_keys),
                signed_in,
                code,
                source=_source(request),
                now=datetime.now(UTC),
            )
        except SecondFactorFailed as error:
            refused = str(error)
        except SignInLocked as error:
            refused = _paused(error)
    if refused is not None:
        return _page(request, "code", 401, error=refused)
    response = RedirectResponse(then, status_code=303)
    set_session_cookie(response, runtime, token)
    claim_this_browsers_results(request, runtime, signed_in.person, response)
    return response


@router.post("/sign-out")
def sign_out(request: Request, runtime: RuntimeDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with runtime.database.transaction() as session:
            end_session(session, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/password-reset", response_class=HTMLResponse)
def reset_request_form(request: Request) -> HTMLResponse:
    return _page(request, "reset_request")


@router.post("/password-reset", response_class=HTMLResponse)
def reset_request_submit(request: Request, runtime: RuntimeDep, form: FormFields) -> Response:
    try:
        request_password_reset(
            runtime.database,
            email=form.get("email", ""),
            source=_source(request),
            public_url=runtime.settings.public_url,
            now=datetime.now(UTC),
        )
    except SignInLocked as error:
        return _page(request, "reset_request", 429, error=_paused(error))
    return _page(request, "reset_sent")


@router.get("/password-reset/{token}", response_class=HTMLResponse)
def reset_form(request: Request, token: str) -> HTMLResponse:
    return _page(request, "reset_form", token=token)


@router.post("/password-reset/{token}", response_class=HTMLResponse)
def reset_submit(request: Request, token: str, runtime: RuntimeDep, form: FormFields) -> Response:
    try:
        reset_password(
            runtime.database,
            token=token,
            new_password=form.get("new_password", ""),
            now=datetime.now(UTC),
        )
    except (ResetTokenInvalid, InvalidInput) as error:
        return _page(request, "reset_form", 422, token=token, error=str(error))
    response = _page(request, "reset_done")
    response.delete_cookie(SESSION_COOKIE)
    return response
