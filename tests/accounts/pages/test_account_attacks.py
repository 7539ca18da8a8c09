"""Attacks on accounts from the outside, each refused: guessing and replaying two-factor codes,
a session fixed before the second factor, idle and expired credentials, a planted CSRF cookie,
telling which addresses have accounts, and claiming someone's anonymous result by its id."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
from fastapi import FastAPI

from crossroads.accounts.service.attempts import SIGN_IN
from crossroads.accounts.service.sessions import begin_totp_setup
from crossroads.accounts.service.tokens import create_token
from crossroads.assessment.store.assessments import find_assessment
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import find_person_by_email, find_session
from crossroads.platform.runtime import Runtime
from crossroads.platform.vault import Vault
from crossroads.security.csrf import form_token
from crossroads.security.tokens import claim_proof, token_digest
from tests.conftest import SECRET, FormClient
from tests.factories import PASSWORD, make_person
from tests.mail import messages_to

NOW = datetime.now(UTC)


def practitioner_with_two_factor(runtime: Runtime, email: str = "dr@example.org") -> str:
    """A practitioner whose authenticator holds the returned secret."""
    with runtime.database.transaction() as session:
        person = make_person(session, email, role="practitioner")
        secret = begin_totp_setup(session, Vault(session, runtime.master_keys), person)
        row = find_person_by_email(session, email)
        assert row is not None
        row.totp_enabled = True
    return secret


def new_browser(app: FastAPI) -> FormClient:
    return FormClient(app, base_url="https://testserver")


def signs_in(browser: FormClient, email: str = "dr@example.org") -> None:
    browser.post("/sign-in", data={"email": email, "password": PASSWORD})


def test_wrong_codes_lock_the_account_and_then_even_the_right_code_is_refused(
    client: FormClient, runtime: Runtime
) -> None:
    secret = practitioner_with_two_factor(runtime)
    signs_in(client)

    wrong = [
        client.post("/sign-in/code", data={"code": f"{n:06d}"}).status_code
        for n in range(SIGN_IN.per_account)
    ]
    right = client.post("/sign-in/code", data={"code": pyotp.TOTP(secret).now()})

    assert wrong == [401] * SIGN_IN.per_account
    assert right.status_code == 401
    assert "Too many attempts" in right.text
    assert client.get("/clients", follow_redirects=False).headers["location"] == "/sign-in/code"


def test_wrong_codes_and_wrong_passwords_share_one_lock(
    client: FormClient, runtime: Runtime
) -> None:
    practitioner_with_two_factor(runtime)
    client.post("/sign-in", data={"email": "dr@example.org", "password": "not the password"})
    signs_in(client)
    for _ in range(SIGN_IN.per_account - 2):
        client.post("/sign-in/code", data={"code": "000000"})

    locked = client.post("/sign-in", data={"email": "dr@example.org", "password": PASSWORD})

    assert "Too many attempts" in locked.text


def test_signing_in_again_with_the_password_buys_no_fresh_guesses_at_the_code(
    client: FormClient, runtime: Runtime
) -> None:
    """The attacker knows the password and alternates it with guesses at the code."""
    secret = practitioner_with_two_factor(runtime)
    for _ in range(SIGN_IN.per_account):
        signs_in(client)
        client.post("/sign-in/code", data={"code": "000000"})

    right = client.post("/sign-in/code", data={"code": pyotp.TOTP(secret).now()})

    assert "Too many attempts" in right.text


def test_wrong_codes_while_turning_two_factor_on_count_too(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "dr@example.org", role="practitioner")
    signs_in(client)
    client.get("/account/two-factor")

    answers = [
        client.post("/account/two-factor", data={"code": "000000"}).text
        for _ in range(SIGN_IN.per_account + 1)
    ]

    assert "Too many attempts" in answers[-1]
    assert "Too many attempts" not in answers[0]


def test_one_code_cannot_sign_in_two_sessions(app: FastAPI, runtime: Runtime) -> None:
    secret = practitioner_with_two_factor(runtime)
    code = pyotp.TOTP(secret).now()
    with new_browser(app) as first, new_browser(app) as second:
        signs_in(first)
        signs_in(second)

        used = first.post("/sign-in/code", data={"code": code}, follow_redirects=False)
        replayed = second.post("/sign-in/code", data={"code": code}, follow_redirects=False)

        assert used.headers["location"] == "/"
        assert replayed.status_code == 401
        assert second.get("/clients", follow_redirects=False).status_code == 303


def test_the_session_id_changes_when_the_second_factor_is_done(
    client: FormClient, runtime: Runtime
) -> None:
    secret = practitioner_with_two_factor(runtime)
    signs_in(client)
    before = client.cookies["cr_session"]

    client.post("/sign-in/code", data={"code": pyotp.TOTP(secret).now()})

    after = client.cookies["cr_session"]
    assert after != before
    with runtime.database.reading() as session:
        assert find_session(session, token_digest(before)) is None
    assert client.get("/clients").status_code == 200


def test_a_session_left_idle_is_signed_out(client: FormClient, runtime: Runtime) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "ana@example.org")
    signs_in(client, "ana@example.org")
    assert client.get("/account").status_code == 200
    idle = timedelta(minutes=runtime.settings.session_idle_minutes, seconds=1)
    with runtime.database.transaction() as session:
        row = find_session(session, token_digest(client.cookies["cr_session"]))
        assert row is not None
        row.last_seen_at -= idle

    answer = client.get("/account", follow_redirects=False)

    assert answer.headers["location"].startswith("/sign-in")


def test_an_expired_api_token_opens_nothing(client: FormClient, runtime: Runtime) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        _, secret = create_token(
            session, person, name="old", scopes=["read"], now=NOW - timedelta(days=8), days=7
        )
        _, fresh = create_token(session, person, name="new", scopes=["read"], now=NOW, days=7)

    assert (
        client.get("/api/v1/me", headers={"authorization": f"Bearer {secret}"}).status_code == 401
    )
    assert client.get("/api/v1/me", headers={"authorization": f"Bearer {fresh}"}).status_code == 200


def test_a_token_cannot_be_made_to_live_longer_than_a_year(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "ana@example.org")
    signs_in(client, "ana@example.org")

    answer = client.post(
        "/account/tokens", data={"name": "forever", "scopes": "read", "days": "3650"}
    )

    assert answer.status_code == 422
    assert "It works for: choose how long the token works" in answer.text


def test_a_planted_csrf_cookie_and_its_token_fail_once_the_victim_signs_in(
    client: FormClient, runtime: Runtime
) -> None:
    """The attacker got a cookie and its token on their own visit and planted the cookie."""
    planted = "attacker-chosen-csrf-cookie"
    attackers_token = form_token(SECRET, planted)
    with runtime.database.transaction() as session:
        make_person(session, "ana@example.org")
    client.cookies.set("cr_csrf", planted)
    signs_in(client, "ana@example.org")

    forged = client.post(
        "/account/preferences",
        data={"time_zone": "Asia/Tokyo", "csrf_token": attackers_token},
        csrf=False,
    )

    assert forged.status_code == 403
    honest = client.post(
        "/account/preferences", data={"time_zone": "Asia/Tokyo"}, follow_redirects=False
    )
    assert honest.status_code == 303


def test_password_change_says_it_threw_everyone_else_out(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org")
        _, token = create_token(session, person, name="script", scopes=["read"], now=NOW)
    signs_in(client, "ana@example.org")

    changed = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )

    assert "We signed you out everywhere else and turned off your API" in changed.text
    assert client.get("/api/v1/me", headers={"authorization": f"Bearer {token}"}).status_code == 401
    assert client.get("/account").status_code == 200


def comparable(response: Any) -> tuple[int, str, dict[str, str]]:
    """Status, the body without its per-browser CSRF tokens, and the headers that could tell."""
    body = re.sub(r'name="csrf_token" value="[0-9a-f]+"', "", response.text)
    headers = {
        name: value
        for name, value in response.headers.items()
        if name not in {"date", "content-length", "set-cookie", "x-request-id"}
    }
    cookies = sorted(value.split("=")[0] for value in response.headers.get_list("set-cookie"))
    headers["set-cookie names"] = ",".join(cookies)
    return response.status_code, body, headers


def test_sign_up_answers_alike_for_a_taken_and_a_new_address(
    app: FastAPI, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "taken@example.org")
    answers = []
    for email in ("taken@example.org", "new@example.org"):
        with new_browser(app) as browser:
            form = {"email": email, "display_name": "Sam", "password": "a long passphrase"}
            answers.append(comparable(browser.post("/sign-up", data=form)))

    assert answers[0] == answers[1]
    assert "Check your email to continue" in answers[0][1]
    with runtime.database.reading() as session:
        [note] = messages_to(session, "taken@example.org")
        [welcome] = messages_to(session, "new@example.org")
    assert "already has one" in note.body
    assert "/sign-up/" in welcome.body


def test_the_sign_up_link_opens_the_account_and_signs_in(
    client: FormClient, runtime: Runtime
) -> None:
    form = {"email": "new@example.org", "display_name": "Sam", "password": "a long passphrase"}
    client.post("/sign-up", data=form)
    assert (
        client.post(
            "/sign-in", data={"email": "new@example.org", "password": "a long passphrase"}
        ).status_code
        == 401
    )
    with runtime.database.reading() as session:
        [welcome] = messages_to(session, "new@example.org")
    link = welcome.body.split("https://crossroads.test")[1].split()[0]

    assert "Open my account" in client.get(link).text
    opened = client.post(link, follow_redirects=False)

    assert opened.headers["location"] == "/"
    assert client.get("/account").status_code == 200


def test_the_sign_in_lock_looks_the_same_for_known_and_unknown_addresses(
    app: FastAPI, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "known@example.org")
    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        with new_browser(app) as browser:
            for _ in range(SIGN_IN.per_account):
                browser.post("/sign-in", data={"email": email, "password": "a wrong guess"})
            locked = browser.post("/sign-in", data={"email": email, "password": "a wrong guess"})
            answers.append(comparable(locked))

    assert "Too many attempts" in answers[0][1]
    assert [answer[:1] for answer in answers] == [(401,), (401,)]
    known, unknown = (
        answer[1].replace(email, "")
        for answer, email in zip(answers, ("known@example.org", "unknown@example.org"), strict=True)
    )
    assert known == unknown


def test_password_reset_answers_alike_for_known_and_unknown_addresses(
    app: FastAPI, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "known@example.org")
    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        with new_browser(app) as browser:
            answers.append(comparable(browser.post("/password-reset", data={"email": email})))

    assert answers[0] == answers[1]


def test_sharing_answers_alike_whether_or_not_a_practitioner_has_the_address(
    app: FastAPI, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        make_person(session, "dr@example.org", role="practitioner")
        make_person(session, "client@example.org")
        make_person(session, "someone@example.org")
    answers = []
    for address in ("dr@example.org", "someone@example.org", "nobody@example.org"):
        with new_browser(app) as browser:
            signs_in(browser, "client@example.org")
            posted = browser.post(
                "/sharing",
                data={"practitioner_email": address, "areas": "assessments"},
                follow_redirects=False,
            )
            page = browser.get("/sharing")
            answers.append((posted.status_code, posted.headers["location"], page.status_code))
            assert address in page.text
            assert "no practitioner" not in page.text

    assert answers == [(303, "/sharing", 200)] * 3


def test_an_anonymous_result_cannot_be_claimed_by_its_id_alone(
    app: FastAPI, runtime: Runtime
) -> None:
    with new_browser(app) as taker:
        taken = taker.post("/assessment", data=_short_form(), follow_redirects=False)
        result_id = taken.headers["location"].rsplit("/", 1)[1]
    with runtime.database.transaction() as session:
        make_person(session, "thief@example.org")

    with new_browser(app) as thief:
        for cookie in (result_id, f"{result_id}.{'0' * 64}"):
            thief.cookies.set("cr_unclaimed", cookie)
            signs_in(thief, "thief@example.org")
            with runtime.database.reading() as session:
                row = find_assessment(session, result_id)
                assert row is not None
                assert row.owner_id is None
        # Only the server's secret makes the proof the taker's browser holds.
        thief.cookies.set("cr_unclaimed", f"{result_id}.{claim_proof(SECRET, result_id)}")
        signs_in(thief, "thief@example.org")
    with runtime.database.reading() as session:
        row = find_assessment(session, result_id)
        assert row is not None
        assert row.owner_id is not None


def test_the_browser_that_took_a_result_still_claims_it(
    client: FormClient, runtime: Runtime
) -> None:
    taken = client.post("/assessment", data=_short_form(), follow_redirects=False)
    result_id = taken.headers["location"].rsplit("/", 1)[1]
    with runtime.database.transaction() as session:
        person: Person = make_person(session, "ana@example.org")

    signs_in(client, "ana@example.org")

    with runtime.database.reading() as session:
        row = find_assessment(session, result_id)
        assert row is not None
        assert row.owner_id == person.id


def _short_form() -> dict[str, str]:
    return {"phq2_0": "0", "phq2_1": "1", "gad2_0": "0", "gad2_1": "1", "length": "short"}
