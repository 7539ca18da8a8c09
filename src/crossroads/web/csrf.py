"""Give every browser a CSRF cookie, and check the signed token, tied to the session cookie the
browser holds, on every form post."""

from fastapi import Request
from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossroads.security.csrf import form_token, form_token_is_valid
from crossroads.security.tokens import new_token
from crossroads.web.auth import SESSION_COOKIE

COOKIE = "cr_csrf"
FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfFailed(Exception):
    """A form arrived without the token this browser was given."""


class CsrfCookie:
    """Pure ASGI middleware: reuse the browser's cookie or issue one, and expose it as
    `request.state.csrf_cookie` for templates and the check."""

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(("/static/", "/api/")):
            await self.app(scope, receive, send)
            return
        existing = _cookie(scope, COOKIE)
        value = existing or new_token()
        scope.setdefault("state", {})["csrf_cookie"] = value

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and existing is None:
                attributes = "Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", f"{COOKIE}={value}; {attributes}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cookie_name, _, cookie_value = part.strip().partition("=")
                if cookie_name == name and cookie_value:
                    return str(cookie_value)
    return None


def csrf_field(request: Request) -> Markup:
    """The hidden input every form carries."""
    token = form_token(
        request.app.state.runtime.secret,
        request.state.csrf_cookie,
        request.cookies.get(SESSION_COOKIE),
    )
    return Markup(f'<input type="hidden" name="{FIELD}" value="{token}">')  # noqa: S704


async def verify_csrf(request: Request) -> None:
    """Router dependency: refuse any unsafe request whose form lacks a valid token."""
    if request.method not in UNSAFE:
        return
    form = await request.form()
    submitted = form.get(FIELD)
    cookie = getattr(request.state, "csrf_cookie", None)
    if not form_token_is_valid(
        request.app.state.runtime.secret,
        cookie,
        submitted if isinstance(submitted, str) else None,
        request.cookies.get(SESSION_COOKIE),
    ):
        raise CsrfFailed()
