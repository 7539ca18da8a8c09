"""The signed-in person's own account through the API: the region and the state or province
are read, changed and forgotten, each on its own."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.platform.runtime import Runtime
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)


@pytest.fixture
def auth(runtime: Runtime) -> dict[str, str]:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        _, secret = create_token(session, person, name="w", scopes=["read", "write"], now=NOW)
    return {"authorization": f"Bearer {secret}"}


def test_the_subdivision_round_trips_and_names_its_country(
    client: FormClient, auth: dict[str, str]
) -> None:
    before = client.get("/api/v1/me", headers=auth).json()
    changed = client.patch("/api/v1/me", json={"subdivision": "ca-on"}, headers=auth).json()
    after = client.get("/api/v1/me", headers=auth).json()

    assert (before["region"], before["subdivision"]) == (None, None)
    assert (changed["region"], changed["subdivision"]) == ("CA", "CA-ON")
    assert after == changed


def test_a_patch_leaving_the_subdivision_out_keeps_it_and_null_forgets_it(
    client: FormClient, auth: dict[str, str]
) -> None:
    client.patch("/api/v1/me", json={"subdivision": "US-NY"}, headers=auth)

    kept = client.patch("/api/v1/me", json={}, headers=auth).json()
    forgotten = client.patch("/api/v1/me", json={"subdivision": None}, headers=auth).json()

    assert (kept["region"], kept["subdivision"]) == ("US", "US-NY")
    assert (forgotten["region"], forgotten["subdivision"]) == ("US", None)


def test_region_and_subdivision_change_together_region_first(
    client: FormClient, auth: dict[str, str]
) -> None:
    client.patch("/api/v1/me", json={"subdivision": "US-NY"}, headers=auth)

    moved = client.patch(
        "/api/v1/me", json={"region": "AU", "subdivision": "AU-NSW"}, headers=auth
    ).json()

    assert (moved["region"], moved["subdivision"]) == ("AU", "AU-NSW")


@pytest.mark.parametrize("subdivision", ["US-ZZ", "NY", "GB-ENG"])
def test_an_unknown_subdivision_is_refused_and_nothing_changes(
    client: FormClient, auth: dict[str, str], subdivision: str
) -> None:
    refused = client.patch("/api/v1/me", json={"subdivision": subdivision}, headers=auth)

    assert refused.status_code == 422
    assert client.get("/api/v1/me", headers=auth).json()["subdivision"] is None
