"""`crossroads worker --once` delivers a password reset to a real SMTP server on loopback."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroads.cli import app
from crossroads.config import Settings
from crossroads.services.accounts import request_password_reset
from crossroads.services.runtime import open_runtime
from tests.factories import PASSWORD
from tests.services.test_outbox import free_port, smtp_server

runner = CliRunner()


def test_a_reset_requested_on_the_web_arrives_by_email_through_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CROSSROADS_SMTP_PORT", str(port))
    monkeypatch.setenv("CROSSROADS_PUBLIC_URL", "https://crossroads.test")
    runner.invoke(app, ["db", "upgrade"])
    runner.invoke(app, ["users", "add", "ana@example.org", "--password-stdin"], input=PASSWORD)
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        request_password_reset(
            session,
            email="ana@example.org",
            public_url="https://crossroads.test",
            now=datetime.now(UTC),
        )

    with smtp_server(port) as inbox:
        result = runner.invoke(app, ["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Sent 1, failed 0." in result.stdout
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert "https://crossroads.test/password-reset/" in message.get_content()
