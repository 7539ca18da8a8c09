"""The classification contract `crossroads classify` and `POST /api/v1/classify/{task}` share.

Input is one `{"id": ..., "text": ...}` object a line; output one
`{"id": ..., "label": ..., "scores": {label: probability}, "evidence": [str]}` per input, in
the same order. Every malformed line is reported by number before anything is classified, so
a caller never receives a partial result.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crossroads.assessment.rules.reading import TextReading
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.risk import By, RiskLevel, RiskReason, RiskScreen
from crossroads.kernel.safety import screen_risk
from crossroads.text.classifier import Embedded, TextClassifier, shared_classifier
from crossroads.text.classifier import Task as Task  # the tasks, for the CLI and the API

MAX_TEXT_CHARS = 50_000


@dataclass(frozen=True)
class Item:
    id: str | int
    text: str


class MalformedLines(InvalidInput):
    """One or more input lines cannot be read; `problems` holds (line number, what is wrong)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("input", "; ".join(f"line {n}: {p}" for n, p in problems))
        self.problems = problems


def parse_task(name: str) -> Task:
    try:
        return Task(name)
    except ValueError:
        choices = ", ".join(task.value for task in Task)
        raise InvalidInput("task", f"{name!r} is not one of {choices}") from None


def parse_items(lines: Iterable[str]) -> list[Item]:
    """Read JSON Lines; blank lines are skipped. Raises MalformedLines naming every bad line."""
    items: list[Item] = []
    problems: list[tuple[int, str]] = []
    seen: set[str | int] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = parse_item(json.loads(line))
        except json.JSONDecodeError as error:
            problems.append((number, f"not valid JSON ({error.msg})"))
            continue
        except InvalidInput as error:
            problems.append((number, str(error)))
            continue
        if item.id in seen:
            problems.append((number, f"id {item.id!r} appears twice"))
        seen.add(item.id)
        items.append(item)
    if problems:
        raise MalformedLines(problems)
    return items


def parse_batch(raw_items: Sequence[Any]) -> list[Item]:
    """Items from decoded JSON, as the API receives them: each checked like a line, and no
    id twice."""
    items = [parse_item(raw) for raw in raw_items]
    ids = [item.id for item in items]
    for identifier in ids:
        if ids.count(identifier) > 1:
            raise InvalidInput("items", f"id {identifier!r} appears twice")
    return items


def parse_item(raw: Any) -> Item:
    """One item from decoded JSON: an object with an `id` (string or whole number) and a
    non-empty `text`; other keys are ignored."""
    if not isinstance(raw, dict):
        raise InvalidInput("line", 'expected an object like {"id": ..., "text": ...}')
    if "id" not in raw:
        raise InvalidInput("id", "is missing")
    identifier = raw["id"]
    if isinstance(identifier, bool) or not isinstance(identifier, str | int):
        raise InvalidInput("id", "must be a string or a whole number")
    text = raw.get("text")
    if not isinstance(text, str):
        raise InvalidInput("text", "must be a string")
    if not text.strip():
        raise InvalidInput("text", "is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput("text", f"is longer than {MAX_TEXT_CHARS} characters")
    return Item(identifier, text)


def read_free_text(
    texts: Mapping[str, str], classifier: TextClassifier | None = None
) -> TextReading:
    """What the assessment needs from the text model: the sentences the crisis model flags in
    each field, and the need classifier's reading of all the fields together."""
    if not texts:
        return TextReading()
    classifier = classifier or shared_classifier()
    fields = list(texts)
    *each, together = classifier.embed([texts[f] for f in fields] + ["\n".join(texts.values())])
    need = classifier.predict(Task.NEED, together)
    return TextReading(_model_risk(classifier, fields, each), need.scores, need.evidence[0])


def screen_writing(
    texts: Mapping[str, str],
    classifier: TextClassifier | None = None,
    embedded: Mapping[str, Embedded] | None = None,
) -> RiskScreen:
    """The risk screen for anything a person writes outside the assessment (a goal, a
    check-in, an answer in the coaching conversation, a journal entry): the phrase list in its
    frame and the text model together, field by field. Blank fields are skipped. Fields the
    caller already embedded (`embedded`, by field) are not embedded again."""
    written = {field: text for field, text in texts.items() if text.strip()}
    if not written:
        return RiskScreen()
    classifier = classifier or shared_classifier()
    known = dict(embedded or {})
    missing = [field for field in written if field not in known]
    known.update(zip(missing, classifier.embed([written[f] for f in missing]), strict=True))
    fields = list(written)
    return screen_risk(written, model=_model_risk(classifier, fields, [known[f] for f in fields]))


def _model_risk(
    classifier: TextClassifier, fields: Sequence[str], embedded: Sequence[Embedded]
) -> tuple[RiskReason, ...]:
    """A model flag is a question to ask (`check`), never more on its own."""
    return tuple(
        RiskReason(field, By.MODEL, sentence, RiskLevel.CHECK)
        for field, each in zip(fields, embedded, strict=True)
        for sentence in classifier.model_flags(each)[1]
    )


def classify_items(
    task: Task, items: Sequence[Item], classifier: TextClassifier | None = None
) -> list[dict[str, Any]]:
    classifier = classifier or shared_classifier()
    predictions = classifier.classify(task, [item.text for item in items])
    return [
        {"id": item.id, **prediction.as_dict()}
        for item, prediction in zip(items, predictions, strict=True)
    ]
