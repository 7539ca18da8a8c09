"""Where a request's time goes, as pyinstrument's call tree.

    .venv/bin/python -m benchmarks.profile goals             # GET /goals, signed in
    .venv/bin/python -m benchmarks.profile assessment        # POST /api/v1/assessments
    .venv/bin/python -m benchmarks.profile assessment-text   # the same with 200 words
    .venv/bin/python -m benchmarks.profile goals --requests 500 --html goals.html

The app runs in this process on a throwaway PostgreSQL server, as in production, with the
demo data; the signed-in page is the demo client's. After a warm-up, the requests are timed
without the profiler (the mean per request is printed first), then run again under it, and the
tree shows where their time went.

FastAPI runs synchronous handlers and dependencies on a thread pool, which a profiler watching
this thread does not see. Here they run inline on the event loop's thread instead, so that the
tree holds the whole request; the figures are for the code, not for the thread pool.
"""

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from pyinstrument import Profiler
from starlette.types import ASGIApp, Message
from tests.postgres import start_postgres

from benchmarks.assessment_scoring import ANSWERS
from crossroads.accounts.service.accounts import find_by_email
from crossroads.accounts.service.sessions import start_session
from crossroads.app import create_app
from crossroads.ops.demo import CLIENT_EMAIL, load_demo
from crossroads.platform.config import Settings
from crossroads.platform.migrate import upgrade
from crossroads.platform.runtime import open_runtime
from crossroads.web.auth import SESSION_COOKIE

WARM_UP = 20


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: list[tuple[bytes, bytes]]
    body: bytes = b""


def _assessment(answers: dict[str, object]) -> Request:
    headers = [(b"content-type", b"application/json")]
    return Request("POST", "/api/v1/assessments", headers, json.dumps(answers).encode())


SCENARIOS: dict[str, Callable[[str], Request]] = {
    "goals": lambda token: Request(
        "GET", "/goals", [(b"cookie", f"{SESSION_COOKIE}={token}".encode())]
    ),
    "assessment": lambda _: _assessment(
        {k: v for k, v in ANSWERS.items() if k not in ("text", "goal")}
    ),
    "assessment-text": lambda _: _assessment(ANSWERS),
}


async def _send(app: ASGIApp, request: Request) -> int:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "https",
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"crossroads.test"), *request.headers],
        "client": ("127.0.0.1", 50000),
        "server": ("crossroads.test", 443),
    }
    delivered = False
    status = 0

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": request.body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


@contextmanager
def handlers_inline() -> Iterator[None]:
    async def inline(call: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return call(*args, **kwargs)

    with (
        mock.patch("fastapi.routing.run_in_threadpool", inline),
        mock.patch("fastapi.dependencies.utils.run_in_threadpool", inline),
    ):
        yield


async def _profile(app: ASGIApp, request: Request, requests: int) -> tuple[Profiler, float]:
    for _ in range(WARM_UP):
        status = await _send(app, request)
        if status >= 400:
            raise RuntimeError(f"{request.method} {request.path} answered {status}")
    started = time.perf_counter()
    for _ in range(requests):
        await _send(app, request)
    unprofiled = (time.perf_counter() - started) / requests
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    for _ in range(requests):
        await _send(app, request)
    profiler.stop()
    return profiler, unprofiled


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--requests", type=int, default=200, help="requests profiled")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML view here")
    args = parser.parse_args(argv)
    server = start_postgres()
    try:
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(data_dir=Path(folder), database_url=server.new_database("profile"))
            runtime = open_runtime(settings)
            upgrade(runtime.database.engine)
            now = datetime.now(UTC)
            with runtime.database.transaction() as session:
                load_demo(session, runtime.master_keys, now)
                client = find_by_email(session, CLIENT_EMAIL)
                assert client is not None
                token = start_session(session, client, now)
            request = SCENARIOS[args.scenario](token)
            with handlers_inline():
                profiler, mean = asyncio.run(
                    _profile(create_app(runtime=runtime), request, args.requests)
                )
            runtime.database.engine.dispose()
    finally:
        server.stop()
    print(
        f"{request.method} {request.path}: {mean * 1000:.2f} ms a request, mean of "
        f"{args.requests} without the profiler; then the same number profiled:"
    )
    print(profiler.output_text(unicode=True, color=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
