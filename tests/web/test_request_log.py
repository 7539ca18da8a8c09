"""Each request leaves one log line with the route it matched (never the raw path, which can
hold a token), the status and the time taken, under a request id the response echoes."""

import logging

import pytest

from tests.conftest import FormClient


def request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "crossroads.requests"]


def test_a_request_is_logged_by_its_route_template_with_an_echoed_id(
    client: FormClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="crossroads.requests")

    response = client.get("/password-reset/a-secret-reset-token", headers={"x-request-id": "r-1"})

    [line] = request_lines(caplog)
    assert response.headers["x-request-id"] == "r-1"
    assert (line.route, line.status, line.request_id) == (  # type: ignore[attr-defined]
        "/password-reset/{token}",
        response.status_code,
        "r-1",
    )
    assert line.duration_ms >= 0  # type: ignore[attr-defined]
    assert "a-secret-reset-token" not in caplog.text


def test_an_unsafe_request_id_is_replaced(
    client: FormClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="crossroads.requests")

    response = client.get("/healthz", headers={"x-request-id": "bad id\nforged line"})

    assert len(response.headers["x-request-id"]) == 32
    assert "forged" not in caplog.text


def test_a_path_no_route_matches_is_logged_without_it(
    client: FormClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="crossroads.requests")
    client.get("/no/such/page/with-a-token-in-it")
    [line] = request_lines(caplog)
    assert (line.route, line.status) == ("(no route)", 404)  # type: ignore[attr-defined]
    assert "with-a-token-in-it" not in caplog.text
