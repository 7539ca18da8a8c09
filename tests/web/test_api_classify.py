"""POST /api/v1/classify/{task}: the CLI's classify contract over HTTP, for any token holder,
storing nothing."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

import crossroads.platform.tables  # noqa: F401  (registers every table on Base.metadata)
from crossroads.accounts.service.tokens import create_token
from crossroads.platform.base import Base
from crossroads.platform.runtime import Runtime
from crossroads.text.classification import MAX_TEXT_CHARS, Item, classify_items
from crossroads.text.classifier import LABELS, Task
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
ITEMS: list[dict[str, Any]] = [
    {"id": "a-1", "text": "I want to get promoted to team lead by next summer."},
    {"id": 2, "text": "I can't sleep since my mother died. Everything feels grey."},
    {"id": "three", "text": "I want to die. Nobody would notice if I was gone."},
    {"id": 4, "text": "drank most of a bottle of wine alone to get to sleep"},
]


@pytest.fixture
def token(runtime: Runtime) -> str:
    with runtime.database.transaction() as session:
        person = make_person(session, "caller@example.org")
        return create_token(session, person, name="classify", scopes=["write"], now=NOW)[1]


def post(client: FormClient, task: str, body: Any, token: str | None) -> Any:
    headers = {} if token is None else {"authorization": f"Bearer {token}"}
    return client.post(f"/api/v1/classify/{task}", json=body, headers=headers)


def row_counts(runtime: Runtime) -> dict[str, int]:
    with runtime.database.transaction() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


@pytest.mark.parametrize("task", list(Task))
def test_a_batch_gets_the_cli_format_in_input_order(
    client: FormClient, token: str, task: Task
) -> None:
    response = post(client, task, {"items": ITEMS}, token)

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"task", "results"}
    assert body["task"] == task.value
    results = body["results"]
    assert [result["id"] for result in results] == [item["id"] for item in ITEMS]
    levels = {"level"} if task is Task.CRISIS else set()
    for result in results:
        assert set(result) == {"id", "label", "scores", "evidence"} | levels
        assert result["label"] in LABELS[task]
        assert set(result["scores"]) == set(LABELS[task])
        assert sum(result["scores"].values()) == pytest.approx(1, abs=0.01)
        assert result["evidence"]
        assert all(isinstance(quote, str) for quote in result["evidence"])
    same_as_cli = classify_items(task, [Item(item["id"], item["text"]) for item in ITEMS])
    assert results == same_as_cli


def test_without_a_token_the_call_is_refused(client: FormClient) -> None:
    response = post(client, "need", {"items": ITEMS}, token=None)

    assert response.status_code == 401


def test_an_unknown_token_is_refused(client: FormClient) -> None:
    response = post(client, "need", {"items": ITEMS}, token="not-a-real-token")

    assert response.status_code == 401


def test_an_unknown_task_is_refused(client: FormClient, token: str) -> None:
    response = post(client, "mood", {"items": ITEMS}, token)

    assert response.status_code == 422


def test_the_full_batch_of_64_items_is_accepted(client: FormClient, token: str) -> None:
    items = [{"id": n, "text": f"I would like to plan my week {n}."} for n in range(64)]

    response = post(client, "need", {"items": items}, token)

    assert response.status_code == 200, response.text
    assert [result["id"] for result in response.json()["results"]] == list(range(64))


def test_a_text_of_exactly_the_longest_allowed_length_is_accepted(
    client: FormClient, token: str
) -> None:
    text = ("I want to be better at planning my work. " * MAX_TEXT_CHARS)[:MAX_TEXT_CHARS]

    response = post(client, "coping", {"items": [{"id": 1, "text": text}]}, token)

    assert response.status_code == 200, response.text


BAD_BODIES: dict[str, Any] = {
    "no items": {"items": []},
    "65 items": {"items": [{"id": n, "text": "Plan my week."} for n in range(65)]},
    "no items key": {},
    "items not a list": {"items": {"id": 1, "text": "Plan my week."}},
    "an extra key in the body": {"items": ITEMS, "task": "need"},
    "an empty text": {"items": [{"id": 1, "text": ""}]},
    "a whitespace-only text": {"items": [{"id": 1, "text": " \n\t "}]},
    "a text over the limit": {"items": [{"id": 1, "text": "a" * (MAX_TEXT_CHARS + 1)}]},
    "a text that is not a string": {"items": [{"id": 1, "text": 42}]},
    "a missing text": {"items": [{"id": 1}]},
    "a missing id": {"items": [{"text": "Plan my week."}]},
    "a boolean id": {"items": [{"id": True, "text": "Plan my week."}]},
    "a fractional id": {"items": [{"id": 1.5, "text": "Plan my week."}]},
    "an extra key in an item": {"items": [{"id": 1, "text": "Plan my week.", "lang": "en"}]},
    "an id twice": {"items": [{"id": 1, "text": "Plan my week."}, {"id": 1, "text": "Rest."}]},
}


@pytest.mark.parametrize("name", sorted(BAD_BODIES))
def test_a_bad_body_is_refused_with_422_and_stores_nothing(
    client: FormClient, token: str, runtime: Runtime, name: str
) -> None:
    before = row_counts(runtime)

    response = post(client, "need", BAD_BODIES[name], token)

    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert row_counts(runtime) == before


def test_nothing_sent_for_classification_is_stored(
    client: FormClient, token: str, runtime: Runtime
) -> None:
    before = row_counts(runtime)

    for task in Task:
        assert post(client, task, {"items": ITEMS}, token).status_code == 200

    assert row_counts(runtime) == before
