"""Who is asking: the signed-in browser (session cookie) or an API token, and what they may do.

Pages get the person through dependencies that redirect to sign-in; the API answers 401/403.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from crossroads.accounts.service.sessions import SignedIn, mark_seen, resolve_session
from crossroads.accounts.service.tokens import Bearer, authenticate_token, note_token_use
from crossroads.kernel.people import Person, Role
from crossroads.platform.runtime import Runtime
from crossroads.security.tokens import Scope, claim_proof, same_secret

SESSION_COOKIE = "cr_session"
UNCLAIMED_COOKIE = "cr_unclaimed"  # anonymous assessments taken in this browser
MAX_UNCLAIMED = 10  # anonymous results remembered per browser


class SignInRequired(Exception):
    """A page needs a complete sign-in; `to` is where to send the browser."""

    def __init__(self, to: str) -> None:
        self.to = to


class Forbidden(Exception):
    """Signed in, but this role or token may not do this."""


class ApiUnauthorised(Exception):
    """No valid token for an API route that needs one."""


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def load_viewer(request: Request) -> SignedIn | None:
    """Router dependency for pages: resolve the session once, for handlers and templates."""
    token = request.cookies.get(SESSION_COOKIE)
    signed_in = None
    if token:
        runtime = get_runtime(request)
        idle = timedelta(minutes=runtime.settings.session_idle_minutes)
        now = datetime.now(UTC)
        with runtime.database.reading() as session:
            signed_in = resolve_session(session, token, now, idle)
        if signed_in is not None and signed_in.needs_marking(now):
            # A write at most once a minute per browser, not on every page.
            with runtime.database.transaction() as session:
                mark_seen(session, signed_in, now)
    request.state.signed_in = signed_in
    request.state.viewer = signed_in.person if signed_in and signed_in.complete else None
    return signed_in


def _viewer(request: Request) -> Person | None:
    person: Person | None = getattr(request.state, "viewer", None)
    return person


def optional_viewer(request: Request) -> Person | None:
    return _viewer(request)


def signed_in_person(request: Request) -> Person:
    person = _viewer(request)
    if person is None:
        signed_in: SignedIn | None = getattr(request.state, "signed_in", None)
        if signed_in is not None:
            step = "/sign-in/code" if signed_in.person.totp_enabled else "/account/two-factor"
            raise SignInRequired(step)
        raise SignInRequired(f"/sign-in?next={request.url.path}")
    return person


def any_session(request: Request) -> SignedIn:
    """A session, complete or still waiting for its second factor."""
    signed_in: SignedIn | None = getattr(request.state, "signed_in", None)
    if signed_in is None:
        raise SignInRequired("/sign-in")
    return signed_in


def _role(role: Role, who: Callable[..., Person]) -> Callable[[Person], Person]:
    """A dependency that lets through only `role`, after `who` has found the person (a page
    session or an API token)."""

    def check(person: Annotated[Person, Depends(who)]) -> Person:
        if person.role is not role:
            raise Forbidden()
        return person

    return check


Viewer = Annotated[Person | None, Depends(optional_viewer)]
AnySession = Annotated[SignedIn, Depends(any_session)]
SignedInPerson = Annotated[Person, Depends(signed_in_person)]
Client = Annotated[Person, Depends(_role(Role.CLIENT, signed_in_person))]
Practitioner = Annotated[Person, Depends(_role(Role.PRACTITIONER, signed_in_person))]
Admin = Annotated[Person, Depends(_role(Role.ADMIN, signed_in_person))]

_bearer = HTTPBearer(auto_error=False)


def optional_api_person(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Person | None:
    """The token's owner, checked for the scope this method needs; None without a token."""
    if credentials is None:
        return None
    runtime = get_runtime(request)
    bearer = bearer_of(runtime, credentials.credentials)
    if bearer is None:
        raise ApiUnauthorised()
    needed = Scope.READ if request.method in {"GET", "HEAD"} else Scope.WRITE
    if needed not in bearer.scopes:
        raise Forbidden()
    return bearer.person


def bearer_of(runtime: Runtime, token: str) -> Bearer | None:
    """The token's bearer, read without the write lock; its use is written at most once a
    minute."""
    now = datetime.now(UTC)
    with runtime.database.reading() as session:
        bearer = authenticate_token(session, token, now)
    if bearer is not None and bearer.needs_marking(now):
        with runtime.database.transaction() as session:
            note_token_use(session, bearer, now)
    return bearer


def api_person(person: Annotated[Person | None, Depends(optional_api_person)]) -> Person:
    if person is None:
        raise ApiUnauthorised()
    return person


ApiViewer = Annotated[Person | None, Depends(optional_api_person)]
ApiPerson = Annotated[Person, Depends(api_person)]
ApiClient = Annotated[Person, Depends(_role(Role.CLIENT, api_person))]
ApiPractitioner = Annotated[Person, Depends(_role(Role.PRACTITIONER, api_person))]


def unclaimed_ids(request: Request) -> list[str]:
    """The ids of the anonymous results this browser took: those whose signature holds."""
    secret = request.app.state.runtime.secret
    cookie = request.cookies.get(UNCLAIMED_COOKIE, "")
    signed = (value.partition(".") for value in cookie.split(",") if value)
    return [each for each, _, proof in signed if same_secret(proof, claim_proof(secret, each))][
        -MAX_UNCLAIMED:
    ]
