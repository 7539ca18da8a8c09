"""Cookies, CSRF, two-factor sign-in and API tokens, seen from the outside."""

from datetime import UTC, datetime

import pyotp
from sqlalchemy.orm import Session

from crossroads.accounts.service.sessions import begin_totp_setup
from crossroads.accounts.service.tokens import create_token, revoke_token, tokens_of
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime
from crossroads.platform.vault import Vault
from tests.conftest import FormClient
from tests.factories import PASSWORD, STEADY_COACHING_CLIENT, make_person

NOW = datetime.now(UTC)


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    client: FormClient, session: Session
) -> None:
    response = client.post(
        "/sign-up",
        data={"email": "forged@example.org", "display_name": "F", "password": PASSWORD},
        csrf=False,
    )
    forged = client.post(
        "/sign-up",
        data={
            "email": "forged@example.org",
            "display_name": "F",
            "password": PASSWORD,
            "csrf_token": "0" * 64,
        },
        csrf=False,
    )

    assert (response.status_code, forged.status_code) == (403, 403)
    assert find_person_by_email(session, "forged@example.org") is None


def test_the_session_cookie_is_secure_httponly_and_samesite(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "ana@example.org")
    response = client.post(
        "/sign-in",
        data={"email": "ana@example.org", "password": PASSWORD},
        follow_redirects=False,
    )

    cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith("cr_session="))
    assert {"Secure", "HttpOnly"} <= {part.strip() for part in cookie.split(";")}
    assert "samesite=lax" in cookie.lower()


def test_a_practitioner_with_two_factor_needs_the_code_before_anything_else(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "dr@example.org", role="practitioner")
        secret = begin_totp_setup(session, Vault(session, runtime.master_keys), person)
        row = find_person_by_email(session, "dr@example.org")
        assert row is not None
        row.totp_enabled = True

    signed_in = client.post(
        "/sign-in", data={"email": "dr@example.org", "password": PASSWORD}, follow_redirects=False
    )
    assert signed_in.headers["location"] == "/sign-in/code"
    assert client.get("/clients", follow_redirects=False).headers["location"] == "/sign-in/code"
    wrong = client.post("/sign-in/code", data={"code": "000000"})
    right = client.post(
        "/sign-in/code", data={"code": pyotp.TOTP(secret).now()}, follow_redirects=False
    )

    assert wrong.status_code == 401
    assert right.headers["location"] == "/"
    assert client.get("/clients").status_code == 200


def test_a_read_token_cannot_write_and_a_revoked_token_does_nothing(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        view, read_only = create_token(session, person, name="reader", scopes=["read"], now=NOW)
    auth = {"authorization": f"Bearer {read_only}"}

    assert client.get("/api/v1/me", headers=auth).json()["email"] == "ana@example.org"
    assert client.post("/api/v1/assessments", json={}, headers=auth).status_code == 403
    with runtime.database.transaction() as session:
        revoke_token(session, person, view.id, NOW)
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_a_token_stores_results_under_its_owner(client: FormClient, runtime: Runtime) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        _, secret = create_token(session, person, name="w", scopes=["read", "write"], now=NOW)
    auth = {"authorization": f"Bearer {secret}"}

    created = client.post("/api/v1/assessments", json=STEADY_COACHING_CLIENT, headers=auth).json()

    mine = client.get("/api/v1/me/assessments", headers=auth).json()
    assert [a["id"] for a in mine] == [created["id"]]
    assert client.get(f"/api/v1/assessments/{created['id']}").status_code == 404


def test_a_token_s_use_is_noted_once_a_minute_not_on_every_request(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        view, secret = create_token(session, person, name="r", scopes=["read"], now=NOW)
    auth = {"authorization": f"Bearer {secret}"}

    def last_used() -> datetime | None:
        with runtime.database.reading() as session:
            [token] = tokens_of(session, person)
            return token.last_used_at

    client.get("/api/v1/me", headers=auth)
    first = last_used()
    client.get("/api/v1/me", headers=auth)

    assert view.last_used_at is None
    assert first is not None
    assert last_used() == first
