"""`crossroads evaluate`: measure the classifiers on data nobody on the team wrote.

Every figure comes from a hidden split named in the data set's SOURCE.md (external_data.py
holds the splits) or from our own held-out examples, with the keyword baseline (baseline.py)
measured beside it. A text's risk *level* is the crisis check's (`none`, `check` or `acute`),
and *flagged* means `check` or above; its *route* is `crisis` only when the level is `acute`
and the need classifier's label otherwise, which is how the assessment reads free text. Crisis
routes are reported on rows of their own, never counted as therapy.

Speed is a ratio against the bare embedding model, measured in the same run on the same texts.
"""

import csv
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.risk import RiskLevel
from crossroads.text.baseline import keyword_label, keyword_level
from crossroads.text.classifier import (
    BATCH_SIZE,
    CRISIS,
    LABELS,
    Task,
    TextClassifier,
    shared_classifier,
)
from crossroads.text.pipeline import external_data as data
from crossroads.text.pipeline.training import held_out_sets

SPEED_ROUNDS = 5
LATENCY_RUNS = 50
SHORT_TEXT = "I want to get better at speaking up in meetings before my review."
EVALUATION_STEPS = 8


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


RISK_LABELS = Path(__file__).parents[4] / "benchmarks" / "labels" / "counselchat_hidden_risk.csv"


def evaluate(
    data_dir: Path,
    classifier: TextClassifier | None = None,
    on_step: Callable[[], None] = lambda: None,
    risk_labels: Path = RISK_LABELS,
) -> list[Figure]:
    """Every figure of the table, in order; `on_step` ticks EVALUATION_STEPS times.
    `risk_labels` holds the hand labels that pick the CounselChat questions carrying no risk
    words (benchmarks/labels/)."""
    classifier = classifier or shared_classifier()
    router = _Router(classifier)
    figures = _sdcnl_rows(router, data.sdcnl_hidden(data_dir))
    on_step()
    figures += _cssrs_rows(router, data.cssrs_hidden(data_dir))
    on_step()
    questions = data.counselchat_questions(data_dir, hidden=True)
    figures += _calm_question_rows(router, _without_risk(questions, risk_labels))
    on_step()
    resolutions = data.resolutions_hidden(data_dir)
    figures += _resolution_alarm_rows(router, resolutions)
    on_step()
    texts = [q.text for q in questions]
    figures += _question_route_rows(router, texts)
    on_step()
    figures.append(_goal_route_row(router, resolutions))
    on_step()
    figures.append(_coping(classifier))
    on_step()
    figures += _speed(classifier, texts)
    on_step()
    return figures


def _sdcnl_rows(router: "_Router", sdcnl: Sequence[data.Labelled]) -> list[Figure]:
    """Recall on r/SuicideWatch posts; r/depression posts reported only, being noisy."""
    watch = router.levels([p.text for p in sdcnl if p.label == "suicidewatch"])
    depression = router.levels([p.text for p in sdcnl if p.label == "depression"])
    return [
        _share(
            "flagged recall (check or above)",
            "SDCNL test, r/SuicideWatch posts",
            _flagged(watch),
            "≥ 0.95",
            0.95,
        ),
        _reported(
            "flagged (check or above)",
            "SDCNL test, r/depression posts (noisy: many hold ideation)",
            _flagged(depression),
        ),
        _reported("acute", "SDCNL test, r/depression posts", _acute(depression)),
    ]


def _cssrs_rows(router: "_Router", users: Sequence[data.Labelled]) -> list[Figure]:
    """Recall on the users at risk, and precision against the supportive ones."""
    at_risk = _flagged(router.levels([u.text for u in users if u.label in data.CSSRS_AT_RISK]))
    supportive = _flagged(
        router.levels([u.text for u in users if u.label == data.CSSRS_SUPPORTIVE])
    )
    return [
        _share(
            "flagged recall (check or above)",
            "C-SSRS hidden users: Ideation, Behavior, Attempt",
            at_risk,
            "≥ 0.95",
            0.95,
        ),
        Figure(
            "flagged precision",
            "C-SSRS hidden users: at risk vs Supportive",
            len(at_risk[0]) + len(supportive[0]),
            _precision(at_risk[0], supportive[0]),
            _precision(at_risk[1], supportive[1]),
            "none (reported)",
            None,
        ),
    ]


def _calm_question_rows(router: "_Router", no_risk: Sequence[data.Labelled]) -> list[Figure]:
    """False alarms on the CounselChat questions whose words carry no risk."""
    calm = router.levels([q.text for q in no_risk])
    about = "CounselChat val and test questions whose words carry no risk (hand labels)"
    return [
        _share("flagged (false alarm)", about, _flagged(calm), "≤ 0.10", 0.10, at_most=True),
        _share("acute (false alarm)", about, _acute(calm), "≤ 0.01", 0.01, at_most=True),
    ]


def _resolution_alarm_rows(router: "_Router", resolutions: Sequence[data.Labelled]) -> list[Figure]:
    """False alarms on New Year's resolutions, which carry no risk."""
    levels = router.levels([r.text for r in resolutions])
    about = "New Year's resolutions, hidden rows"
    return [
        _share("flagged (false alarm)", about, _flagged(levels), "≤ 0.02", 0.02, at_most=True),
        _share("acute (false alarm)", about, _acute(levels), "≤ 0.005", 0.005, at_most=True),
    ]


def _question_route_rows(router: "_Router", texts: list[str]) -> list[Figure]:
    """Where the CounselChat questions are routed: therapy (or both), and crisis reported."""
    routes = router.routes(texts)
    return [
        _share(
            "routed therapy or both",
            "CounselChat val and test questions",
            _each(routes, lambda route: route in {"therapy", "both"}),
            "≥ 0.95",
            0.95,
        ),
        _reported(
            "routed crisis (acute)",
            "CounselChat val and test questions",
            _each(routes, lambda route: route == CRISIS),
        ),
    ]


def _goal_route_row(router: "_Router", resolutions: Sequence[data.Labelled]) -> Figure:
    """Resolutions in goal categories routed to coaching; therapy and crisis count against."""
    goal_routes = router.routes([r.text for r in resolutions if r.label in data.GOAL_CATEGORIES])
    return _share(
        "routed coaching or both (therapy and crisis count against)",
        "resolution tweets in goal categories, hidden rows",
        _each(goal_routes, lambda route: route in {"coaching", "both"}),
        "≥ 0.90",
        0.90,
    )


def _without_risk(questions: Sequence[data.Labelled], path: Path) -> list[data.Labelled]:
    """The questions the hand labels find no risk words in."""
    if not path.is_file():
        raise InvalidInput("risk-labels", f"{path} is missing")
    with path.open(encoding="utf-8", newline="") as handle:
        labels = {row["questionID"]: row["risk"] for row in csv.DictReader(handle)}
    missing = [q.id for q in questions if q.id not in labels]
    if missing:
        raise InvalidInput("risk-labels", f"question {missing[0]} has no risk label in {path}")
    return [q for q in questions if labels[q.id] == "none"]


Levels = tuple[list[RiskLevel], list[RiskLevel]]  # the model's, then the baseline's


class _Router:
    """Reads texts the way the assessment does, for the model and for the keyword baseline."""

    def __init__(self, classifier: TextClassifier) -> None:
        self.classifier = classifier

    def levels(self, texts: Sequence[str]) -> Levels:
        model = [p.level or RiskLevel.NONE for p in self.classifier.classify(Task.CRISIS, texts)]
        return model, [keyword_level(text) for text in texts]

    def routes(self, texts: Sequence[str]) -> tuple[list[str], list[str]]:
        """`crisis` only when acute, as in the assessment; otherwise the need label."""
        embedded = self.classifier.embed(texts)
        model = []
        for each in embedded:
            crisis = self.classifier.predict(Task.CRISIS, each)
            need = self.classifier.predict(Task.NEED, each)
            model.append(CRISIS if crisis.level is RiskLevel.ACUTE else need.label)
        baseline = [
            CRISIS if keyword_level(text) is RiskLevel.ACUTE else keyword_label(Task.NEED, text)
            for text in texts
        ]
        return model, baseline


def flagged_by(classifier: TextClassifier, texts: Sequence[str]) -> tuple[list[bool], list[bool]]:
    """Which texts the crisis check flags (`check` or above), and which the keyword baseline
    does: the decision every *flagged* row of the evaluation counts."""
    return _flagged(_Router(classifier).levels(texts))


def _flagged(levels: Levels) -> tuple[list[bool], list[bool]]:
    model, baseline = levels
    return [level.flagged for level in model], [level.flagged for level in baseline]


def _acute(levels: Levels) -> tuple[list[bool], list[bool]]:
    model, baseline = levels
    return [lvl is RiskLevel.ACUTE for lvl in model], [lvl is RiskLevel.ACUTE for lvl in baseline]


def _reported(measure: str, about: str, hits: tuple[list[bool], list[bool]]) -> Figure:
    model, baseline = (sum(side) / len(side) if side else 0.0 for side in hits)
    return Figure(measure, about, len(hits[0]), model, baseline, "none (reported)", None)


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
        "nothing here was trained, tuned or thresholded on. *Flagged* is a risk level of "
        "`check` or above (the lines and the ASQ are shown); *acute* takes over the page. A "
        "text is routed `crisis` only when acute, otherwise by the need classifier, and crisis "
        "routes are counted on rows of their own. The baseline reads the phrase list without "
        "its frame and routes with word lists (src/crossroads/text/baseline.py). The hand "
        "labels that pick the CounselChat questions carrying no risk words are in "
        "benchmarks/labels/. For speed the baseline is the bare embedding model on the same "
        "texts in the same run.",
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
