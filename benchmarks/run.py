"""`make bench`: every benchmark in one run, written to benchmarks/RESULTS.md with the machine
and the date. Each figure stands beside a baseline measured in the same run, because the
machines are shared and noisy. A throwaway PostgreSQL server is started for the database
sections, the way the test suite starts one.

Run: make bench   (or .venv/bin/python -m benchmarks.run)
"""

import os
import platform
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.postgres import start_postgres

from benchmarks import (
    assessment_scoring,
    booking_vs_pgbench,
    classifier_speed,
    http_load,
    journal_insights,
)
from crossroads.text.pipeline.evaluation import machine

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine_with_memory() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{machine()}, {memory:.0f} GiB, {platform.system()} {platform.release()}"


def main() -> None:
    started = time.monotonic()
    server = start_postgres()
    sections: list[tuple[str, Callable[[], tuple[list[str], bool]]]] = [
        ("assessment scoring", assessment_scoring.section),
        ("HTTP under load", lambda: http_load.section(server)),
        ("booking on PostgreSQL", lambda: booking_vs_pgbench.section(server)),
        ("journal insights", journal_insights.section),
        ("classifiers", classifier_speed.section),
    ]
    body: list[str] = []
    summary = []
    try:
        for step, (name, measure) in enumerate(sections, start=1):
            print(f"[{step}/{len(sections)}] {name} ...", flush=True)
            lines, met = measure()
            body += lines
            summary.append(f"| {name} | {'met' if met else 'not met'} |")
    finally:
        server.stop()
    minutes = (time.monotonic() - started) / 60
    text = "\n".join(
        [
            "# Benchmarks",
            "",
            f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d}, on "
            f"{machine_with_memory()}, in {minutes:.1f} minutes. Every figure has its baseline "
            "beside it, measured in the same run.",
            "",
            "| section | targets |",
            "|---|---|",
            *summary,
            "",
            *body,
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
