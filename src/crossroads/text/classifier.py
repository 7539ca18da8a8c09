"""Read what a person wrote for three things: the support it points to (`need`), whether it
signals a crisis (`crisis`), and the kind of coping it describes (`coping`).

Each task is a head over sentence embeddings and word buckets (features.py): linear for need
and coping, linear beside a small neural network for crisis (network.py), trained by
`crossroads train` and shipped as model/classifiers.json (see model/MODEL_CARD.md). Texts are
split into sentences; a text's vector is the mean of its sentences' vectors, and every
sentence is scored on its own too, so a prediction can quote the sentence that drove it.

Crisis is the union of the model and the assessment's phrase lexicon, read in its frame
(kernel/safety.py): a phrase the frame keeps gives its level (`check` or `acute`) whatever the
model says, a model flag alone gives `check`, and the label is `crisis` at either. The model
flags a text when the text or any passage in it reaches the head's recall-first threshold. A
passage is PASSAGE_SENTENCES consecutive sentences: read alone, a short fragment ("I deserve
it.", "Been putting this off too long.") loses the sentences that make it harmless, while a
long post can hide one worrying passage in its average. The evidence quotes the most worrying
sentence of each flagged passage.
"""

import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.risk import RiskLevel, highest
from crossroads.kernel.safety import read_phrases, set_aside_unframed
from crossroads.text.embedding import Embedder, Vectors
from crossroads.text.features import Buckets, known_positions, word_buckets
from crossroads.text.network import Network
from crossroads.text.sentences import split_sentences

ARTIFACT = Path(__file__).parent / "model" / "classifiers.json"
BATCH_SIZE = 64
CRISIS, SAFE = "crisis", "safe"
MAX_MODEL_EVIDENCE = 3  # sentences quoted for a crisis flag; the lexicon's phrases all show
PASSAGE_SENTENCES = 3


class Task(StrEnum):
    NEED = "need"
    CRISIS = "crisis"
    COPING = "coping"


LABELS: dict[Task, tuple[str, ...]] = {
    Task.NEED: ("therapy", "coaching", "both"),
    Task.CRISIS: (CRISIS, SAFE),
    Task.COPING: ("adaptive", "avoidance", "substance", "overwork", "people_pleasing"),
}

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Head:
    """A calibrated classifier over a text's embedding and its word buckets:
    softmax((vector · weights + word_weight · Σ bucket_weights / √buckets + bias
    + network(vector)) / temperature), where the network term is there only for a head that
    has one (crisis: a one-hidden-layer network over the embedding, network.py).

    Only buckets seen in training carry weights (`buckets`, sorted, one row of `bucket_weights`
    each). `threshold` is set only for crisis: the probability at which the model flags.
    """

    labels: tuple[str, ...]
    weights: Floats  # DIMENSIONS rows, one column per label
    bias: Floats
    temperature: float
    word_weight: float = 0.0
    buckets: Buckets = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    bucket_weights: Floats = field(default_factory=lambda: np.zeros((0, 0)))
    threshold: float | None = None
    network: Network | None = None

    def probabilities(self, vectors: Vectors, words: Sequence[Buckets]) -> Floats:
        """One row per text: `vectors` holds their embeddings, `words` their word buckets."""
        logits = self.logits(vectors, words) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probabilities: Floats = exp / exp.sum(axis=1, keepdims=True)
        return probabilities

    def logits(self, vectors: Vectors, words: Sequence[Buckets]) -> Floats:
        """The scores before temperature and softmax, one row per text."""
        logits: Floats = vectors.astype(np.float64) @ self.weights + self.bias
        if self.word_weight:
            logits += self.word_weight * np.stack([self._words(each) for each in words])
        if self.network is not None:
            logits += self.network.logits(vectors)
        return logits

    def _words(self, buckets: Buckets) -> Floats:
        total: Floats = self.bucket_weights[known_positions(self.buckets, buckets)].sum(axis=0)
        scaled: Floats = total / max(float(np.sqrt(len(buckets))), 1.0)
        return scaled

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "temperature": round(self.temperature, 6),
            "threshold": None if self.threshold is None else round(self.threshold, 6),
            "bias": _rounded(self.bias.tolist()),
            "weights": _rounded(self.weights.tolist()),
            "word_weight": self.word_weight,
            "buckets": self.buckets.tolist(),
            "bucket_weights": _rounded(self.bucket_weights.tolist()),
            "network": None if self.network is None else _rounded(self.network.as_lists()),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Head":
        labels = tuple(data["labels"])
        return cls(
            labels=labels,
            weights=np.array(data["weights"], dtype=np.float64),
            bias=np.array(data["bias"], dtype=np.float64),
            temperature=float(data["temperature"]),
            word_weight=float(data["word_weight"]),
            buckets=np.array(data["buckets"], dtype=np.int64),
            bucket_weights=np.array(data["bucket_weights"], dtype=np.float64).reshape(
                -1, len(labels)
            ),
            threshold=None if data["threshold"] is None else float(data["threshold"]),
            # Artifacts written before the crisis head gained its network have no such key.
            network=None if data.get("network") is None else Network.from_lists(data["network"]),
        )


def _rounded(values: Any) -> Any:
    """Five decimals keep the artifact small and byte-for-byte reproducible."""
    if isinstance(values, dict):
        return {key: _rounded(value) for key, value in values.items()}
    if isinstance(values, list):
        return [_rounded(value) for value in values]
    return round(float(values), 5)


def heads_to_json(heads: dict[Task, Head]) -> str:
    """Compact JSON, one line per head."""
    lines = [
        f"{json.dumps(task.value)}:{json.dumps(heads[task].as_dict(), separators=(',', ':'))}"
        for task in Task
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def load_heads(path: Path = ARTIFACT) -> dict[Task, Head]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {task: Head.from_dict(data[task.value]) for task in Task}


@dataclass(frozen=True)
class Prediction:
    """`level` is set for crisis alone: `none`, `check` or `acute`."""

    label: str
    scores: dict[str, float]
    evidence: tuple[str, ...]
    level: RiskLevel | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"label": self.label, "scores": self.scores}
        if self.level is not None:
            found["level"] = str(self.level)
        return found | {"evidence": list(self.evidence)}


@dataclass(frozen=True)
class Embedded:
    """A text's sentences with their vectors and word buckets, the same for its passages (the
    i-th holds PASSAGE_SENTENCES sentences from sentence i, or all of a shorter text), and the
    text's own vector and word buckets. Every vector of several sentences is their mean."""

    sentences: tuple[str, ...]
    sentence_vectors: Vectors
    sentence_words: tuple[Buckets, ...]
    passage_vectors: Vectors
    passage_words: tuple[Buckets, ...]
    vector: Vectors  # one row
    words: Buckets
    # The same text with the risk phrases its frame sets aside (denied, someone else's,
    # resolved, imagined) taken out, as the crisis head reads it; None when it holds none.
    without_negated: "Embedded | None" = None

    def read_by(self, task: Task) -> "Embedded":
        if task is Task.CRISIS and self.without_negated is not None:
            return self.without_negated
        return self

    def risk_phrases(self) -> tuple[tuple[str, RiskLevel], ...]:
        """The lexicon's half of the crisis union: every risk phrase its frame keeps in the
        text, each once with its highest level, in the order written."""
        levels: dict[str, RiskLevel] = {}
        for hit in read_phrases(" ".join(self.sentences)):
            if hit.level.flagged:
                levels[hit.phrase] = highest((levels.get(hit.phrase, hit.level), hit.level))
        return tuple(levels.items())

    def similarity(self, other: "Embedded") -> float:
        """The cosine similarity of the two texts' vectors: 1 for the same meaning."""
        a, b = self.vector.ravel(), other.vector.ravel()
        norms = float(np.linalg.norm(a) * np.linalg.norm(b))
        return float(a @ b) / norms if norms else 0.0

    def probabilities(self, head: "Head") -> tuple[Floats, Floats]:
        """The head's probabilities for the whole text (one row) and for each sentence."""
        whole = head.probabilities(self.vector, [self.words])[0]
        return whole, head.probabilities(self.sentence_vectors, self.sentence_words)


@dataclass(frozen=True)
class _CrisisScores:
    """The crisis model's probabilities for a text: `text` is the higher of the whole text's
    and its most worrying passage's; `passages[i]` is the passage starting at sentence i."""

    text: float
    sentences: Floats
    passages: Floats

    def top_sentence(self, span: slice = slice(None)) -> int:
        """The index of the most worrying sentence in `span` (in the whole text by default)."""
        return (span.start or 0) + int(np.argmax(self.sentences[span]))


class TextClassifier:
    """Classifies batches of texts; thread-safe, and the model loads on first use."""

    def __init__(self, embedder: Embedder, heads: dict[Task, Head]) -> None:
        self.embedder = embedder
        self.heads = heads

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        """Split every text into sentences and embed each distinct sentence once, in batches
        of similar length so little time goes on padding. A sentence holding a plainly negated
        risk phrase its frame sets aside is embedded a second time without it, for the crisis
        head."""
        split = [_sentences_of(text) for text in texts]
        masked = [tuple(set_aside_unframed(s) for s in sentences) for sentences in split]
        wanted = {s for sentences in split + masked for s in sentences}
        distinct = sorted(wanted, key=len)
        vectors: dict[str, Vectors] = {}
        for start in range(0, len(distinct), BATCH_SIZE):
            batch = distinct[start : start + BATCH_SIZE]
            vectors.update(zip(batch, self.embedder.embed(batch), strict=True))
        embedded = []
        for text, sentences, without in zip(texts, split, masked, strict=True):
            whole = _embedded(text, sentences, vectors)
            if without != sentences:
                read = _embedded(" ".join(without), without, vectors)
                whole = replace(whole, without_negated=replace(read, sentences=sentences))
            embedded.append(whole)
        return embedded

    def classify(self, task: Task, texts: Sequence[str]) -> list[Prediction]:
        return [self.predict(task, each) for each in self.embed(texts)]

    def predict(self, task: Task, embedded: Embedded) -> Prediction:
        if task is Task.CRISIS:
            return self._crisis(embedded)
        head = self.heads[task]
        whole, per_sentence = embedded.probabilities(head)
        best = int(np.argmax(whole))
        driver = embedded.sentences[int(np.argmax(per_sentence[:, best]))]
        return Prediction(head.labels[best], _scores(head.labels, whole), (driver,))

    def model_flags(self, embedded: Embedded) -> tuple[float, tuple[str, ...]]:
        """The crisis model alone: its score for the text (the higher of the whole text's
        and the most worrying passage's) and, when that reaches the threshold, the most
        worrying sentence of each passage that does, most worrying first. When only the whole
        text reaches it, its top sentence is named."""
        scores = self._crisis_scores(embedded)
        return scores.text, self._flagged(embedded, scores)

    def _flagged(self, embedded: Embedded, scores: _CrisisScores) -> tuple[str, ...]:
        head = self.heads[Task.CRISIS]
        threshold = head.threshold if head.threshold is not None else 0.5
        if scores.text < threshold:
            return ()
        flagged = [
            scores.top_sentence(slice(start, start + PASSAGE_SENTENCES))
            for start in np.argsort(-scores.passages, kind="stable").tolist()
            if scores.passages[start] >= threshold
        ]
        return _distinct(embedded.sentences[i] for i in flagged or [scores.top_sentence()])

    def _crisis_scores(self, embedded: Embedded) -> _CrisisScores:
        head = self.heads[Task.CRISIS]
        column = head.labels.index(CRISIS)
        read = embedded.read_by(Task.CRISIS)
        whole, sentences = read.probabilities(head)
        passages = head.probabilities(read.passage_vectors, read.passage_words)[:, column]
        return _CrisisScores(
            text=max(float(whole[column]), float(passages.max())),
            sentences=sentences[:, column],
            passages=passages,
        )

    def _crisis(self, embedded: Embedded) -> Prediction:
        """The union rule: a lexicon phrase kept by its frame or a model flag makes the label
        `crisis`, at the higher of their levels (a model flag is a `check`). The scores are the
        model's own, so a lexicon hit shows even beside a low model score. A safe text quotes
        its least worrying sentence."""
        model = self._crisis_scores(embedded)
        flagged = self._flagged(embedded, model)
        phrases = embedded.risk_phrases()
        scores = {CRISIS: round(model.text, 4), SAFE: round(1 - model.text, 4)}
        if phrases or flagged:
            level = highest([lvl for _, lvl in phrases] + [RiskLevel.CHECK] * bool(flagged))
            evidence = tuple(p for p, _ in phrases) + flagged[:MAX_MODEL_EVIDENCE]
            return Prediction(CRISIS, scores, evidence, level)
        calmest = embedded.sentences[int(np.argmin(model.sentences))]
        return Prediction(SAFE, scores, (calmest,), RiskLevel.NONE)


def _sentences_of(text: str) -> tuple[str, ...]:
    sentences = tuple(split_sentences(text))
    if not sentences:
        raise InvalidInput("text", "is empty: there is nothing to read")
    return sentences


def _embedded(text: str, sentences: tuple[str, ...], vectors: dict[str, Vectors]) -> Embedded:
    rows = np.stack([vectors[sentence] for sentence in sentences])
    weights = np.array([len(sentence.split()) for sentence in sentences], dtype=np.float32)
    vector, words = _mean(rows, weights)[None, :], word_buckets(text)
    passage_words: tuple[Buckets, ...] = (words,)
    passage_vectors = vector  # up to PASSAGE_SENTENCES sentences, the text is its one passage
    if len(sentences) > PASSAGE_SENTENCES:
        starts = range(len(sentences) - PASSAGE_SENTENCES + 1)
        spans = [slice(start, start + PASSAGE_SENTENCES) for start in starts]
        passage_vectors = np.stack([_mean(rows[span], weights[span]) for span in spans])
        passage_words = tuple(word_buckets(" ".join(sentences[span])) for span in spans)
    return Embedded(
        sentences=sentences,
        sentence_vectors=rows,
        sentence_words=tuple(word_buckets(sentence) for sentence in sentences),
        passage_vectors=passage_vectors,
        passage_words=passage_words,
        vector=vector,
        words=words,
    )


def _mean(rows: Vectors, weights: npt.NDArray[np.float32]) -> Vectors:
    """The rows' mean, weighted by their sentences' length in words, at unit length."""
    mean = (rows * weights[:, None]).sum(axis=0) / weights.sum()
    unit: Vectors = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
    return unit


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _scores(labels: tuple[str, ...], probabilities: Floats) -> dict[str, float]:
    return {label: round(float(p), 4) for label, p in zip(labels, probabilities, strict=True)}


_shared: TextClassifier | None = None
_shared_lock = threading.Lock()


def shared_classifier() -> TextClassifier:
    """One classifier per process; its model still loads only when first used."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = TextClassifier(Embedder(), load_heads())
        return _shared
