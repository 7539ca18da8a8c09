"""Read every API body as JSON we can store and answer with: no NaN or Infinity, no number too
large for a float or too long to read, and no half of a UTF-16 pair (JavaScript leaves one when
it cuts an emoji in two). One route class for every API router, so that a body is checked before
FastAPI reads it, and a refusal is a 422 naming the field, which web/errors.py screens for crisis
like any other."""

import email.message
import json
import math
import re
from collections.abc import Callable, Coroutine, Iterator
from itertools import islice
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

# Far more than any field needs; Python itself refuses to read whole numbers over 4,300 digits.
MAX_DIGITS = 100
HALF_PAIR = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 32  # levels of nesting; our deepest body has four
MAX_ERRORS = 20  # named in one answer: enough to mend a body, never a flood

NOT_FINITE = "must be a number we can store: NaN and Infinity are not numbers"
TOO_LARGE = "must be a number we can store: this one is too large"
TOO_LONG = f"must be a number of at most {MAX_DIGITS} digits"
TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep"
BROKEN_TEXT = "has a broken character in it (half of an emoji, perhaps): please write it again"


class _Refused:
    """Stands in, while parsing, for a value that cannot be kept; says why."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _number(text: str) -> float | _Refused:
    if len(text) > MAX_DIGITS:
        return _Refused(TOO_LONG)
    value = float(text)
    return value if math.isfinite(value) else _Refused(TOO_LARGE)


def _whole(text: str) -> int | _Refused:
    return _Refused(TOO_LONG) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def read_json(body: bytes) -> Any:
    """The body parsed, with each value that cannot be kept standing as a _Refused. Raises
    ValueError (JSONDecodeError among them) for a body that is no JSON at all."""
    return json.loads(
        body,
        parse_constant=lambda _: _Refused(NOT_FINITE),
        parse_float=_number,
        parse_int=_whole,
    )


def refusals(value: Any, loc: tuple[str | int, ...] = ("body",)) -> Iterator[dict[str, Any]]:
    """Each value in a parsed body that cannot be kept, as a validation error at its place."""
    if len(loc) > MAX_DEPTH:
        yield _error(loc, TOO_DEEP)
    elif isinstance(value, _Refused):
        yield _error(loc, value.problem)
    elif isinstance(value, str) and HALF_PAIR.search(value):
        yield _error(loc, BROKEN_TEXT)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from refusals(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if HALF_PAIR.search(key):
                yield _error((*loc, _mended(key)), f"(a name) {BROKEN_TEXT}")
            yield from refusals(item, (*loc, _mended(key)))


def _error(loc: tuple[str | int, ...], problem: str) -> dict[str, Any]:
    field = ".".join(str(part) for part in loc[1:]) or "the body"
    return {"type": "value_error", "loc": loc, "msg": f"The value of {field} {problem}."}


def mended(value: Any, depth: int = 0) -> Any:
    """The parsed body with refused values left out and broken characters replaced, so that
    what the person wrote can still be screened for crisis."""
    if isinstance(value, _Refused) or depth > MAX_DEPTH:
        return None
    if isinstance(value, str):
        return _mended(value)
    if isinstance(value, list):
        return [mended(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {_mended(key): mended(item, depth + 1) for key, item in value.items()}
    return value


def _mended(text: str) -> str:
    return HALF_PAIR.sub("\ufffd", text)


def _is_json(request: Request) -> bool:
    """The bodies FastAPI reads as JSON: application/json and any application/...+json."""
    message = email.message.Message()
    message["content-type"] = request.headers.get("content-type", "")
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def refuse_unkeepable_values(request: Request) -> None:
    """Raise RequestValidationError naming each field of a JSON body that cannot be kept. A
    body that is no JSON at all is left for FastAPI to refuse in its own way."""
    body = await request.body()
    if not body or not _is_json(request):
        return
    try:
        parsed = read_json(body)
    except (ValueError, RecursionError):
        return
    errors = list(islice(refusals(parsed), MAX_ERRORS))
    if errors:
        raise RequestValidationError(errors, body=mended(parsed))


class CheckedJsonRoute(APIRoute):
    """An API route whose JSON body is checked by `refuse_unkeepable_values` first."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def checked(request: Request) -> Response:
            await refuse_unkeepable_values(request)
            return await handle(request)

        return checked
