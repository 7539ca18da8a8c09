"""A live server on loopback and Debian's Chromium driven by Playwright (never a downloaded
browser), with JavaScript off by default: every page must work without it."""

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from crossroads.accounts.store.sign_ins import forget_attempts_before
from crossroads.app import create_app
from crossroads.booking.service.directory import save_listing
from crossroads.kernel.people import Role
from crossroads.platform.config import Settings
from crossroads.platform.outbox import publish_outbox_key, unsent_to
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime, open_runtime
from tests.ports import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_runtime(tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    runtime = open_runtime(Settings(data_dir=tmp_path_factory.mktemp("live")))
    runtime.database.upgrade()
    with runtime.database.transaction() as session:  # as `crossroads db upgrade` does
        publish_outbox_key(session, runtime.master_keys, datetime.now(UTC))
    return runtime


@pytest.fixture(scope="session")
def live_server(live_runtime: Runtime) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(runtime=live_runtime), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start in 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    live_runtime.database.engine.dispose()


LIVE: dict[str, Runtime] = {}  # the live server's runtime, for helpers that read its outbox


@pytest.fixture(autouse=True)
def _live_outbox(live_runtime: Runtime) -> None:
    """Also gives each test a fresh allowance of sign-ups and sign-ins: every walk comes from
    127.0.0.1 to one server, and together they pass the per-address limits (30 sign-ups and 20
    sign-ins in 15 minutes), which tests/accounts checks on their own."""
    LIVE["runtime"] = live_runtime
    with live_runtime.database.transaction() as session:
        forget_attempts_before(session, datetime.now(UTC) + timedelta(days=1))


def follow_sign_up_link(page: Page, email: str) -> None:
    """Open the account as its owner would: the newest sign-up link mailed to `email`."""
    runtime = LIVE["runtime"]
    with runtime.database.reading() as session:
        bodies = [m.body for m in unsent_to(session, runtime.master_keys, email)]
    link = [body for body in bodies if "/sign-up/" in body][-1]
    page.goto("/sign-up/" + link.split("/sign-up/")[1].split()[0])
    page.get_by_role("button", name="Open my account").click()


@pytest.fixture
def make_practitioner(live_runtime: Runtime) -> Callable[[str], None]:
    """Give an account the practitioner role, as an admin or `crossroads users add` would."""

    def promote(email: str) -> None:
        with live_runtime.database.transaction() as session:
            row = find_person_by_email(session, email)
            assert row is not None
            row.role = str(Role.PRACTITIONER)

    return promote


@pytest.fixture
def make_therapist(
    live_runtime: Runtime, make_practitioner: Callable[[str], None]
) -> Callable[[str], None]:
    """A practitioner whose listing holds a licence to practise therapy for a year, as an import
    of the directory gives them: they see clinical questionnaires under the assessments grant."""

    def license_(email: str) -> None:
        make_practitioner(email)
        now = datetime.now(UTC)
        licence = {
            "type": "LCSW",
            "jurisdiction": "US-NY",
            "number": "LCSW-2468",
            "expires_on": (now + timedelta(days=365)).date().isoformat(),
        }
        with live_runtime.database.transaction() as session:
            row = find_person_by_email(session, email)
            assert row is not None
            fields = {"email": email, "name": row.display_name, "kind": "therapist"}
            save_listing(session, {**fields, "licences": [licence]}, now, row.id)

    return license_


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Chromium is missing; `make test` installs Debian's chromium package")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
