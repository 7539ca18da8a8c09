"""`crossroads worker --once` delivers a password reset and a check-in reminder to a real SMTP
server on loopback."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroads.accounts.service.accounts import find_by_email
from crossroads.accounts.service.credentials import request_password_reset
from crossroads.cli import app
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.goals import plan_goal
from crossroads.coaching.service.goals import add_goal
from crossroads.platform.config import Settings
from crossroads.platform.runtime import Runtime, open_runtime
from tests.factories import PASSWORD
from tests.ports import free_port
from tests.smtp import smtp_server

runner = CliRunner()
PUBLIC_URL = "https://crossroads.test"


@pytest.fixture
def mail_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A migrated database with one client, ana@example.org, mailing through a free port."""
    port = free_port()
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CROSSROADS_SMTP_PORT", str(port))
    monkeypatch.setenv("CROSSROADS_PUBLIC_URL", PUBLIC_URL)
    runner.invoke(app, ["db", "upgrade"])
    runner.invoke(app, ["users", "add", "ana@example.org", "--password-stdin"], input=PASSWORD)
    return port


@pytest.fixture
def installed(mail_port: int) -> Runtime:
    return open_runtime(Settings())


def test_a_reset_requested_on_the_web_arrives_by_email_through_the_worker(
    mail_port: int, installed: Runtime
) -> None:
    request_password_reset(
        installed.database,
        email="ana@example.org",
        source="127.0.0.1",
        public_url=PUBLIC_URL,
        now=datetime.now(UTC),
    )

    with smtp_server(mail_port) as inbox:
        result = runner.invoke(app, ["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Reminders queued 0. Sent 1, failed 0." in result.stdout
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert f"{PUBLIC_URL}/password-reset/" in message.get_content()


def test_a_check_in_reminder_comes_due_and_arrives_by_email_through_the_worker(
    mail_port: int, installed: Runtime
) -> None:
    now = datetime.now(UTC)
    last_week = now.date() - timedelta(days=7)
    with installed.database.transaction() as session:
        ana = find_by_email(session, "ana@example.org")
        assert ana is not None
        goal = plan_goal(what="Learn to swim", starts_on=last_week)
        schedule = plan_schedule(Cadence.WEEKLY, last_week)
        add_goal(session, installed.master_keys, ana, goal, schedule, now=now)

    with smtp_server(mail_port) as inbox:
        first = runner.invoke(app, ["worker", "--once"])
        second = runner.invoke(app, ["worker", "--once"])

    assert "Reminders queued 1. Sent 1, failed 0." in first.stdout
    assert "Reminders queued 0. Sent 0, failed 0." in second.stdout
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert f"{PUBLIC_URL}/goals" in message.get_content()
    assert "swim" not in message.get_content()
