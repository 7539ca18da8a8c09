"""The one place where errors become HTTP statuses, redirects and error pages, including the
500 for an error nothing expected, which is logged by its kind and place, never its words."""

import json
import logging
import traceback
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossroads.kernel.errors import (
    InvalidInput,
    NotAllowed,
    NotFound,
    RateLimited,
    SlotTaken,
    TooLateToChange,
)
from crossroads.kernel.risk import RiskScreen
from crossroads.platform.database import DatabaseBusy, DatabaseUnavailable
from crossroads.text.classification import screen_writing
from crossroads.web.api.schemas import crisis_out
from crossroads.web.auth import ApiUnauthorised, Forbidden, SignInRequired
from crossroads.web.csrf import CsrfFailed
from crossroads.web.deps import templates
from crossroads.web.fields import field_problems, label_of

logger = logging.getLogger("crossroads.errors")
STACK_LOGGED = 8  # innermost frames named in the log line of an unexpected error


def install(app: FastAPI) -> None:
    app.add_exception_handler(InvalidInput, _invalid_input)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(NotAllowed, _forbidden)
    app.add_exception_handler(SlotTaken, _conflict)
    app.add_exception_handler(TooLateToChange, _conflict)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(CsrfFailed, _csrf_failed)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(ApiUnauthorised, _unauthorised)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(DatabaseBusy, _busy)
    app.add_exception_handler(RateLimited, _rate_limited)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "errors/error.html", {"title": title, "message": message}, status_code=status
    )


async def _invalid_input(request: Request, error: Exception) -> Response:
    assert isinstance(error, InvalidInput)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        detail = [
            {"loc": ["body", field], "msg": problem, "type": "invalid_input"}
            for field, problem in error.by_field
        ]
        content: dict[str, Any] = {"detail": detail}
        screen = await _screened(await _json_body(request))
        if screen.flagged:
            # Refused by a rule after it was read, but what the person wrote still comes first.
            content["crisis"] = crisis_out(screen).model_dump(mode="json")
        return JSONResponse(content, status_code=422)
    said = " ".join(str(problem).rstrip(".") + "." for problem in field_problems(error))
    return error_page(request, 422, "We couldn't use that", said)


async def _screened(body: object) -> RiskScreen:
    """The crisis screen of a refused body's words, read by the text model in the thread pool:
    on the event loop it would hold up every other request while it runs."""
    return await run_in_threadpool(screen_writing, _written(body))


async def _json_body(request: Request) -> object:
    """The request's JSON body, or None when it has none that parses."""
    try:
        return json.loads(await request.body() or b"null")
    except (ValueError, RuntimeError):
        return None


async def _not_found(request: Request, error: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": str(error)}, status_code=404)
    return error_page(
        request, 404, "Nothing here", "There is nothing at this address that you can see."
    )


async def _forbidden(request: Request, error: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "not allowed"}, status_code=403)
    return error_page(request, 403, "Not for this account", "This page is not open to you.")


async def _conflict(request: Request, error: Exception) -> Response:
    """The request was fine but the booking's state refuses it: taken, or too late."""
    if _is_api(request):
        return JSONResponse({"detail": str(error)}, status_code=409)
    return error_page(request, 409, "That did not go through", str(error).capitalize() + ".")


async def _rate_limited(request: Request, error: Exception) -> Response:
    """The person sent too many of something: the answer says what the limit is and when
    they can send again."""
    assert isinstance(error, RateLimited)  # noqa: S101  (registered for this type only)
    headers = {"retry-after": str(error.retry_after)}
    if _is_api(request):
        return JSONResponse({"detail": str(error)}, status_code=429, headers=headers)
    response = error_page(request, 429, "Please wait a little", str(error).capitalize() + ".")
    response.headers.update(headers)
    return response


# What a refused unit of work says, by why it was refused: (API detail, page title, page text).
_TRY_AGAIN = {
    DatabaseBusy: (
        "the database is busy just now; try again in a moment",
        "Busy for a moment",
        "Many people are using Crossroads just now and we couldn't finish that in time. "
        "Please try again in a moment.",
    ),
    # The server was lost, most likely while its standby takes over: whether a change went
    # through is for the person to look.
    DatabaseUnavailable: (
        "the database could not be reached just now; try again in a few seconds",
        "Back in a moment",
        "Part of Crossroads stopped answering for a moment, so we can't be sure that went "
        "through. Please wait a few seconds and try again; if you were saving something, "
        "check whether it is there first.",
    ),
}


async def _busy(request: Request, error: Exception) -> Response:
    """The database could not finish the unit of work for now (DatabaseBusy, or its kind
    DatabaseUnavailable): nothing is wrong with the request, so the answer says when to send it
    again."""
    assert isinstance(error, DatabaseBusy)  # noqa: S101  (registered for this type only)
    headers = {"retry-after": str(error.retry_after)}
    detail, title, text = _TRY_AGAIN[type(error)]
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=503, headers=headers)
    response = error_page(request, 503, title, text)
    response.headers.update(headers)
    return response


async def _csrf_failed(request: Request, error: Exception) -> Response:
    return error_page(
        request,
        403,
        "Please try that again",
        "The form had expired or came from somewhere else. Go back, reload the page and "
        "send it again.",
    )


async def _sign_in_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequired)  # noqa: S101  (registered for this type only)
    return RedirectResponse(error.to, status_code=303)


async def _unauthorised(request: Request, error: Exception) -> Response:
    return JSONResponse(
        {"detail": "a valid personal access token is required"},
        status_code=401,
        headers={"www-authenticate": "Bearer"},
    )


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        content: dict[str, Any] = {"detail": _named(error.errors())}
        screen = await _screened(error.body)
        if screen.flagged:
            # The body was refused for its shape, but what the person wrote still comes first.
            content["crisis"] = crisis_out(screen).model_dump(mode="json")
        return JSONResponse(content, status_code=422)
    named = [label_of(str(item["loc"][-1])) for item in error.errors()]
    labels = ", ".join(dict.fromkeys(label for label in named if label))
    return error_page(
        request,
        422,
        "Something in the form needs a look",
        f"Please check: {labels}." if labels else "Please check the form and send it again.",
    )


def _named(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Where and what, without the value sent: an answer never echoes a person's words, and a
    value that JSON cannot carry (NaN, half of an emoji) cannot break the answer."""
    named: list[dict[str, Any]] = jsonable_encoder(
        [{key: value for key, value in item.items() if key != "input"} for item in errors]
    )
    return named


def _written(body: object, path: str = "body") -> dict[str, str]:
    """Every piece of text in a refused JSON body, by where it was, for the crisis check."""
    if isinstance(body, str):
        return {path: body}
    if isinstance(body, dict):
        items: list[tuple[object, object]] = list(body.items())
    elif isinstance(body, list):
        items = list(enumerate(body))
    else:
        return {}
    found: dict[str, str] = {}
    for key, value in items[:MAX_SCREENED]:
        found.update(_written(value, f"{path}.{key}"))
    return found


MAX_SCREENED = 200  # pieces of text read from one refused body


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    if error.status_code == 404:
        return error_page(request, 404, "Nothing here", "This page doesn't exist.")
    return error_page(request, error.status_code, "Something went wrong", str(error.detail))


class ServerErrors:
    """Pure ASGI middleware, inside SecurityHeaders and RequestLog: an exception that nothing
    else handled becomes a 500 with the same headers as any other answer, and is logged by its
    kind and where it was raised. Never by its message, which can hold what the person sent (a
    validation error carries the values, a database error its parameters); the exception goes
    no further, so no server logs it again in full."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_noting_start)
        except Exception as error:
            _log_unexpected(error, scope)
            if not started:  # else the client sees the answer cut short, which says as much
                response = _server_error(Request(scope))
                await response(scope, receive, send)


def _log_unexpected(error: Exception, scope: Scope) -> None:
    frames = traceback.extract_tb(error.__traceback__)[-STACK_LOGGED:]
    stack = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in reversed(frames)]
    kinds = [type(error).__name__]
    cause = error.__cause__ or error.__context__
    while cause is not None and len(kinds) < STACK_LOGGED:
        kinds.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    route = getattr(scope.get("route"), "path", None) or "(no route)"
    logger.error(
        "unexpected %s in %s %s at %s",
        " from ".join(kinds),
        scope["method"],
        route,
        stack[0] if stack else "(no frame)",
        extra={
            "request_id": scope.get("state", {}).get("request_id"),
            "route": route,
            "error": kinds,
            "stack": stack,
        },
    )


def _server_error(request: Request) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "something went wrong on our side"}, status_code=500)
    try:
        return error_page(
            request,
            500,
            "Something went wrong on our side",
            "We couldn't finish that. It was not something you did; please try again in a "
            "little while.",
        )
    except Exception:  # the page itself may be what is broken; the words still reach them
        return PlainTextResponse("Something went wrong on our side.\n", status_code=500)
