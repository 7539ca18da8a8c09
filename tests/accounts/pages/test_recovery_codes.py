"""Recovery codes: ten one-time codes shown once, a code in place of one from the app, a new
set revoking the old, a client turning two-factor off with one, a practitioner setting up a new
authenticator instead."""

import re
from datetime import UTC, datetime
from typing import Any

import pyotp
from sqlalchemy import select

from crossroads.accounts.service.recovery import make_recovery_codes
from crossroads.accounts.service.sessions import begin_totp_setup
from crossroads.accounts.store.recovery_codes import RecoveryCodeRow
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime
from crossroads.platform.vault import Vault
from tests.conftest import FormClient
from tests.factories import PASSWORD, make_person

CODE = re.compile(r"<code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code>")


def _with_two_factor(runtime: Runtime, email: str, role: str) -> tuple[str, list[str]]:
    """An account with two-factor sign-in on and a set of recovery codes: its secret and codes."""
    with runtime.database.transaction() as session:
        person = make_person(session, email, role=role)
        vault = Vault(session, runtime.master_keys)
        secret = begin_totp_setup(session, vault, person)
        row = find_person_by_email(session, email)
        assert row is not None
        row.totp_enabled = True
        codes = make_recovery_codes(session, vault, person, datetime.now(UTC))
    return secret, codes


def _password(client: FormClient, email: str) -> None:
    signed_in = client.post(
        "/sign-in", data={"email": email, "password": PASSWORD}, follow_redirects=False
    )
    assert signed_in.headers["location"] == "/sign-in/code"


def _recovery(client: FormClient, code: str) -> Any:
    return client.post(
        "/sign-in/recovery-code", data={"recovery_code": code}, follow_redirects=False
    )


def test_turning_two_factor_on_shows_ten_recovery_codes_once(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "dr@example.org", role="practitioner")
    client.post("/sign-in", data={"email": "dr@example.org", "password": PASSWORD})
    setup = client.get("/account/two-factor").text
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', setup)
    assert secret is not None

    shown = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret[1]).now()})

    assert shown.status_code == 200
    assert "Your recovery codes" in shown.text
    codes = CODE.findall(shown.text)
    assert len(set(codes)) == 10
    later = client.get("/account/two-factor").text
    assert "You have 10 recovery codes left." in later
    assert not any(code in later for code in codes)
    with runtime.database.reading() as session:
        digests = session.scalars(select(RecoveryCodeRow.digest)).all()
    assert len(digests) == 10
    assert not {code.replace("-", "") for code in codes} & set(digests)
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in digests)


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(
    client: FormClient, runtime: Runtime
) -> None:
    _, codes = _with_two_factor(runtime, "dr@example.org", "practitioner")

    _password(client, "dr@example.org")
    first = client.post(
        "/sign-in/recovery-code",
        data={"recovery_code": codes[0].upper().replace("-", " ")},
        follow_redirects=False,
    )
    assert first.headers["location"] == "/account/two-factor"
    assert client.get("/clients").status_code == 200
    assert "You have 9 recovery codes left." in client.get("/account/two-factor").text
    client.post("/sign-out")

    _password(client, "dr@example.org")
    second = client.post("/sign-in/recovery-code", data={"recovery_code": codes[0]})

    assert second.status_code == 401
    assert "That recovery code isn&#39;t one of yours, or it has been used" in second.text
    assert client.get("/clients", follow_redirects=False).headers["location"] == "/sign-in/code"


def test_a_new_set_of_codes_revokes_the_old(client: FormClient, runtime: Runtime) -> None:
    _, old = _with_two_factor(runtime, "dr@example.org", "practitioner")
    _password(client, "dr@example.org")
    _recovery(client, old[0])

    made = client.post("/account/two-factor/recovery-codes")
    new = CODE.findall(made.text)
    client.post("/sign-out")

    assert len(new) == 10
    assert "Any codes you had before no longer work." in made.text
    _password(client, "dr@example.org")
    assert client.post("/sign-in/recovery-code", data={"recovery_code": old[1]}).status_code == 401
    assert _recovery(client, new[0]).headers["location"] == "/account/two-factor"


def test_wrong_recovery_codes_count_toward_the_same_lock_as_codes(
    client: FormClient, runtime: Runtime
) -> None:
    _, codes = _with_two_factor(runtime, "dr@example.org", "practitioner")
    _password(client, "dr@example.org")

    for _ in range(4):  # the password's try was the first of five
        client.post("/sign-in/recovery-code", data={"recovery_code": "0000-0000-0000"})
    locked = client.post("/sign-in/recovery-code", data={"recovery_code": codes[0]})

    assert locked.status_code == 401
    assert "Too many attempts" in locked.text


def test_a_client_turns_two_factor_off_with_a_recovery_code(
    client: FormClient, runtime: Runtime
) -> None:
    _, codes = _with_two_factor(runtime, "ana@example.org", "client")
    _password(client, "ana@example.org")
    _recovery(client, codes[0])
    page = client.get("/account/two-factor").text
    assert "Turn off two-factor sign-in" in page

    wrong = client.post("/account/two-factor/off", data={"code": codes[0]})
    off = client.post("/account/two-factor/off", data={"code": codes[1]}, follow_redirects=False)

    assert wrong.status_code == 422
    assert off.status_code == 303
    client.post("/sign-out")
    again = client.post(
        "/sign-in", data={"email": "ana@example.org", "password": PASSWORD}, follow_redirects=False
    )
    assert again.headers["location"] != "/sign-in/code"
    with runtime.database.reading() as session:
        assert session.scalars(select(RecoveryCodeRow)).all() == []


def test_a_practitioner_keeps_two_factor_and_sets_up_a_new_authenticator_instead(
    client: FormClient, runtime: Runtime
) -> None:
    old_secret, codes = _with_two_factor(runtime, "dr@example.org", "practitioner")
    _password(client, "dr@example.org")
    _recovery(client, codes[0])
    page = client.get("/account/two-factor").text
    assert "Practitioners and admins keep two-factor sign-in on" in page
    assert 'action="/account/two-factor/off"' not in page
    assert client.post("/account/two-factor/off", data={"code": codes[1]}).status_code == 403

    form = client.get("/account/two-factor/new").text
    found = re.search(r'name="secret" value="([A-Z2-7]+)"', form)
    assert found is not None
    new_secret = found[1]
    wrong = client.post("/account/two-factor/new", data={"secret": new_secret, "code": "000000"})
    right = client.post(
        "/account/two-factor/new",
        data={"secret": new_secret, "code": pyotp.TOTP(new_secret).now()},
    )
    client.post("/sign-out")

    assert wrong.status_code == 422
    assert "Your new authenticator is in use." in right.text
    _password(client, "dr@example.org")
    assert (
        client.post("/sign-in/code", data={"code": pyotp.TOTP(old_secret).now()}).status_code == 401
    )
    assert client.get("/clients", follow_redirects=False).headers["location"] == "/sign-in/code"
