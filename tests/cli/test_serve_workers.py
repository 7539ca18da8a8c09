"""`crossroads serve --workers 2` on PostgreSQL, as in production: both processes answer, they
share the sessions in the database and the secrets they created together on a fresh data
folder (a form from one is accepted by the other), and SIGTERM stops them all."""

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest

from crossroads.ops.demo import CLIENT_EMAIL, PASSWORD, load_demo
from crossroads.platform.config import Settings
from crossroads.platform.migrate import upgrade
from crossroads.platform.runtime import open_runtime
from crossroads.security.encryption import format_key, new_key
from tests.ports import free_port
from tests.postgres import ThrowawayPostgres

WORKERS = 2
REQUESTS = 60
CROSSROADS = Path(sys.executable).with_name("crossroads")


@dataclass(frozen=True)
class Reply:
    status: int
    cookies: dict[str, str]
    body: str


@dataclass(frozen=True)
class Served:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def request(
        self, method: str, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
    ) -> Reply:
        """One request on a connection of its own, so that any worker may take it."""
        headers = {"Connection": "close"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            given = {}
            for header in response.headers.get_all("set-cookie") or []:
                name, _, rest = header.partition("=")
                given[name] = rest.split(";", 1)[0]
            return Reply(response.status, given, response.read().decode())
        finally:
            connection.close()

    def serving_processes(self, route: str) -> set[int]:
        """The processes that answered `route` with a 200 (a line still being written is
        left for the next look)."""
        written = self.log.read_text("utf-8").split("\n")[:-1]
        lines = (json.loads(line) for line in written)
        return {
            line["process"]
            for line in lines
            if line.get("logger") == "crossroads.requests"
            and line.get("route") == route
            and line.get("status") == 200
        }


@pytest.fixture
def served(postgres_server: ThrowawayPostgres, tmp_path: Path) -> Iterator[Served]:
    url = postgres_server.new_database("serve_workers")
    keys = format_key("mk-serve", new_key())
    setup = open_runtime(Settings(data_dir=tmp_path / "setup", database_url=url, master_keys=keys))
    upgrade(setup.database.engine)
    with setup.database.transaction() as session:
        load_demo(session, setup.master_keys, datetime.now(UTC))
    setup.database.engine.dispose()

    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "CROSSROADS_DATABASE_URL": url,
        "CROSSROADS_MASTER_KEYS": keys,
        # A data folder with no secret in it yet: the workers create it as they start.
        "CROSSROADS_DATA_DIR": str(tmp_path / "data"),
        "CROSSROADS_LOG_FORMAT": "json",
    }
    command = [str(CROSSROADS), "serve", "--workers", str(WORKERS), "--host", "127.0.0.1"]
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        yield Served(port, process, log)
    finally:
        process.kill()
        process.wait(timeout=30)


def wait_until_ready(served: Served, seconds: float = 60) -> None:
    """Until every worker has answered /readyz: on a busy machine the first one up would
    otherwise take every request while the other is still loading."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            served.request("GET", "/readyz", {})
        if len(served.serving_processes("/readyz")) == WORKERS:
            return
        time.sleep(0.2)
    raise AssertionError(f"not ready within {seconds} s:\n{served.log.read_text('utf-8')}")


def sign_in(served: Served) -> dict[str, str]:
    form = served.request("GET", "/sign-in", {})
    cookies = dict(form.cookies)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.body)
    assert token is not None
    fields = {"email": CLIENT_EMAIL, "password": PASSWORD, "csrf_token": token.group(1)}
    signed_in = served.request("POST", "/sign-in", cookies, fields)
    assert signed_in.status == 303, signed_in.body
    return {**cookies, **signed_in.cookies}


def test_two_workers_share_sessions_and_secrets_and_stop_on_sigterm(served: Served) -> None:
    wait_until_ready(served)
    cookies = sign_in(served)

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(
            pool.map(lambda _: served.request("GET", "/goals", cookies), range(REQUESTS))
        )

    assert [reply.status for reply in replies] == [200] * REQUESTS
    assert all("Run 5 km without stopping" in reply.body for reply in replies)
    processes = served.serving_processes("/goals")
    assert len(processes) == WORKERS
    assert served.process.pid not in processes

    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=30) == 0
