"""The bounds an API schema puts on a field, as each feature's schema tests state them: a value
one past a bound is refused with a 422 by the schema, before any rule runs, and the value at the
bound passes the schema on to the rule."""

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter


@dataclass(frozen=True)
class Bound:
    """Where the API reads a field (`field` is its path in the body, around which `base` is the
    rest of the body), what schema reads it, and its values at and one past the bound."""

    method: str
    url: str
    schema: Any
    field: tuple[str | int, ...]
    at: object
    past: object
    base: dict[str, Any]
    who: str = "client"

    def body(self, value: object) -> Any:
        return _placed(self.base, self.field, value)


def _placed(outer: Any, path: tuple[str | int, ...], value: object) -> Any:
    if not path:
        return value
    first, *rest = path
    if isinstance(first, int):  # the first item of a list
        return [_placed({}, tuple(rest), value)]
    return {**outer, first: _placed(outer.get(first, {}), tuple(rest), value)}


def text(length: int) -> str:
    return "x" * length


def assert_refused_by_schema(response: Any, bound: Bound) -> None:
    assert response.status_code == 422, response.text
    [refusal] = response.json()["detail"]
    assert refusal["loc"] == ["body", *bound.field]
    assert refusal["type"] != "invalid_input"  # the schema's refusal, not a rule's


def assert_passes_schema(bound: Bound) -> None:
    TypeAdapter(bound.schema).validate_python(bound.body(bound.at))
