"""Timing helpers the benchmarks share: medians of repeated runs, taken in alternation with the
baseline so that both see the same load on a shared machine."""

import statistics
import time
from collections.abc import Callable


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def paired_medians(
    measured: Callable[[], object], baseline: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median seconds of `measured` and of `baseline`, run in turn `runs` times each."""
    ours, theirs = [], []
    for _ in range(runs):
        theirs.append(seconds(baseline))
        ours.append(seconds(measured))
    return statistics.median(ours), statistics.median(theirs)
