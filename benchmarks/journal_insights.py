"""How long the journal's insights take for 1, 3 and 10 years of daily entries, and whether the
cost grows linearly with the number of entries. A section of `make bench`.

Every figure is also given as a ratio against a baseline measured in the same run, because the
machines are shared and noisy: the baseline sorts the same entries by time and takes their mean
mood, the least any look at a timeline costs. The histories are made
from a fixed seed: one entry a day, at a random hour, with a mood, one or two ways of coping
and a situation.
"""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from crossroads.journal.rules.coping import LISTED
from crossroads.journal.rules.entries import Entry, Situation
from crossroads.journal.rules.insights import journal_insights, statements

YEARS = (1, 3, 10)
RUNS = 7
TARGET_MS = 50.0  # for ten years (issue 9); issue 6 asks for well under a second
LINEAR_SLACK = 1.25  # cost per entry at 3 and 10 years, against 1 year, that still counts


def history(years: int, seed: int = 7) -> tuple[list[Entry], date]:
    chooser = random.Random(seed)  # noqa: S311 (a reproducible history, not a secret)
    today = date(2026, 11, 23)
    first = today - timedelta(days=365 * years)
    entries = []
    for offset in range(365 * years):
        day = first + timedelta(days=offset)
        hour = chooser.randint(7, 23)
        entries.append(
            Entry(
                at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
                mood=chooser.randint(0, 10),
                coping=tuple(chooser.sample(LISTED, chooser.randint(1, 2))),
                situation=chooser.choice(list(Situation)),
            )
        )
    return entries, today


def _sorted_mean(entries: list[Entry]) -> float:
    ordered = sorted(entries, key=lambda entry: entry.at)
    return sum(entry.mood or 0 for entry in ordered) / len(ordered)


def best_of(work: Callable[[list[Entry]], object], entries: list[Entry]) -> float:
    """The median of RUNS timings of `work` on the entries, in milliseconds. Each run gets the
    entries afresh, as read from the database for a request: an entry keeps what it has
    worked out once, and a run must not reuse what the run before it worked out."""
    times = []
    for _ in range(RUNS):
        fresh = [replace(entry) for entry in entries]
        start = time.perf_counter()
        work(fresh)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def section() -> tuple[list[str], bool]:
    rows = []
    per_entry = {}
    for years in YEARS:
        entries, today = history(years)
        baseline = best_of(_sorted_mean, entries)
        measured = best_of(
            lambda fresh, today=today: statements(journal_insights(fresh, today)), entries
        )
        per_entry[years] = measured / len(entries)
        rows.append((years, len(entries), measured, baseline))
    lines = [
        "## Journal insights for 1, 3 and 10 years of daily entries",
        "",
        f"One entry a day; each figure is the median of {RUNS} runs, each on entries read "
        "afresh, as a request would. The baseline sorts the same entries by time and takes "
        "their mean mood, timed in the same run.",
        "",
        "| history | entries | all insights and statements | baseline pass | ratio to baseline "
        "| cost per entry vs 1 year |",
        "|---|---|---|---|---|---|",
    ]
    for years, count, measured, baseline in rows:
        lines.append(
            f"| {years} year{'s' if years > 1 else ''} | {count:,} | {measured:.1f} ms | "
            f"{baseline:.2f} ms | {measured / baseline:.0f}× | "
            f"{per_entry[years] / per_entry[1]:.2f}× |"
        )
    ten_years = rows[-1][2]
    linear = all(per_entry[years] / per_entry[1] <= LINEAR_SLACK for years in YEARS)
    met = ten_years <= TARGET_MS and linear
    lines += [
        "",
        f"Ten years: {ten_years:.1f} ms (target ≤ {TARGET_MS:.0f} ms, growing linearly: "
        f"{'met' if met else 'not met'}). A cost per entry at or under 1× at 3 and 10 years "
        "means the cost grows no faster than the entries.",
        "",
    ]
    return lines, met
