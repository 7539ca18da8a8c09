"""Two-factor sign-in from the account: turn it on, make recovery codes (shown once), put a new
authenticator in place of a lost one, and, for a client, turn it off with a code."""

from dataclasses import replace
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.accounts.pages.signing_in import claim_this_browsers_results, set_session_cookie
from crossroads.accounts.service.recovery import make_recovery_codes, recovery_codes_left
from crossroads.accounts.service.sessions import (
    begin_totp_setup,
    confirm_totp,
    pending_totp_secret,
    replace_authenticator,
    turn_off_two_factor,
)
from crossroads.kernel.errors import InvalidInput, SecondFactorFailed, SignInLocked
from crossroads.kernel.people import Person
from crossroads.platform.vault import Vault
from crossroads.security import totp
from crossroads.web.auth import AnySession, Client, RuntimeDep, SignedInPerson
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router

router = page_router()


def _source(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _refusal(error: InvalidInput | SecondFactorFailed | SignInLocked) -> str:
    if isinstance(error, SignInLocked):
        return f"too many attempts; please wait until {error.until:%H:%M} UTC"
    if isinstance(error, InvalidInput):
        return error.problem
    return str(error)


@router.get("/account/two-factor", response_class=HTMLResponse)
def two_factor_setup(request: Request, runtime: RuntimeDep, signed_in: AnySession) -> Response:
    person = signed_in.person
    if person.totp_enabled:
        return _enabled_page(request, runtime, person)
    with runtime.database.transaction() as session:
        vault = Vault(session, runtime.master_keys)
        secret = pending_totp_secret(session, vault, person) or begin_totp_setup(
            session, vault, person
        )
    return _setup_page(request, secret, person.email)


def _setup_page(
    request: Request, secret: str, email: str, error: str | None = None, *, new: bool = False
) -> HTMLResponse:
    """The steps that set up an authenticator: the first, or a `new` one in place of the old,
    whose secret travels in the form, kept nowhere until a code from it matches."""
    context = {
        "enabled": False,
        "new": new,
        "secret": secret,
        "qr": totp.provisioning_qr_svg(secret, email),
        "error": error,
    }
    status = 422 if error else 200
    return templates.TemplateResponse(
        request, "account/two_factor.html", context, status_code=status
    )


def _enabled_page(
    request: Request, runtime: RuntimeDep, person: Person, status: int = 200, **extra: object
) -> HTMLResponse:
    with runtime.database.reading() as session:
        left = recovery_codes_left(session, person)
    context = {"enabled": True, "person": person, "codes_left": left, **extra}
    return templates.TemplateResponse(
        request, "account/two_factor.html", context, status_code=status
    )


@router.post("/account/two-factor", response_class=HTMLResponse)
def two_factor_confirm(
    request: Request, runtime: RuntimeDep, signed_in: AnySession, form: FormFields
) -> Response:
    """Turn it on, and show the first set of recovery codes at once: a practitioner who never
    saw any would be locked out for good by a lost phone."""
    refused: str | None = None
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        vault = Vault(session, runtime.master_keys)
        # Refusals are caught inside the transaction so that the wrong code counts.
        try:
            token = confirm_totp(
                session, vault, signed_in, form.get("code", ""), source=_source(request), now=now
            )
            codes = make_recovery_codes(session, vault, signed_in.person, now)
        except (SecondFactorFailed, InvalidInput, SignInLocked) as error:
            refused = _refusal(error)
        secret = pending_totp_secret(session, vault, signed_in.person)
    if refused is not None:
        if secret is None:  # nothing to confirm yet: start the set-up
            return RedirectResponse("/account/two-factor", status_code=303)
        return _setup_page(request, secret, signed_in.person.email, refused)
    person = replace(signed_in.person, totp_enabled=True)
    request.state.viewer = person  # this page already shows them signed in
    response = _codes_page(request, codes, first=True)
    set_session_cookie(response, runtime, token)
    claim_this_browsers_results(request, runtime, person, response)
    return response


def _codes_page(request: Request, codes: list[str], *, first: bool = False) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "account/recovery_codes.html", {"codes": codes, "first": first}
    )


@router.post("/account/two-factor/recovery-codes", response_class=HTMLResponse)
def recovery_codes_make(request: Request, runtime: RuntimeDep, person: SignedInPerson) -> Response:
    """A new set in place of the old, shown once."""
    with runtime.database.transaction() as session:
        try:
            codes = make_recovery_codes(
                session, Vault(session, runtime.master_keys), person, datetime.now(UTC)
            )
        except InvalidInput:  # two-factor sign-in is off: its page says how to turn it on
            return RedirectResponse("/account/two-factor", status_code=303)
    return _codes_page(request, codes)


@router.get("/account/two-factor/new", response_class=HTMLResponse)
def new_authenticator_form(request: Request, person: SignedInPerson) -> Response:
    """A fresh secret for a new phone; nothing is stored until a code from it matches."""
    if not person.totp_enabled:
        return RedirectResponse("/account/two-factor", status_code=303)
    return _setup_page(request, totp.new_secret(), person.email, new=True)


@router.post("/account/two-factor/new", response_class=HTMLResponse)
def new_authenticator_confirm(
    request: Request, runtime: RuntimeDep, person: SignedInPerson, form: FormFields
) -> Response:
    secret = form.get("secret", "")
    refused: str | None = None
    with runtime.database.transaction() as session:
        try:
            replace_authenticator(
                session,
                Vault(session, runtime.master_keys),
                person,
                secret,
                form.get("code", ""),
                source=_source(request),
                now=datetime.now(UTC),
            )
        except (SecondFactorFailed, InvalidInput, SignInLocked) as error:
            refused = _refusal(error)
    if refused is None:
        notice = "Your new authenticator is in use. Codes from the old one no longer work."
        return _enabled_page(request, runtime, person, notice=notice)
    if not (person.totp_enabled and totp.is_secret(secret)):
        return RedirectResponse("/account/two-factor", status_code=303)
    return _setup_page(request, secret, person.email, refused, new=True)


@router.post("/account/two-factor/off", response_class=HTMLResponse)
def two_factor_off(
    request: Request, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    """Only a client may turn it off (practitioners and admins must keep it), with a code from
    the app or one of their recovery codes."""
    refused: str | None = None
    with runtime.database.transaction() as session:
        try:
            turn_off_two_factor(
                session,
                Vault(session, runtime.master_keys),
                client,
                form.get("code", ""),
                source=_source(request),
                now=datetime.now(UTC),
            )
        except (SecondFactorFailed, InvalidInput, SignInLocked) as error:
            refused = _refusal(error)
    if refused is None:
        return RedirectResponse("/account#security-heading", status_code=303)
    if not client.totp_enabled:
        return RedirectResponse("/account/two-factor", status_code=303)
    return _enabled_page(request, runtime, client, 422, error=refused)
