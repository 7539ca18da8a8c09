"""Choose the crisis head's settings by five-fold cross-validation on its training examples
alone: for each regularisation, word weight and recall floor (part `settings`), and for the
linear head beside the ensemble of it and a small network at each candidate recall floor (part
`ensemble`), the share of safe examples the decision (model and phrase list together) flags
out of fold, by where they came from.

The CounselChat train questions with no risk words are the out-of-fold stand-in for the hidden
questions `crossroads evaluate` measures; nothing here reads a hidden split. The ensemble's
floor is the highest candidate meeting both ceilings below, fixed before the grid was run
(text/fitting.py says why); with none, the lowest.

    .venv/bin/python -m benchmarks.crisis_grid --data-dir ../shared/data/external [--part ensemble]

rewrites that part's section of benchmarks/RESULTS-crisis-grid.md and keeps the other.
"""

import argparse
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crossroads.text.classifier import CRISIS, Task, TextClassifier
from crossroads.text.embedding import Embedder
from crossroads.text.fitting import (
    HIDDEN_UNITS,
    REGULARISATION,
    WORD_WEIGHT,
    HeadSettings,
    fit_head,
    recall_threshold,
)
from crossroads.text.pipeline.training import training_sets

REGULARISATIONS = (2.0, 4.0, 8.0, 16.0)
WORD_WEIGHTS = (1.0, 2.0, 3.0)
RECALL_FLOORS = (0.90, 0.95)
ENSEMBLE_FLOORS = (0.90, 0.91, 0.92, 0.93, 0.95)
# The ensemble's ceilings, out of fold: a margin under the 10 % `crossroads evaluate` allows on
# the hidden CounselChat questions with no risk words, and fewer safe flags than the linear
# head at 0.90 (0.041 in the settings grid).
COUNSELCHAT_CEILING = 0.095
SAFE_CEILING = 0.040
RESULTS = Path(__file__).with_name("RESULTS-crisis-grid.md")
# The safe examples reported on their own rows, by the start of their source's name.
GROUPS = (
    ("own safe examples", "own examples"),
    ("CounselChat train, no risk words", "CounselChat train split (risk: none)"),
    ("sentences of safe examples", "sentences of our safe examples"),
)
TITLES = {
    "settings": "## Linear head: regularisation, word weight and recall floor",
    "ensemble": "## Linear head or ensemble (linear head and network) at each recall floor",
}


@dataclass(frozen=True)
class Examples:
    """The crisis head's training examples, embedded once for every fit."""

    vectors: np.ndarray
    words: list[np.ndarray]
    labels: list[str]
    passages: list[tuple[np.ndarray, tuple[np.ndarray, ...]]]
    lexicon: np.ndarray
    sources: list[str]

    @property
    def safe(self) -> np.ndarray:
        return np.array([label != CRISIS for label in self.labels])

    def rows(self, settings: HeadSettings, floors: tuple[float, ...]) -> list[tuple[float, ...]]:
        """Threshold, recall, safe flagged and each group's flagged, at each floor."""
        fitted = fit_head(
            Task.CRISIS,
            self.vectors,
            self.words,
            self.labels,
            lambda: None,
            self.passages,
            list(self.lexicon),
            settings,
            final_fit=False,
        )
        assert fitted.flagged_by is not None
        safe, found = self.safe, []
        for floor in floors:
            threshold = recall_threshold(fitted.flagged_by, ~safe, self.lexicon, floor)
            flagged = self.lexicon | (fitted.flagged_by >= threshold)
            groups = [_share(flagged, safe & _from(self.sources, p)) for _, p in GROUPS]
            recall = float(flagged[~safe].mean())
            found.append((floor, threshold, recall, _share(flagged, safe), *groups))
            print(settings, found[-1], flush=True)
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--part", choices=sorted(TITLES), default="settings")
    args = parser.parse_args()
    examples = _embedded(args.data_dir)
    if args.part == "settings":
        rows = [
            (c, weight, *row)
            for c, weight in itertools.product(REGULARISATIONS, WORD_WEIGHTS)
            for row in examples.rows(HeadSettings(c, weight), RECALL_FLOORS)
        ]
        section = _table(TITLES["settings"], ["C", "word weight"], rows)
    else:
        section = _ensemble_section(examples)
    old = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    args.output.write_text(_with_section(old, args.part, section), encoding="utf-8")


def _embedded(data_dir: Path) -> Examples:
    examples = training_sets(data_dir)[Task.CRISIS]
    classifier = TextClassifier(Embedder(), {})
    embedded = [e.read_by(Task.CRISIS) for e in classifier.embed([x.text for x in examples])]
    return Examples(
        vectors=np.concatenate([each.vector for each in embedded]),
        words=[each.words for each in embedded],
        labels=[example.label for example in examples],
        passages=[(each.passage_vectors, each.passage_words) for each in embedded],
        lexicon=np.array([bool(each.risk_phrases()) for each in embedded]),
        sources=[example.source for example in examples],
    )


def _ensemble_section(examples: Examples) -> str:
    c, weight = REGULARISATION[Task.CRISIS], WORD_WEIGHT[Task.CRISIS]
    units = HIDDEN_UNITS[Task.CRISIS]
    linear = examples.rows(HeadSettings(c, weight), ENSEMBLE_FLOORS)
    ensemble = examples.rows(HeadSettings(c, weight, hidden_units=units), ENSEMBLE_FLOORS)
    rows = [("linear", *row) for row in linear] + [("ensemble", *row) for row in ensemble]
    floor = chosen_floor(ensemble)
    note = (
        f"C {c:g}, word weight {weight:g}; the ensemble's network has {units} hidden units. "
        f"Rule fixed in advance: the ensemble ships at the highest floor whose CounselChat "
        f"train questions with no risk words are flagged at most {COUNSELCHAT_CEILING:.3f} and "
        f"safe examples at most {SAFE_CEILING:.3f}, out of fold; with none, the lowest. "
        f"Chosen: **{floor:.2f}**."
    )
    return _table(TITLES["ensemble"], ["head"], rows) + "\n" + note + "\n"


def chosen_floor(rows: list[tuple[float, ...]]) -> float:
    """The highest floor whose row meets both ceilings, else the lowest floor."""
    counselchat = 4 + [name for name, _ in GROUPS].index("CounselChat train, no risk words")
    meeting = [
        row[0] for row in rows if row[counselchat] <= COUNSELCHAT_CEILING and row[3] <= SAFE_CEILING
    ]
    return max(meeting, default=min(row[0] for row in rows))


def _from(sources: list[str], prefix: str) -> np.ndarray:
    return np.array([source == prefix for source in sources])


def _share(flagged: np.ndarray, among: np.ndarray) -> float:
    return float(flagged[among].mean()) if among.any() else 0.0


def _table(title: str, keys: list[str], rows: Sequence[tuple[object, ...]]) -> str:
    header = [*keys, "recall floor", "threshold", "recall", "safe flagged"]
    header += [f"{name} flagged" for name, _ in GROUPS]
    lines = [title, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        key, (floor, threshold, *shares) = row[: len(keys)], row[len(keys) :]
        cells = [f"{k:g}" if isinstance(k, float) else str(k) for k in key]
        cells += [f"{floor:.2f}", f"{threshold:.3f}"] + [f"{share:.4f}" for share in shares]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _with_section(old: str, part: str, section: str) -> str:
    """The results file with `part`'s section replaced (or added) and the other kept."""
    sections = {
        name: match.group(0)
        for name, title in TITLES.items()
        if (match := re.search(re.escape(title) + r"\n.*?(?=\n## |\Z)", old, re.S))
    }
    sections[part] = section
    intro = (
        "# Crisis head settings, five-fold cross-validated on its training examples\n\n"
        "Written by `python -m benchmarks.crisis_grid`. Every figure is out of fold on the "
        "training examples; no hidden split is read. *Flagged* is the decision a person meets: "
        "the phrase list in its frame or the model at the threshold that keeps the recall "
        "floor.\n"
    )
    kept = [sections[name].rstrip("\n") + "\n" for name in TITLES if name in sections]
    return intro + "\n" + "\n".join(kept)


if __name__ == "__main__":
    main()
