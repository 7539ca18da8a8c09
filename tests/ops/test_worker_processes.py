"""Two `crossroads worker` processes share one PostgreSQL outbox: they claim disjoint batches
(`FOR UPDATE SKIP LOCKED`), and when one is killed in the middle of a batch the other delivers
what it had claimed once the lease runs out. Every message arrives exactly once."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crossroads.platform.database import Database
from crossroads.platform.engines import make_engine, make_session_factory
from crossroads.platform.migrate import upgrade
from crossroads.platform.outbox import publish_outbox_key, queue_message
from crossroads.platform.outbox_rows import QUEUED, OutboxRow
from crossroads.security.encryption import MasterKeys, format_key, new_key
from tests.ports import free_port
from tests.postgres import ThrowawayPostgres
from tests.smtp import Collector, smtp_server

MESSAGES = 40
LEASE_SECONDS = 6
CROSSROADS = Path(sys.executable).with_name("crossroads")


class StallingCollector(Collector):
    """Keeps what it accepts in a list it may share; after `stall_after` messages it holds the
    next sender at RCPT, before any data, until released, and says when it started to."""

    def __init__(self, messages: list[Any], stall_after: int | None = None) -> None:
        super().__init__()
        self.messages = messages
        self.stall_after = stall_after
        self.accepted = 0
        self.stalled = False

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        await asyncio.sleep(0.02)  # a little work per message, so that batches overlap
        if self.stall_after is not None and self.accepted >= self.stall_after:
            self.stalled = True
            await asyncio.sleep(30)  # the sender is killed long before this ends
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.accepted += 1
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def outbox_url(postgres_server: ThrowawayPostgres) -> str:
    url = postgres_server.new_database("two_workers")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def start_worker(
    stack: ExitStack, url: str, smtp_port: int, data_dir: Path, keys: str
) -> subprocess.Popen[bytes]:
    """A `crossroads worker` process, killed and reaped when `stack` closes; its log goes to
    a file beside the data."""
    env = {
        **os.environ,
        "CROSSROADS_DATABASE_URL": url,
        "CROSSROADS_DATA_DIR": str(data_dir),
        "CROSSROADS_MASTER_KEYS": keys,
        "CROSSROADS_SMTP_HOST": "127.0.0.1",
        "CROSSROADS_SMTP_PORT": str(smtp_port),
        "CROSSROADS_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "CROSSROADS_LOG_FORMAT": "json",
    }
    log = stack.enter_context((data_dir / f"worker-{smtp_port}.log").open("wb"))
    process = subprocess.Popen(
        [str(CROSSROADS), "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    stack.callback(process.wait, timeout=10)
    stack.callback(process.kill)
    return process


def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.01)


def test_two_workers_deliver_each_message_once_though_one_is_killed_mid_batch(
    outbox_url: str, tmp_path: Path
) -> None:
    engine = make_engine(outbox_url)
    database = Database(engine, make_session_factory(engine))
    keys = format_key("k1", new_key())
    with database.transaction() as session:
        publish_outbox_key(session, MasterKeys.parse(keys), datetime.now(UTC))
        queued = [
            queue_message(
                session,
                recipient=f"person{n}@example.org",
                subject=f"Message {n}",
                body="Hello",
                now=datetime.now(UTC),
            ).id
            for n in range(MESSAGES)
        ]
    received: list[Any] = []
    first_inbox = StallingCollector(received, stall_after=3)
    second_inbox = StallingCollector(received)
    with ExitStack() as stack:
        first_port, second_port = free_port(), free_port()
        stack.enter_context(smtp_server(first_port, first_inbox))
        stack.enter_context(smtp_server(second_port, second_inbox))
        first = start_worker(stack, outbox_url, first_port, tmp_path, keys)
        wait_for(lambda: first_inbox.accepted >= 1, 60, "the first worker to start sending")
        second = start_worker(stack, outbox_url, second_port, tmp_path, keys)

        wait_for(lambda: first_inbox.stalled, 30, "the first worker to reach its fourth message")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

        def all_sent() -> bool:
            with database.transaction() as session:
                unsent = select(func.count()).where(OutboxRow.status == QUEUED)
                return session.scalar(unsent) == 0

        wait_for(all_sent, 60 + LEASE_SECONDS, "every message to be sent")
        assert second.poll() is None  # still working: nothing made it stop
    engine.dispose()

    copies = Counter(message["Message-ID"] for message in received)
    assert sorted(copies) == sorted(f"<{message_id}@localhost>" for message_id in queued)
    assert set(copies.values()) == {1}
    assert first_inbox.accepted == 3
    assert second_inbox.accepted == MESSAGES - 3
    log = (tmp_path / f"worker-{second_port}.log").read_text().splitlines()
    logged = [json.loads(line) for line in log]
    assert any(line["message"].startswith("outbox: ") for line in logged)
