"""The text classifiers beside the keyword baseline: quality (macro-F1) on our own held-out
examples of each task, and throughput (texts per second) on the same texts. The external data
sets' figures are `crossroads evaluate`'s, in RESULTS-text.md."""

from sklearn.metrics import f1_score

from benchmarks.timing import paired_medians
from crossroads.text.baseline import keyword_label
from crossroads.text.classifier import LABELS, Task, shared_classifier
from crossroads.text.pipeline.training import held_out_sets

RUNS = 3


def section() -> tuple[list[str], bool]:
    classifier = shared_classifier()
    lines = [
        "## Text classifiers beside the keyword baseline",
        "",
        "Our own held-out examples (a fixed fifth of each task's examples, never trained on). "
        f"Throughput is the median of {RUNS} runs over all the task's texts in one call, taken "
        "in turn with the baseline.",
        "",
        "| task | texts | macro-F1 | baseline macro-F1 | texts/s | baseline texts/s |",
        "|---|---|---|---|---|---|",
    ]
    better = True
    for task, held in held_out_sets().items():
        texts, truth = [e.text for e in held], [e.label for e in held]
        labels = list(LABELS[task])
        classifier.classify(task, texts[:4])  # load and warm up
        model = [p.label for p in classifier.classify(task, texts)]
        baseline = [keyword_label(task, text) for text in texts]
        ours, theirs = paired_medians(
            lambda task=task, texts=texts: classifier.classify(task, texts),
            lambda task=task, texts=texts: [keyword_label(task, text) for text in texts],
            RUNS,
        )
        f1 = float(f1_score(truth, model, labels=labels, average="macro"))
        baseline_f1 = float(f1_score(truth, baseline, labels=labels, average="macro"))
        better = better and f1 > baseline_f1
        lines.append(
            f"| {Task(task)} | {len(texts)} | {f1:.3f} | {baseline_f1:.3f} "
            f"| {len(texts) / ours:,.0f} | {len(texts) / theirs:,.0f} |"
        )
    lines += [
        "",
        "The model is slower than word lists by design; what it buys is the quality column.",
        "",
    ]
    return lines, better
