"""`crossroads serve` on the embedded SQLite database under load, as the attack on issue 22 ran
it: a hundred sign-ups at once give no server error and every account is kept while the journal
keeps answering; and a 3,600-row Daylio import does not hold up anyone else's request."""

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from threading import Event

import pytest

from crossroads.accounts.service.accounts import find_by_email
from crossroads.platform.config import Settings
from crossroads.platform.migrate import upgrade
from crossroads.platform.runtime import open_runtime
from crossroads.security.encryption import format_key, new_key
from crossroads.web.auth import SESSION_COOKIE
from tests.factories import browser_session, make_person
from tests.ports import free_port

CROSSROADS = Path(sys.executable).with_name("crossroads")
SIGN_UPS = 100
IMPORT_ROWS = 3_600
HEALTH_BOUND = 0.2  # seconds: the bound for /healthz while an import runs
PROBES = 30  # /healthz asked at least this often while the import runs
BOUNDARY = "crossroads-test-boundary"


@dataclass(frozen=True)
class Reply:
    status: int
    cookies: dict[str, str]
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class Server:
    port: int
    data_dir: Path
    keys: str
    session: str  # a signed-in client's session cookie

    def request(
        self,
        method: str,
        path: str,
        cookies: dict[str, str] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Connection": "close", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            given = {}
            for header in response.headers.get_all("set-cookie") or []:
                name, _, rest = header.partition("=")
                given[name] = rest.split(";", 1)[0]
            text = response.read().decode()
            return Reply(response.status, given, dict(response.headers.items()), text)
        finally:
            connection.close()

    def form(self, path: str, cookies: dict[str, str]) -> tuple[dict[str, str], str]:
        """The cookies and CSRF token a browser has after opening the page with the form."""
        page = self.request("GET", path, cookies)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.body)
        assert token is not None, page.body
        return {**cookies, **page.cookies}, token.group(1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    keys = format_key("mk-load", new_key())
    data_dir = tmp_path / "data"
    setup = open_runtime(Settings(data_dir=data_dir, master_keys=keys))
    upgrade(setup.database.engine)
    with setup.database.transaction() as session:
        writer = make_person(session, "writer@example.org")
        cookie = browser_session(session, setup.master_keys, writer, datetime.now(UTC))
    setup.database.engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "CROSSROADS_DATA_DIR": str(data_dir),
        "CROSSROADS_MASTER_KEYS": keys,
        "CROSSROADS_COOKIE_SECURE": "false",
        # As behind a proxy: each sign-up comes from an address of its own.
        "CROSSROADS_FORWARDED_ALLOW_IPS": "127.0.0.1",
    }
    command = [str(CROSSROADS), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    served = Server(port, data_dir, keys, cookie)
    try:
        _wait_until_ready(served, tmp_path / "serve.log")
        yield served
    finally:
        process.kill()
        process.wait(timeout=30)


def _wait_until_ready(server: Server, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if server.request("GET", "/readyz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"not ready within {seconds} s:\n{log.read_text('utf-8')}")


def _sign_up(server: Server, number: int) -> int:
    cookies, token = server.form("/sign-up", {})
    fields = {
        "email": f"load{number}@example.org",
        "display_name": f"Load {number}",
        "password": f"a long enough password {number}",
        "csrf_token": token,
    }
    body = "&".join(f"{k}={v.replace(' ', '+').replace('@', '%40')}" for k, v in fields.items())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": f"10.0.{number // 250}.{number % 250 + 1}",
    }
    return server.request("POST", "/sign-up", cookies, body.encode(), headers).status


def _read_journal_until(server: Server, done: Event) -> list[int]:
    statuses = []
    while not done.is_set():
        statuses.append(server.request("GET", "/journal", {SESSION_COOKIE: server.session}).status)
    return statuses


def test_a_hundred_sign_ups_at_once_keep_every_account_and_the_journal_answers(
    server: Server,
) -> None:
    done = Event()
    with ThreadPoolExecutor(max_workers=SIGN_UPS + 1) as pool:
        reader = pool.submit(_read_journal_until, server, done)
        try:
            statuses = list(pool.map(lambda n: _sign_up(server, n), range(SIGN_UPS)))
        finally:
            done.set()
        journal = reader.result()

    assert [status for status in statuses if status != 200] == []
    assert journal
    assert set(journal) == {200}
    runtime = open_runtime(Settings(data_dir=server.data_dir, master_keys=server.keys))
    with runtime.database.reading() as session:
        missing = [
            n for n in range(SIGN_UPS) if find_by_email(session, f"load{n}@example.org") is None
        ]
    runtime.database.engine.dispose()
    assert missing == []


def _daylio(rows: int) -> bytes:
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    for n in range(rows):
        day = f"{2016 + n // 336}-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
        lines.append(f"{day},x,Monday,21:30,good,walk | friends,,Slept well and saw Sam {n}")
    return ("\n".join(lines) + "\n").encode()


def _multipart(fields: dict[str, str], file: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        'filename="daylio.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + file
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return b"".join(parts)


def test_healthz_answers_at_once_while_a_long_import_runs(server: Server) -> None:
    cookies, token = server.form("/journal/transfer", {SESSION_COOKIE: server.session})
    body = _multipart(
        {"csrf_token": token, "format": "daylio", "mood_map": "good=7"}, _daylio(IMPORT_ROWS)
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    server.request("GET", "/healthz")  # a route's first answer builds its models, import or not

    started = server.request("POST", "/journal/import", cookies, body, headers)

    assert started.status == 303, started.body
    progress = started.headers["location"]
    waits, added = [], 0
    deadline = time.monotonic() + 120  # the model loads first; the import then takes a minute
    while (added == 0 or len(waits) < PROBES) and time.monotonic() < deadline:
        begun = time.monotonic()
        assert server.request("GET", "/healthz").status == 200
        waits.append(time.monotonic() - begun)
        if len(waits) % 5 == 0:
            added = _added(server.request("GET", progress + "?still=1", cookies).body)
        time.sleep(0.1)
    assert 0 < added < IMPORT_ROWS  # it was running while /healthz was asked
    assert max(waits) < HEALTH_BOUND, sorted(round(wait, 3) for wait in waits)[-5:]


def _added(page: str) -> int:
    found = re.search(r"Added ([\d,]+) of 3,600 entries", page)
    assert found is not None, page
    return int(found.group(1).replace(",", ""))
