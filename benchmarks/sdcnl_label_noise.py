"""How noisy SDCNL's subreddit labels are, from a blind hand-label audit of training-split posts,
and how often the shipped crisis check flags each kind of post.

SDCNL labels a post by its subreddit (r/SuicideWatch or r/depression), not by what it says. A
fixed sample of the published training split (never the hidden test file) was read and labelled
by hand before any model scored it (benchmarks/labels/README.md has the rule). This reports, per
subreddit, the share of posts whose writer speaks of their own risk (`self`), only of someone
else's or a long-resolved past (`other`), or of neither (`none`), each with a 95 % Wilson
interval; then, for each (subreddit, hand label) cell, the share the crisis check flags, the
decision `crossroads evaluate` uses. Evaluation only: nothing here trains, tunes or thresholds.

    .venv/bin/python -m benchmarks.sdcnl_label_noise --data-dir ../shared/data/external

rewrites benchmarks/RESULTS-sdcnl-label-noise.md.
"""

import argparse
import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from crossroads.text.classifier import shared_classifier

# `crossroads evaluate`'s own flagged decision and reading of an SDCNL post, so that *flagged*
# here is the decision its flagged recall counts.
from crossroads.text.pipeline.evaluation import flagged_by, machine
from crossroads.text.pipeline.external_data import SdcnlPost, sdcnl_training_posts

SEED = 2026
# Posts drawn from each subreddit, in this order, from one generator.
SAMPLE_SIZES = (("suicidewatch", 150), ("depression", 100))
RISKS = ("self", "other", "none")
Z_95 = 1.959964  # two-sided 95 % normal quantile
LABELS = Path(__file__).with_name("labels") / "sdcnl_train_sample.csv"
RESULTS = Path(__file__).with_name("RESULTS-sdcnl-label-noise.md")


@dataclass(frozen=True)
class Cell:
    """The posts of one subreddit with one hand label, and how many the checks flag."""

    subreddit: str
    risk: str
    count: int
    flagged: int
    baseline_flagged: int


def drawn_sample(data_dir: Path) -> list[SdcnlPost]:
    """The audited posts: for each subreddit in SAMPLE_SIZES order, its training rows in file
    order, of which `default_rng(SEED).choice(rows, size, replace=False)` picks positions,
    kept in file order."""
    posts = sdcnl_training_posts(data_dir)
    rng = np.random.default_rng(SEED)
    sample = []
    for subreddit, size in SAMPLE_SIZES:
        rows = [post for post in posts if post.subreddit == subreddit]
        picked = rng.choice(len(rows), size=size, replace=False)
        sample += [rows[i] for i in sorted(int(i) for i in picked)]
    return sample


def wilson(hits: int, count: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for `hits` out of `count` (Wilson 1927); (0, 1) for none."""
    if count == 0:
        return 0.0, 1.0
    share = hits / count
    centre = share + z * z / (2 * count)
    spread = z * math.sqrt(share * (1 - share) / count + z * z / (4 * count * count))
    scale = 1 + z * z / count
    return max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale)


def read_labels(path: Path) -> list[tuple[str, str, str]]:
    """(post id, subreddit, risk) for each row of the hand-label file, in order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(row["post"], row["subreddit"], row["risk"]) for row in csv.DictReader(handle)]
    unknown = sorted({risk for _, _, risk in rows} - set(RISKS))
    if unknown:
        raise SystemExit(f"{path}: unknown risk labels {unknown}")
    return rows


def check_matches(sample: Sequence[SdcnlPost], labels: Sequence[tuple[str, str, str]]) -> None:
    """Stop unless the label file lists exactly the re-drawn posts, in order."""
    drawn = [(post.post_id, post.subreddit) for post in sample]
    listed = [(post_id, subreddit) for post_id, subreddit, _ in labels]
    if drawn != listed:
        differ = sum(a != b for a, b in zip(drawn, listed, strict=False))
        raise SystemExit(
            f"the label file does not match the re-drawn sample: {len(listed)} rows for "
            f"{len(drawn)} posts, {differ} differing in place"
        )


def cells(sample: Sequence[SdcnlPost], risks: Sequence[str]) -> list[Cell]:
    """Each (subreddit, hand label) cell with what the shipped crisis check and the keyword
    baseline flag in it, using `crossroads evaluate`'s own reading of levels."""
    model, baseline = flagged_by(shared_classifier(), [p.text for p in sample])
    found = []
    for subreddit, _ in SAMPLE_SIZES:
        for risk in RISKS:
            here = [
                i
                for i, post in enumerate(sample)
                if post.subreddit == subreddit and risks[i] == risk
            ]
            found.append(
                Cell(
                    subreddit,
                    risk,
                    len(here),
                    sum(model[i] for i in here),
                    sum(baseline[i] for i in here),
                )
            )
    return found


def results_markdown(found: Sequence[Cell], written: str) -> str:
    """The results file: a short explanation, the label shares and the flagged shares."""
    lines = [
        "# How noisy are SDCNL's subreddit labels? A hand-label audit of the training split",
        "",
        f"Written by `python -m benchmarks.sdcnl_label_noise` {written}. SDCNL labels a post by "
        "its subreddit. A fixed random sample of the published **training** split (the hidden "
        "test file was not opened) was labelled by hand and blind, before any model scored it, "
        "with the rule in benchmarks/labels/README.md: `self` is the writer's own wish to be "
        "dead or not to exist, suicidal thoughts, current or recent self-harm, a plan, means or "
        "recent attempt; `other` is such content only about someone else or the writer's "
        "long-resolved past; `none` is neither. One reader, no agreement figure. Evaluation "
        "only: nothing here trains, tunes or thresholds anything that ships. The shipped model "
        "never trained on SDCNL, so the training split is as unseen to it as the test split.",
        "",
        "## Hand labels per subreddit (share, 95 % Wilson interval)",
        "",
        *label_table(found),
        "",
        "## Flagged by the crisis check, per subreddit and hand label",
        "",
        "*Flagged* is a level of `check` or above, the decision `crossroads evaluate` reports "
        "as flagged recall; the keyword baseline is its phrase list without the frame.",
        "",
        *flagged_table(found),
        "",
        "## In short",
        "",
        *summary(found),
    ]
    return "\n".join(lines) + "\n"


def label_table(found: Sequence[Cell]) -> list[str]:
    lines = [
        "| subreddit | n | " + " | ".join(f"`{r}`" for r in RISKS) + " |",
        "|---|---|---|---|---|",
    ]
    for subreddit, _ in SAMPLE_SIZES:
        counts = {c.risk: c.count for c in found if c.subreddit == subreddit}
        total = sum(counts.values())
        shares = [_share_with_interval(counts.get(r, 0), total) for r in RISKS]
        lines.append(f"| r/{_name(subreddit)} | {total} | " + " | ".join(shares) + " |")
    return lines


def flagged_table(found: Sequence[Cell]) -> list[str]:
    """A row per (subreddit, hand label) cell, then the subreddit's whole sample."""
    lines = [
        "| subreddit | hand label | n | flagged, Crossroads (95 % Wilson) "
        "| flagged, keyword baseline |",
        "|---|---|---|---|---|",
    ]
    for subreddit, _ in SAMPLE_SIZES:
        cells = [c for c in found if c.subreddit == subreddit]
        for cell in [*cells, pooled(cells, subreddit, "all")]:
            label = cell.risk if cell.risk == "all" else f"`{cell.risk}`"
            shares = [
                _share_with_interval(cell.flagged, cell.count),
                _ratio(cell.baseline_flagged, cell.count),
            ]
            lines.append(
                f"| r/{_name(subreddit)} | {label} | {cell.count} | " + " | ".join(shares) + " |"
            )
    return lines


def pooled(cells: Sequence[Cell], subreddit: str, risk: str) -> Cell:
    """The cells' posts counted together, under the names given."""
    return Cell(
        subreddit,
        risk,
        sum(c.count for c in cells),
        sum(c.flagged for c in cells),
        sum(c.baseline_flagged for c in cells),
    )


def summary(found: Sequence[Cell]) -> list[str]:
    """The few figures that set the flagged recall on r/SuicideWatch in context."""
    watch = pooled([c for c in found if c.subreddit == "suicidewatch"], "suicidewatch", "all")
    own = pooled([c for c in found if c.risk == "self"], "both", "self")
    calm = pooled([c for c in found if c.risk == "none"], "both", "none")
    return [
        f"- All sampled r/SuicideWatch posts flagged (what `crossroads evaluate` calls flagged "
        f"recall, here on training posts): {_share_with_interval(watch.flagged, watch.count)}.",
        f"- Posts whose writer speaks of their own risk (`self`, both subreddits) flagged: "
        f"{_share_with_interval(own.flagged, own.count)}.",
        f"- Posts with no risk content (`none`, both subreddits) flagged: "
        f"{_share_with_interval(calm.flagged, calm.count)}.",
    ]


def _share_with_interval(hits: int, count: int) -> str:
    if not count:
        return _ratio(hits, count)
    low, high = wilson(hits, count)
    return f"{_ratio(hits, count)} ({low:.3f}–{high:.3f})"


def _ratio(hits: int, count: int) -> str:
    return f"{hits / count:.3f} ({hits}/{count})" if count else "–"


def _name(subreddit: str) -> str:
    return {"suicidewatch": "SuicideWatch", "depression": "depression"}[subreddit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    sample = drawn_sample(args.data_dir)
    labels = read_labels(args.labels)
    check_matches(sample, labels)
    found = cells(sample, [risk for _, _, risk in labels])
    written = f"on {datetime.now(UTC):%Y-%m-%d}, on {machine()}"
    text = results_markdown(found, written)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
