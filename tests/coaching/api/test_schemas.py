"""The coaching API's bounds are its rules' bounds: a value one past each is refused with a 422
before any rule runs, and the value at the bound is let through to the rule."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.coaching.api.conversations import Answer
from crossroads.coaching.rules import checkins, experiments
from crossroads.coaching.rules.checkins import CONFIDENCE, LONGEST_CUSTOM, SHORTEST_CUSTOM
from crossroads.coaching.rules.experiments import MAX_STRATEGY
from crossroads.coaching.rules.goals import (
    FIRST_POSITION,
    MAX_COMMENT,
    MAX_STEP,
    MAX_UNIT,
    MAX_WHAT,
    MAX_WHY,
)
from crossroads.coaching.rules.grow import MAX_ANSWER
from crossroads.coaching.schemas import (
    CheckInIn,
    CommentIn,
    GoalIn,
    GoalPatch,
    ObstacleIn,
    StepIn,
    StepPatch,
    StrategyIn,
    StrategyOutcomeIn,
)
from crossroads.platform.runtime import Runtime
from tests.api_bounds import Bound, assert_passes_schema, assert_refused_by_schema, text
from tests.conftest import FormClient
from tests.factories import make_person
from tests.journal.api.test_entries import Api

NOW = datetime.now(UTC)
GOAL = {"what": "Run more", "cadence": "custom", "every_days": 7}
STEPS = "/api/v1/goals/g/steps"
MEASURE = {"measure": {"kind": "number", "unit": "km"}}
BOUNDS = {
    "every_days above": Bound(
        "POST", "/api/v1/goals", GoalIn, ("every_days",), LONGEST_CUSTOM, LONGEST_CUSTOM + 1, GOAL
    ),
    "every_days below": Bound(
        "POST",
        "/api/v1/goals",
        GoalIn,
        ("every_days",),
        SHORTEST_CUSTOM,
        SHORTEST_CUSTOM - 1,
        GOAL,
    ),
    "what": Bound(
        "POST", "/api/v1/goals", GoalIn, ("what",), text(MAX_WHAT), text(MAX_WHAT + 1), GOAL
    ),
    "why": Bound("POST", "/api/v1/goals", GoalIn, ("why",), text(MAX_WHY), text(MAX_WHY + 1), GOAL),
    "unit": Bound(
        "POST",
        "/api/v1/goals",
        GoalIn,
        ("measure", "unit"),
        text(MAX_UNIT),
        text(MAX_UNIT + 1),
        {**GOAL, **MEASURE},
    ),
    "changed every_days": Bound(
        "PATCH",
        "/api/v1/goals/g",
        GoalPatch,
        ("every_days",),
        LONGEST_CUSTOM,
        LONGEST_CUSTOM + 1,
        {},
    ),
    "changed what": Bound(
        "PATCH", "/api/v1/goals/g", GoalPatch, ("what",), text(MAX_WHAT), text(MAX_WHAT + 1), {}
    ),
    "changed why": Bound(
        "PATCH", "/api/v1/goals/g", GoalPatch, ("why",), text(MAX_WHY), text(MAX_WHY + 1), {}
    ),
    "step": Bound("POST", STEPS, StepIn, ("text",), text(MAX_STEP), text(MAX_STEP + 1), {}),
    "changed step": Bound(
        "PATCH", f"{STEPS}/s", StepPatch, ("text",), text(MAX_STEP), text(MAX_STEP + 1), {}
    ),
    "position": Bound(
        "PATCH", f"{STEPS}/s", StepPatch, ("position",), FIRST_POSITION, FIRST_POSITION - 1, {}
    ),
    "homework": Bound(
        "POST",
        "/api/v1/goals/g/homework",
        StepIn,
        ("text",),
        text(MAX_STEP),
        text(MAX_STEP + 1),
        {},
        who="coach",
    ),
    "obstacle": Bound(
        "POST",
        "/api/v1/goals/g/obstacles",
        ObstacleIn,
        ("text",),
        text(MAX_STRATEGY),
        text(MAX_STRATEGY + 1),
        {},
    ),
    "strategy": Bound(
        "POST",
        "/api/v1/goals/g/obstacles/o/strategies",
        StrategyIn,
        ("text",),
        text(MAX_STRATEGY),
        text(MAX_STRATEGY + 1),
        {},
    ),
    "outcome note": Bound(
        "PATCH",
        "/api/v1/goals/g/strategies/s",
        StrategyOutcomeIn,
        ("note",),
        text(experiments.MAX_NOTE),
        text(experiments.MAX_NOTE + 1),
        {"outcome": "worked"},
    ),
    "confidence above": Bound(
        "POST",
        "/api/v1/goals/g/check-ins",
        CheckInIn,
        ("confidence",),
        CONFIDENCE[-1],
        CONFIDENCE[-1] + 1,
        {},
    ),
    "confidence below": Bound(
        "POST",
        "/api/v1/goals/g/check-ins",
        CheckInIn,
        ("confidence",),
        CONFIDENCE[0],
        CONFIDENCE[0] - 1,
        {},
    ),
    **{
        f"check-in {name}": Bound(
            "POST",
            "/api/v1/goals/g/check-ins",
            CheckInIn,
            (name,),
            text(checkins.MAX_NOTE),
            text(checkins.MAX_NOTE + 1),
            {},
        )
        for name in ("did", "blocked")
    },
    "comment": Bound(
        "POST",
        "/api/v1/goals/g/comments",
        CommentIn,
        ("text",),
        text(MAX_COMMENT),
        text(MAX_COMMENT + 1),
        {},
        who="coach",
    ),
    "conversation answer": Bound(
        "PUT",
        "/api/v1/conversations/c/goal",
        dict[str, Answer],
        ("what",),
        text(MAX_ANSWER),
        text(MAX_ANSWER + 1),
        {},
    ),
}


@pytest.fixture
def api(client: FormClient, runtime: Runtime) -> dict[str, Api]:
    with runtime.database.transaction() as session:
        people = {
            "client": make_person(session, "client@example.org"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
        }
        tokens = {
            name: create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
            for name, person in people.items()
        }
    return {name: Api(client, token) for name, token in tokens.items()}


@pytest.mark.parametrize("bound", BOUNDS.values(), ids=BOUNDS.keys())
def test_a_value_one_past_a_bound_is_refused_by_the_schema(
    api: dict[str, Api], bound: Bound
) -> None:
    response = api[bound.who](bound.method, bound.url, bound.body(bound.past))

    assert_refused_by_schema(response, bound)


@pytest.mark.parametrize("bound", BOUNDS.values(), ids=BOUNDS.keys())
def test_the_value_at_a_bound_passes_the_schema(bound: Bound) -> None:
    assert_passes_schema(bound)
