"""/api/v1/me/safety-plan: read and replace one's own safety plan, always with the crisis lines
for one's region; and /api/v1/me, which shows and changes that region."""

from datetime import UTC, datetime
from typing import Any

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.platform.runtime import Runtime
from crossroads.safety_plan.rules import KEYS
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
URL = "/api/v1/me/safety-plan"


class Api:
    def __init__(self, client: FormClient, token: str) -> None:
        self.client, self.headers = client, {"authorization": f"Bearer {token}"}

    def __call__(self, method: str, url: str, body: Any = None, **headers: str) -> Any:
        return self.client.request(method, url, json=body, headers={**self.headers, **headers})


@pytest.fixture
def api(client: FormClient, runtime: Runtime) -> Api:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        _, token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)
    return Api(client, token)


def names(body: dict[str, Any]) -> list[str]:
    return [resource["name"] for resource in body["resources"]]


def test_a_plan_never_saved_reads_as_empty_with_its_parts_and_lines(api: Api) -> None:
    response = api("GET", URL)

    assert response.status_code == 200
    body = response.json()
    assert body["plan"] == dict.fromkeys(KEYS, "")
    assert body["updated_at"] is None
    assert [s["key"] for s in body["sections"]] == list(KEYS)
    assert body["sections"][0] == {
        "key": "warning_signs",
        "title": "Warning signs",
        "hint": body["sections"][0]["hint"],
        "step": 1,
    }
    assert "Find A Helpline" in names(body)


def test_a_plan_put_is_read_back_whole(api: Api) -> None:
    put = api("PUT", URL, {"reasons": "My brother", "on_my_own": "Walk to the river"})

    body = api("GET", URL).json()

    assert put.status_code == 200
    assert put.json()["plan"] == body["plan"]
    assert body["plan"]["reasons"] == "My brother"
    assert body["plan"]["warning_signs"] == ""
    assert body["updated_at"] is not None


def test_an_empty_plan_put_removes_it(api: Api) -> None:
    api("PUT", URL, {"reasons": "My brother"})

    assert api("PUT", URL, {}).json()["updated_at"] is None
    assert api("GET", URL).json()["updated_at"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reasons": "x" * 4_001}, "reasons"),
        ({"calming": "A walk"}, "calming"),
        ({"reasons": 7}, "reasons"),
    ],
)
def test_a_plan_out_of_shape_is_refused_naming_the_part(
    api: Api, body: dict[str, Any], field: str
) -> None:
    api("PUT", URL, {"reasons": "My brother"})

    response = api("PUT", URL, body)

    assert response.status_code == 422
    assert field in [detail["loc"][-1] for detail in response.json()["detail"]]
    assert api("GET", URL).json()["plan"]["reasons"] == "My brother"


def test_me_shows_the_region_and_changes_it(api: Api) -> None:
    assert api("GET", "/api/v1/me").json()["region"] is None

    changed = api("PATCH", "/api/v1/me", {"region": "gb"})

    assert changed.status_code == 200
    assert changed.json()["region"] == "GB"
    assert api("GET", "/api/v1/me").json()["region"] == "GB"
    lines = api("GET", URL).json()["resources"]
    assert "Samaritans" in [line["name"] for line in lines]
    [shout] = [line for line in lines if line["name"] == "Shout"]
    assert shout["contacts"][0]["keyword"] == "SHOUT"


def test_a_patch_without_the_region_leaves_it_and_null_forgets_it(api: Api) -> None:
    api("PATCH", "/api/v1/me", {"region": "AU"})

    assert api("PATCH", "/api/v1/me", {}).json()["region"] == "AU"
    assert api("PATCH", "/api/v1/me", {"region": None}).json()["region"] is None


@pytest.mark.parametrize("region", ["Narnia", "U1", 5])
def test_a_region_out_of_shape_is_refused(api: Api, region: object) -> None:
    response = api("PATCH", "/api/v1/me", {"region": region})

    assert response.status_code == 422
    assert api("GET", "/api/v1/me").json()["region"] is None


def test_the_lines_follow_the_callers_language_when_no_region_is_saved(api: Api) -> None:
    body = api("GET", URL, **{"accept-language": "en-US,en;q=0.9"}).json()

    assert names(body)[0] == "988 Suicide & Crisis Lifeline"
