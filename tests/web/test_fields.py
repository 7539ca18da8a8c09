"""Refused fields as a person reads them: named by their label, linked to the field, every one
listed; and the API naming each field by its key."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from crossroads.kernel.errors import InvalidInput
from crossroads.web import errors
from crossroads.web.fields import FieldProblem, field_problems, label_of


def test_a_refused_field_is_named_by_its_label_and_linked_by_its_key() -> None:
    [problem] = field_problems(InvalidInput("time_zone", "not a time zone we know"))

    assert problem == FieldProblem("Your time zone", "not a time zone we know", "time_zone")
    assert str(problem) == "Your time zone: not a time zone we know"


def test_the_text_a_page_hands_over_is_read_as_the_error_it_came_from() -> None:
    error = InvalidInput("practitioner_email", "must be an email address")

    assert field_problems(str(error)) == field_problems(error)
    assert str(field_problems(str(error))[0]) == (
        "The practitioner's email address: must be an email address"
    )


def test_every_field_refused_at_once_is_listed_in_order() -> None:
    error = InvalidInput("phq9_2", "question 3 has no answer", also=[("gad7_0", "question 1")])

    assert [(p.anchor, str(p)) for p in field_problems(error)] == [
        ("phq9_2", "Question 3 has no answer"),
        ("gad7_0", "Question 1"),
    ]
    assert str(error) == "phq9_2: question 3 has no answer; gad7_0: question 1"
    assert field_problems(str(error)) == field_problems(error)


@pytest.mark.parametrize(
    ("field", "ids", "anchor"),
    [
        ("email", {"email": "practitioner_email"}, "practitioner_email"),
        ("pcptsd5.items[2]", {"pcptsd5": "section-pcptsd5"}, "section-pcptsd5"),
        ("pcptsd5.items[2]", {}, None),  # no id can be made of it
        ("steady", {}, "steady"),
    ],
)
def test_a_page_says_where_a_field_is_when_its_id_is_not_its_key(
    field: str, ids: dict[str, str], anchor: str | None
) -> None:
    [problem] = field_problems(InvalidInput(field, "needs a look"), ids=ids)

    assert problem.anchor == anchor


def test_a_key_without_a_label_is_never_shown() -> None:
    [problem] = field_problems("some_internal_key: write a whole number")

    assert (problem.label, str(problem)) == (None, "Write a whole number")


def test_a_page_s_own_label_comes_first_and_numbered_keys_have_theirs() -> None:
    assert label_of("email", {"email": "Their email"}) == "Their email"
    assert label_of("step_3") == "Step 3"
    assert label_of("step_3_due") == "The date for step 3"
    assert label_of("no_such_key") is None


@pytest.mark.parametrize(
    "message", ["That email and password don't match an account.", "sign-in is paused until 10:00"]
)
def test_a_message_of_its_own_is_shown_as_it_is(message: str) -> None:
    assert field_problems(message) == [FieldProblem(None, message, None)]


@pytest.fixture
def refusing() -> TestClient:
    app = FastAPI()
    errors.install(app)
    refused = InvalidInput("time_zone", "not a time zone we know", also=[("region", "unknown")])

    @app.get("/page")
    @app.get("/api/v1/thing")
    def refuse() -> None:
        raise refused

    return TestClient(app)


def test_an_error_page_names_each_field_by_its_label(refusing: TestClient) -> None:
    page = refusing.get("/page")

    assert page.status_code == 422
    assert "Your time zone: not a time zone we know. Where you are: unknown." in page.text
    assert "time_zone" not in page.text


def test_the_api_names_each_field_by_its_key(refusing: TestClient) -> None:
    answer = refusing.get("/api/v1/thing")

    assert answer.status_code == 422
    assert [(d["loc"], d["msg"]) for d in answer.json()["detail"]] == [
        (["body", "time_zone"], "not a time zone we know"),
        (["body", "region"], "unknown"),
    ]
