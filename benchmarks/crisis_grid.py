"""Choose the crisis head's settings by five-fold cross-validation on its training examples
alone: for each regularisation, word weight and recall floor, the share of safe examples the
decision (model and phrase list together) flags out of fold, by where they came from.

The CounselChat train questions with no risk words are the out-of-fold stand-in for the hidden
questions `crossroads evaluate` measures; nothing here reads a hidden split.

    .venv/bin/python -m benchmarks.crisis_grid --data-dir ../shared/data/external

writes benchmarks/RESULTS-crisis-grid.md.
"""

import argparse
import itertools
from pathlib import Path

import numpy as np

from crossroads.services.training import training_sets
from crossroads.text.classifier import CRISIS, Task, TextClassifier
from crossroads.text.embedding import Embedder
from crossroads.text.training import HeadSettings, fit_head, recall_threshold

REGULARISATIONS = (2.0, 4.0, 8.0, 16.0)
WORD_WEIGHTS = (1.0, 2.0, 3.0)
RECALL_FLOORS = (0.90, 0.95)
RESULTS = Path(__file__).with_name("RESULTS-crisis-grid.md")
# The safe examples reported on their own rows, by the start of their source's name.
GROUPS = (
    ("own safe examples", "own examples"),
    ("CounselChat train, no risk words", "CounselChat train split (risk: none)"),
    ("sentences of safe examples", "sentences of our safe examples"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    examples = training_sets(args.data_dir)[Task.CRISIS]
    classifier = TextClassifier(Embedder(), {})
    embedded = [e.read_by(Task.CRISIS) for e in classifier.embed([x.text for x in examples])]
    vectors = np.concatenate([each.vector for each in embedded])
    words = [each.words for each in embedded]
    labels = [example.label for example in examples]
    passages = [(each.passage_vectors, each.passage_words) for each in embedded]
    lexicon = np.array([bool(each.risk_phrases()) for each in embedded])
    safe = np.array([label != CRISIS for label in labels])
    sources = [example.source for example in examples]
    rows = []
    for c, weight in itertools.product(REGULARISATIONS, WORD_WEIGHTS):
        fitted = fit_head(
            Task.CRISIS,
            vectors,
            words,
            labels,
            lambda: None,
            passages,
            list(lexicon),
            HeadSettings(c, weight),
            final_fit=False,
        )
        assert fitted.flagged_by is not None
        for floor in RECALL_FLOORS:
            threshold = recall_threshold(fitted.flagged_by, ~safe, lexicon, floor)
            flagged = lexicon | (fitted.flagged_by >= threshold)
            shares = [_share(flagged, safe & _from(sources, prefix)) for _, prefix in GROUPS]
            recall = float(flagged[~safe].mean())
            rows.append((c, weight, floor, threshold, recall, _share(flagged, safe), *shares))
            print(rows[-1], flush=True)
    args.output.write_text(_table(rows), encoding="utf-8")


def _from(sources: list[str], prefix: str) -> np.ndarray:
    return np.array([source == prefix for source in sources])


def _share(flagged: np.ndarray, among: np.ndarray) -> float:
    return float(flagged[among].mean()) if among.any() else 0.0


def _table(rows: list[tuple[float, ...]]) -> str:
    header = ["C", "word weight", "recall floor", "threshold", "recall", "safe flagged"]
    header += [f"{name} flagged" for name, _ in GROUPS]
    lines = [
        "# Crisis head settings, five-fold cross-validated on its training examples",
        "",
        "Written by `python -m benchmarks.crisis_grid`. Every figure is out of fold on the "
        "training examples; no hidden split is read. *Flagged* is the decision a person meets: "
        "the phrase list in its frame or the model at the threshold that keeps the recall floor.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for c, weight, floor, threshold, *shares in rows:
        cells = [f"{c:g}", f"{weight:g}", f"{floor:.2f}", f"{threshold:.3f}"]
        cells += [f"{share:.4f}" for share in shares]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
