"""The one place where errors become HTTP statuses, redirects and error pages."""

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from crossroads.domain.errors import (
    InvalidInput,
    NotAllowed,
    NotFound,
    SlotTaken,
    TooLateToChange,
)
from crossroads.services.classification import screen_writing
from crossroads.web.api.goal_models import crisis_out
from crossroads.web.auth import ApiUnauthorised, Forbidden, SignInRequired
from crossroads.web.csrf import CsrfFailed
from crossroads.web.deps import templates


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


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "errors/error.html", {"title": title, "message": message}, status_code=status
    )


async def _invalid_input(request: Request, error: Exception) -> Response:
    assert isinstance(error, InvalidInput)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        detail = [{"loc": ["body", error.field], "msg": error.problem, "type": "invalid_input"}]
        content: dict[str, Any] = {"detail": detail}
        screen = screen_writing(_written(await _json_body(request)))
        if screen.flagged:
            # Refused by a rule after it was read, but what the person wrote still comes first.
            content["crisis"] = crisis_out(screen).model_dump(mode="json")
        return JSONResponse(content, status_code=422)
    return error_page(request, 422, "We couldn't use that", str(error))


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
        content: dict[str, Any] = {"detail": jsonable_encoder(error.errors())}
        screen = screen_writing(_written(error.body))
        if screen.flagged:
            # The body was refused for its shape, but what the person wrote still comes first.
            content["crisis"] = crisis_out(screen).model_dump(mode="json")
        return JSONResponse(content, status_code=422)
    fields = ", ".join(str(item["loc"][-1]) for item in error.errors())
    return error_page(
        request, 422, "Something in the form needs a look", f"Please check: {fields}."
    )


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
