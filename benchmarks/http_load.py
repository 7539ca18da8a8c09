"""Requests per second and latency under wrk on loopback: the assessment API and a signed-in
page, each beside a bare endpoint that returns a constant, served by the same uvicorn in the
same way. Targets: at least 40 % of the bare endpoint's requests per second; p99 reported.

The app runs as `crossroads serve` (one process) on PostgreSQL, as in production, with the
demo data; the signed-in page is the demo client's goals, which opens sealed rows with their
data key on every view. The assessment is posted twice over: with the questionnaires alone,
and with 200 words of free text, which the text model reads on every request.
"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.ports import free_port
from tests.postgres import ThrowawayPostgres

from benchmarks.assessment_scoring import ANSWERS
from crossroads.accounts.service.accounts import find_by_email
from crossroads.accounts.service.sessions import start_session
from crossroads.ops.demo import CLIENT_EMAIL
from crossroads.platform.config import Settings
from crossroads.platform.runtime import open_runtime
from crossroads.web.auth import SESSION_COOKIE

SECONDS = 10
CONNECTIONS = 16
TARGET = 0.40
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def wait_until_listening(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} within {seconds} s")


def wrk(
    url: str,
    script: Path | None = None,
    headers: list[str] = (),  # type: ignore[assignment]
    seconds: int = SECONDS,
) -> Load:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return _parsed(output)


def _parsed(output: str) -> Load:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return Load(rate, _latency(output, "50%"), _latency(output, "99%"), errors)


def _latency(output: str, share: str) -> float:
    value, unit = re.search(rf"{share}\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _serve(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until_listening(port)
    return process


def _post_script(path: Path, answers: dict[str, object]) -> Path:
    path.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(json.dumps(answers))}\n",
        encoding="utf-8",
    )
    return path


def section(server: ThrowawayPostgres) -> tuple[list[str], bool]:
    url = server.new_database("http_load")
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "CROSSROADS_DATA_DIR": folder,
            "CROSSROADS_DATABASE_URL": url,
            "CROSSROADS_LOG_LEVEL": "WARNING",
        }
        for step in (["db", "upgrade"], ["demo"]):
            subprocess.run(
                [str(BIN / "crossroads"), *step], env=env, check=True, capture_output=True
            )
        runtime = open_runtime(Settings(data_dir=Path(folder), database_url=url))
        with runtime.database.transaction() as session:
            client = find_by_email(session, CLIENT_EMAIL)
            assert client is not None
            token = start_session(session, client, datetime.now(UTC))
        runtime.database.engine.dispose()
        with_text = _post_script(Path(folder) / "with_text.lua", ANSWERS)
        scores_only = {k: v for k, v in ANSWERS.items() if k not in ("text", "goal")}
        questionnaires = _post_script(Path(folder) / "questionnaires.lua", scores_only)
        app_port, bare_port = free_port(), free_port()
        uvicorn_flags = ["--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]
        bare = _serve(
            [
                str(BIN / "uvicorn"),
                "benchmarks.bare_app:app",
                "--port",
                str(bare_port),
                *uvicorn_flags,
            ],
            bare_port,
            env,
        )
        app = _serve([str(BIN / "crossroads"), "serve", "--port", str(app_port)], app_port, env)
        try:
            base = f"http://127.0.0.1:{app_port}"
            cookie = [f"Cookie: {SESSION_COOKIE}={token}"]
            loads = {
                "bare endpoint (constant JSON)": (f"http://127.0.0.1:{bare_port}/", None, []),
                "POST /api/v1/assessments, questionnaires": (
                    f"{base}/api/v1/assessments",
                    questionnaires,
                    [],
                ),
                "POST /api/v1/assessments, with 200 words": (
                    f"{base}/api/v1/assessments",
                    with_text,
                    [],
                ),
                "GET /goals, signed in": (f"{base}/goals", None, cookie),
            }
            # Steady state is what is measured: a process builds each route's dependency
            # models, and loads the text model, on its first requests.
            for url, script, headers in loads.values():
                wrk(url, script, headers, seconds=2)
            results = {name: wrk(*load) for name, load in loads.items()}
        finally:
            for process in (app, bare):
                process.terminate()
                process.wait(timeout=30)
    bare_rate = results["bare endpoint (constant JSON)"].requests_per_second
    lines = [
        "## HTTP under load",
        "",
        f"wrk on loopback, 2 threads, {CONNECTIONS} connections, {SECONDS} s per endpoint, "
        "against one uvicorn process each (uvloop and httptools): `crossroads serve` on "
        "PostgreSQL with the demo data, and a bare FastAPI app returning a constant as the "
        "baseline.",
        "",
        "| endpoint | requests/s | vs bare | p50 | p99 | errors | target (≥ 40 % of bare) |",
        "|---|---|---|---|---|---|---|",
    ]
    met = True
    for name, load in results.items():
        share = load.requests_per_second / bare_rate
        is_baseline = name.startswith("bare")
        ok = is_baseline or (share >= TARGET and load.errors == 0)
        met = met and ok
        lines.append(
            f"| {name} | {load.requests_per_second:,.0f} | {share:.0%} | {load.p50_ms:.1f} ms "
            f"| {load.p99_ms:.1f} ms | {load.errors} | "
            f"{'baseline' if is_baseline else ('met' if ok else 'not met')} |"
        )
    return [*lines, ""], met
