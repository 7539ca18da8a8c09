"""`crossroads evaluate`: measure the classifiers on data nobody on the team wrote.

Every figure comes from a hidden split named in the data set's SOURCE.md (external_data.py
holds the splits) or from our own held-out examples, with the keyword baseline (baseline.py)
measured beside it. A text's *route* here is `crisis` when the crisis check flags it and the
need classifier's label otherwise, which is how the assessment reads free text.

Speed is a ratio against the bare embedding model, measured in the same run on the same texts.
"""

import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crossroads.services import external_data as data
from crossroads.services.training import held_out_sets
from crossroads.text.baseline import keyword_label
from crossroads.text.classifier import (
    BATCH_SIZE,
    CRISIS,
    LABELS,
    Task,
    TextClassifier,
    shared_classifier,
)

SPEED_ROUNDS = 5
LATENCY_RUNS = 50
SHORT_TEXT = "I want to get better at speaking up in meetings before my review."
EVALUATION_STEPS = 7


@dataclass(frozen=True)
class Figure:
    measure: str
    data: str
    count: int
    model: float
    baseline: float
    target: str
    met: bool | None  # None for a figure reported without a target
    unit: str = ""

    def cells(self) -> list[str]:
        return [
            self.measure,
            self.data,
            str(self.count),
            _number(self.model, self.unit),
            _number(self.baseline, self.unit),
            self.target,
            {True: "yes", False: "no", None: "n/a"}[self.met],
        ]


def _number(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "/s":
        return f"{value:.0f} texts/s"
    return f"{value:.3f}"


def evaluate(
    data_dir: Path,
    classifier: TextClassifier | None = None,
    on_step: Callable[[], None] = lambda: None,
) -> list[Figure]:
    """Every figure of the table, in order; `on_step` ticks EVALUATION_STEPS times."""
    classifier = classifier or shared_classifier()
    figures: list[Figure] = []
    router = _Router(classifier)

    sdcnl = [p.text for p in data.sdcnl_hidden(data_dir) if p.label == "suicidewatch"]
    flagged = router.crisis(sdcnl)
    figures.append(
        _share("crisis recall", "SDCNL test, r/SuicideWatch posts", flagged, "≥ 0.95", 0.95)
    )
    on_step()

    users = data.cssrs_hidden(data_dir)
    at_risk = router.crisis([u.text for u in users if u.label in data.CSSRS_AT_RISK])
    figures.append(
        _share(
            "crisis recall",
            "C-SSRS hidden users: Ideation, Behavior, Attempt",
            at_risk,
            "≥ 0.95",
            0.95,
        )
    )
    supportive = router.crisis([u.text for u in users if u.label == data.CSSRS_SUPPORTIVE])
    figures.append(
        Figure(
            "crisis precision",
            "C-SSRS hidden users: at risk vs Supportive",
            len(at_risk[0]) + len(supportive[0]),
            _precision(at_risk[0], supportive[0]),
            _precision(at_risk[1], supportive[1]),
            "none (reported)",
            None,
        )
    )
    on_step()

    resolutions = data.resolutions_hidden(data_dir)
    resolution_routes = router.routes([r.text for r in resolutions])
    alarms = _each(resolution_routes, lambda route: route == CRISIS)
    figures.append(
        _share(
            "crisis false alarms",
            "New Year's resolutions, hidden rows",
            alarms,
            "≤ 0.02",
            0.02,
            at_most=True,
        )
    )
    on_step()

    questions = [q.text for q in data.counselchat_questions(data_dir, hidden=True)]
    routes = router.routes(questions)
    figures.append(
        _share(
            "routed therapy, both or crisis",
            "CounselChat val and test questions",
            _each(routes, lambda route: route in {"therapy", "both", CRISIS}),
            "≥ 0.95",
            0.95,
        )
    )
    on_step()

    goal = [r.label in data.GOAL_CATEGORIES for r in resolutions]
    model, baseline = (
        [r for r, g in zip(side, goal, strict=True) if g] for side in resolution_routes
    )
    routes = (model, baseline)
    figures.append(
        _share(
            "not routed to therapy (crisis counts as therapy)",
            "resolution tweets in goal categories, hidden rows",
            _each(routes, lambda route: route not in {"therapy", CRISIS}),
            "≥ 0.90",
            0.90,
        )
    )
    on_step()

    figures.append(_coping(classifier))
    on_step()

    figures += _speed(classifier, questions)
    on_step()
    return figures


class _Router:
    """Reads texts the way the assessment does, for the model and for the keyword baseline."""

    def __init__(self, classifier: TextClassifier) -> None:
        self.classifier = classifier

    def crisis(self, texts: Sequence[str]) -> tuple[list[bool], list[bool]]:
        model = [p.label == CRISIS for p in self.classifier.classify(Task.CRISIS, texts)]
        baseline = [keyword_label(Task.CRISIS, text) == CRISIS for text in texts]
        return model, baseline

    def routes(self, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        embedded = self.classifier.embed(texts)
        model = []
        for each in embedded:
            crisis = self.classifier.predict(Task.CRISIS, each)
            need = self.classifier.predict(Task.NEED, each)
            model.append(CRISIS if crisis.label == CRISIS else need.label)
        baseline = [
            CRISIS if keyword_label(Task.CRISIS, text) == CRISIS else keyword_label(Task.NEED, text)
            for text in texts
        ]
        return model, baseline


def _each(
    routes: tuple[list[str], list[str]], wanted: Callable[[str], bool]
) -> tuple[list[bool], list[bool]]:
    model, baseline = routes
    return [wanted(r) for r in model], [wanted(r) for r in baseline]


def _share(
    measure: str,
    about: str,
    hits: tuple[list[bool], list[bool]],
    target: str,
    bound: float,
    *,
    at_most: bool = False,
) -> Figure:
    model, baseline = (sum(side) / len(side) for side in hits)
    met = model <= bound if at_most else model >= bound
    return Figure(measure, about, len(hits[0]), model, baseline, target, met)


def _precision(positives: list[bool], negatives: list[bool]) -> float:
    caught, false = sum(positives), sum(negatives)
    return caught / (caught + false) if caught + false else 0.0


def _coping(classifier: TextClassifier) -> Figure:
    from sklearn.metrics import f1_score  # evaluation needs the train extra

    held = held_out_sets()[Task.COPING]
    truth = [e.label for e in held]
    model = [p.label for p in classifier.classify(Task.COPING, [e.text for e in held])]
    baseline = [keyword_label(Task.COPING, e.text) for e in held]
    labels = list(LABELS[Task.COPING])
    model_f1 = float(f1_score(truth, model, labels=labels, average="macro"))
    baseline_f1 = float(f1_score(truth, baseline, labels=labels, average="macro"))
    return Figure(
        "coping macro-F1",
        "our own coping examples, held-out fifth",
        len(held),
        model_f1,
        baseline_f1,
        "≥ 0.85",
        model_f1 >= 0.85,
    )


def _speed(classifier: TextClassifier, texts: list[str]) -> list[Figure]:
    """Texts per second in batches of 64 and one short text's latency, each beside the bare
    model on the same texts; rounds and single runs alternate so both see the same machine
    load."""
    batches = [texts[i : i + BATCH_SIZE] for i in range(0, len(texts), BATCH_SIZE)]
    embedder = classifier.embedder
    embedder.embed([SHORT_TEXT])  # load and warm up
    classifier.classify(Task.CRISIS, [SHORT_TEXT])
    ours, bare = [], []
    for _ in range(SPEED_ROUNDS):
        bare.append(_timed(lambda: [embedder.embed(batch) for batch in batches]))
        ours.append(_timed(lambda: [classifier.classify(Task.CRISIS, b) for b in batches]))
    ours_rate, bare_rate = len(texts) / min(ours), len(texts) / min(bare)
    single_ours_runs, single_bare_runs = [], []
    for _ in range(LATENCY_RUNS):
        single_bare_runs.append(_timed(lambda: embedder.embed([SHORT_TEXT])))
        single_ours_runs.append(_timed(lambda: classifier.classify(Task.CRISIS, [SHORT_TEXT])))
    single_ours = statistics.median(single_ours_runs)
    single_bare = statistics.median(single_bare_runs)
    return [
        Figure(
            "throughput, batches of 64 (baseline: bare model)",
            "CounselChat val and test questions",
            len(texts),
            ours_rate,
            bare_rate,
            "≥ 80 % of bare",
            ours_rate >= 0.8 * bare_rate,
            "/s",
        ),
        Figure(
            "single short text, median (baseline: bare model)",
            f"one {len(SHORT_TEXT.split())}-word text, {LATENCY_RUNS} runs",
            1,
            single_ours * 1000,
            single_bare * 1000,
            "≤ 10 ms",
            single_ours <= 0.010,
            "ms",
        ),
    ]


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def results_markdown(figures: list[Figure], today: date) -> str:
    header = ["measure", "data", "n", "Crossroads", "keyword baseline", "target", "met"]
    lines = [
        "# Text classifiers on external data",
        "",
        f"Written by `crossroads evaluate` on {today.isoformat()}, on {machine()}. Every row "
        "uses a hidden split named in the data set's SOURCE.md (or our own held-out examples); "
        "nothing here was trained, tuned or thresholded on. A text is routed `crisis` when the "
        "crisis check flags it, otherwise by the need classifier; the baseline routes with the "
        "phrase lexicon and word lists (src/crossroads/text/baseline.py). For speed the "
        "baseline is the bare embedding model on the same texts in the same run.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(figure.cells()) + " |" for figure in figures]
    return "\n".join(lines) + "\n"


def machine() -> str:
    """The processor, its cores and Python, for the head of a results table."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"
