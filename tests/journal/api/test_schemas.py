"""The journal API's bounds are its rules' bounds: a value one past each is refused with a 422
before any rule runs, and the value at the bound is let through to the rule."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.journal.api.entries import Answer
from crossroads.journal.rules.entries import (
    MAX_COPING_SENT,
    MAX_EMOTION_WORD,
    MAX_EMOTIONS_SENT,
    MAX_TEXT,
    SCALE,
)
from crossroads.journal.schemas import EntryIn
from crossroads.platform.runtime import Runtime
from tests.api_bounds import Bound, assert_passes_schema, assert_refused_by_schema, text
from tests.conftest import FormClient
from tests.factories import make_person
from tests.journal.api.test_entries import Api

NOW = datetime.now(UTC)
ENTRY = {"mood": 5}
JOURNAL = "/api/v1/journal"


def _entry(field: tuple[str | int, ...], at: object, past: object) -> Bound:
    return Bound("POST", JOURNAL, EntryIn, field, at, past, ENTRY)


BOUNDS = {
    **{
        f"{name} {end}": _entry((name,), SCALE[index], SCALE[index] + step)
        for name in ("mood", "helped")
        for end, index, step in (("above", -1, 1), ("below", 0, -1))
    },
    **{
        name: _entry((name,), text(MAX_TEXT), text(MAX_TEXT + 1))
        for name in ("what_happened", "own_coping", "note")
    },
    "emotion word": _entry(("emotions", 0), text(MAX_EMOTION_WORD), text(MAX_EMOTION_WORD + 1)),
    "emotions": _entry(
        ("emotions",), ["calm"] * MAX_EMOTIONS_SENT, ["calm"] * (MAX_EMOTIONS_SENT + 1)
    ),
    "coping": _entry(
        ("coping",), ["movement"] * MAX_COPING_SENT, ["movement"] * (MAX_COPING_SENT + 1)
    ),
    "exercise answer": Bound(
        "POST",
        f"{JOURNAL}/exercises/grief",
        dict[str, Answer],
        ("who",),
        text(MAX_TEXT),
        text(MAX_TEXT + 1),
        {},
    ),
}


@pytest.fixture
def api(client: FormClient, runtime: Runtime) -> Api:
    with runtime.database.transaction() as session:
        person = make_person(session, "writer@example.org")
        token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
    return Api(client, token)


@pytest.mark.parametrize("bound", BOUNDS.values(), ids=BOUNDS.keys())
def test_a_value_one_past_a_bound_is_refused_by_the_schema(api: Api, bound: Bound) -> None:
    response = api(bound.method, bound.url, bound.body(bound.past))

    assert_refused_by_schema(response, bound)


@pytest.mark.parametrize("bound", BOUNDS.values(), ids=BOUNDS.keys())
def test_the_value_at_a_bound_passes_the_schema(bound: Bound) -> None:
    assert_passes_schema(bound)
