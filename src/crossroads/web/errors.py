"""The one place where domain errors become HTTP statuses and error pages."""

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from crossroads.domain.errors import AssessmentNotFound, InvalidAnswer
from crossroads.web.deps import templates


def install(app: FastAPI) -> None:
    app.add_exception_handler(InvalidAnswer, _invalid_answer)
    app.add_exception_handler(AssessmentNotFound, _not_found)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "errors/error.html", {"title": title, "message": message}, status_code=status
    )


async def _invalid_answer(request: Request, error: Exception) -> Response:
    assert isinstance(error, InvalidAnswer)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        detail = [{"loc": ["body", error.field], "msg": error.problem, "type": "invalid_answer"}]
        return JSONResponse({"detail": detail}, status_code=422)
    return _error_page(request, 422, "We couldn't use that answer", str(error))


async def _not_found(request: Request, error: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": str(error)}, status_code=404)
    return _error_page(
        request,
        404,
        "Nothing here",
        "We have no result at this address. Links to results only work exactly as they were given.",
    )


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        return JSONResponse({"detail": jsonable_encoder(error.errors())}, status_code=422)
    fields = ", ".join(str(item["loc"][-1]) for item in error.errors())
    return _error_page(
        request, 422, "Something in the form needs a look", f"Please check: {fields}."
    )


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)  # noqa: S101  (registered for this type only)
    if _is_api(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    if error.status_code == 404:
        return _error_page(request, 404, "Nothing here", "This page doesn't exist.")
    return _error_page(request, error.status_code, "Something went wrong", str(error.detail))
