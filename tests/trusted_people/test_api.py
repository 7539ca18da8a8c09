"""A client's trusted people through the API: invite, list, change, fresh link, stop; another
client finds none of them; a body out of shape is refused; no link is ever handed out."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.platform.runtime import Runtime
from tests.conftest import FormClient
from tests.factories import make_person
from tests.mail import messages_to

NOW = datetime.now(UTC)
BASE = "/api/v1/me/trusted-people"
INVITE = {"name": "Sam", "email": "sam@example.org", "areas": ["moods"], "show_my_name": False}


@pytest.fixture
def headers(runtime: Runtime) -> dict[str, dict[str, str]]:
    """Bearer headers for two clients, Ana and Bo."""
    found = {}
    with runtime.database.transaction() as session:
        for who in ("ana", "bo"):
            person = make_person(session, f"{who}@example.org")
            token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
            found[who] = {"authorization": f"Bearer {token}"}
    return found


def test_a_client_invites_changes_and_stops_through_the_api(
    client: FormClient, runtime: Runtime, headers: dict[str, dict[str, str]]
) -> None:
    ana = headers["ana"]

    invited = client.post(BASE, json=INVITE, headers=ana)
    invitation = invited.json()["id"]
    changed = client.patch(
        f"{BASE}/{invitation}",
        json={"areas": ["safety_plan", "moods"], "show_my_name": True},
        headers=ana,
    )
    too_soon = client.post(f"{BASE}/{invitation}/fresh-link", headers=ana)
    stopped = client.delete(f"{BASE}/{invitation}", headers=ana)
    [listed] = client.get(BASE, headers=ana).json()

    assert invited.status_code == 201
    assert invited.json()["areas"] == ["moods"]
    assert "link" not in str(invited.json()).replace("link_", "")
    assert changed.json()["areas"] == ["moods", "safety_plan"]
    assert changed.json()["show_my_name"] is True
    assert too_soon.status_code == 422
    assert stopped.status_code == 204
    assert listed["revoked_at"] is not None
    with runtime.database.reading() as session:
        assert len(messages_to(session, "sam@example.org")) == 1


def test_another_client_finds_none_of_them(
    client: FormClient, headers: dict[str, dict[str, str]]
) -> None:
    invitation = client.post(BASE, json=INVITE, headers=headers["ana"]).json()["id"]
    bo = headers["bo"]

    assert client.get(BASE, headers=bo).json() == []
    assert client.delete(f"{BASE}/{invitation}", headers=bo).status_code == 404
    patch = {"areas": ["moods"], "show_my_name": True}
    assert client.patch(f"{BASE}/{invitation}", json=patch, headers=bo).status_code == 404
    assert client.post(f"{BASE}/{invitation}/fresh-link", headers=bo).status_code == 404
    assert client.get(BASE, headers=headers["ana"]).json()[0]["revoked_at"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"areas": ["journal"]}, "areas"),
        ({"areas": []}, "areas"),
        ({"email": "nobody"}, "email"),
        ({"name": ""}, "name"),
        ({"show_my_name": "yes"}, "show_my_name"),
    ],
)
def test_an_invitation_out_of_shape_is_refused_naming_its_field(
    client: FormClient, headers: dict[str, dict[str, str]], changes: dict[str, object], field: str
) -> None:
    response = client.post(BASE, json={**INVITE, **changes}, headers=headers["ana"])

    assert response.status_code == 422
    assert field in str(response.json()["detail"])
