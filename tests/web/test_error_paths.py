"""The error paths, for every free-text field of every page and API route: a body refused for its
shape, words refused for their length, and a fault nobody expected. What the person wrote is in
no log line, of any logger; a fault is a 500 with the same security headers as any answer, and
goes no further (the test client would raise it, as a server would log it in full). A database
too busy to answer says when to try again.
"""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from crossroads.platform import vault
from crossroads.platform.database import Database, DatabaseBusy, DatabaseUnavailable
from crossroads.web.auth import SESSION_COOKIE
from crossroads.web.headers import HEADERS
from tests.conftest import FormClient
from tests.web import test_free_text_screening as screening
from tests.web.test_free_text_screening import SCREENED, Route, Visit

# The world of the free-text test: a client with every kind of data, signed in and with a token.
world = screening.world
module_connection = screening.module_connection
connection = screening.connection

MARKER = "quince-lantern-4417"  # in no text but the ones written here


def cases(*, api_only: bool = False, files: bool = True) -> list[Any]:
    return [
        pytest.param(route, field, id=f"{route[0]} {route[1]} {field}")
        for route, screened in SCREENED.items()
        if route[1].startswith("/api/") or not api_only
        for field in screened.fields
        if files or not field.startswith("file:")
    ]


# An imported file is built from entries that must be valid (test_free_text_screening.py), so
# it cannot carry words too long for an entry; the other cases send it.
CASES, TYPED_CASES, API_CASES = cases(), cases(files=False), cases(api_only=True)


class AsciiVisit(Visit):
    """Sends API bodies as JSON with every character escaped, as JavaScript's JSON.stringify
    does, so that half of a UTF-16 pair can be sent, as a browser's script would send it."""

    def api(self, method: str, path: str, body: dict[str, Any]) -> Any:
        headers = {"authorization": f"Bearer {self.token}", "content-type": "application/json"}
        url = path.format(**self.values)
        return self.client.request(method, url, content=json.dumps(body), headers=headers)


@pytest.fixture
def visit(client: FormClient, world: dict[str, str]) -> Visit:
    client.cookies.set(SESSION_COOKIE, world["owner_session"])
    return AsciiVisit(client, world, world["api_token"])


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record of every logger at every level: ours, the request log, uvicorn's."""
    caplog.set_level(logging.DEBUG)
    return caplog


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """All that was logged: each line as written (with any traceback) and its extra fields."""
    return caplog.text + "\n".join(repr(vars(record)) for record in caplog.records)


def has_security_headers(response: Any) -> bool:
    return all(response.headers.get(name) == value for name, value in HEADERS.items())


@pytest.mark.parametrize(("route", "field"), TYPED_CASES)
def test_words_refused_for_their_length_are_in_no_log_line(
    visit: Visit, logs: pytest.LogCaptureFixture, route: Route, field: str
) -> None:
    words = f"{MARKER} " + "and then some more " * 3_000  # 57,000 characters: over every limit

    response = SCREENED[route].send(visit, field, words)

    assert 400 <= response.status_code < 500 or response.status_code == 200, response.text[:300]
    assert has_security_headers(response)
    assert MARKER not in logged(logs)


@pytest.mark.parametrize(("route", "field"), API_CASES)
def test_a_body_refused_for_half_a_pair_keeps_its_words_out_of_the_log_and_screens_them(
    visit: Visit, logs: pytest.LogCaptureFixture, route: Route, field: str
) -> None:
    words = f"{MARKER} I'm going to end my life tonight, the pills are in my drawer \ud800"

    response = SCREENED[route].send(visit, field, words)

    assert response.status_code == 422, response.text[:300]
    assert response.json()["crisis"]["level"] == "acute"
    assert has_security_headers(response)
    assert MARKER not in logged(logs)


def failing_seal(*args: Any) -> str:
    """Sealing that fails as a database error does: with what it was given in its message."""
    raise RuntimeError(f"could not store {args!r}")


@pytest.mark.parametrize(("route", "field"), CASES)
def test_a_fault_nobody_expected_is_a_500_with_the_headers_that_logs_no_words(
    visit: Visit,
    logs: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    route: Route,
    field: str,
) -> None:
    monkeypatch.setattr(vault, "seal", failing_seal)

    response = SCREENED[route].send(visit, field, MARKER)

    assert response.status_code == 500
    assert has_security_headers(response)
    assert response.headers["x-request-id"]
    [error] = [r for r in logs.records if r.name == "crossroads.errors"]
    assert error.error == ["RuntimeError"]  # type: ignore[attr-defined]
    assert error.request_id == response.headers["x-request-id"]  # type: ignore[attr-defined]
    assert MARKER not in logged(logs)


def test_the_500_page_is_a_page_and_the_api_500_is_json(
    visit: Visit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vault, "seal", failing_seal)

    page = visit.form("/goals/new", {"what": "Run a 10k", "area": "other", "cadence": "weekly"})
    api = visit.api("POST", "/api/v1/goals", {"what": "Run a 10k"})

    assert page.status_code == 500
    assert "Something went wrong on our side" in page.text
    assert "text/html" in page.headers["content-type"]
    assert api.status_code == 500
    assert api.json() == {"detail": "something went wrong on our side"}


@contextmanager
def busy(self: Database) -> Iterator[Any]:
    """A transaction that found the database locked for longer than it waits."""
    raise DatabaseBusy()
    yield  # a generator, as the real one is


def test_a_busy_database_asks_the_browser_and_the_api_to_try_again(
    visit: Visit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Database, "transaction", busy)

    page = visit.form("/goals/new", {"what": "Run a 10k", "area": "other", "cadence": "weekly"})
    api = visit.api("POST", "/api/v1/goals", {"what": "Run a 10k"})

    for response in (page, api):
        assert response.status_code == 503
        assert int(response.headers["retry-after"]) > 0
        assert has_security_headers(response)
    assert "Busy for a moment" in page.text
    assert "busy" in api.json()["detail"]


@contextmanager
def lost(self: Database) -> Iterator[Any]:
    """A transaction whose server was lost and not reached again: a failover under way."""
    raise DatabaseUnavailable()
    yield  # a generator, as the real one is


def test_a_lost_database_asks_the_browser_and_the_api_to_try_again_in_a_few_seconds(
    visit: Visit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Database, "transaction", lost)

    page = visit.form("/goals/new", {"what": "Run a 10k", "area": "other", "cadence": "weekly"})
    api = visit.api("POST", "/api/v1/goals", {"what": "Run a 10k"})

    for response in (page, api):
        assert response.status_code == 503
        assert response.headers["retry-after"] == str(DatabaseUnavailable().retry_after)
        assert has_security_headers(response)
    assert "Back in a moment" in page.text
    assert "check whether it is there" in page.text
    assert 'href="/help-now"' in page.text  # the crisis lines stay on every page
    assert "try again in a few seconds" in api.json()["detail"]
