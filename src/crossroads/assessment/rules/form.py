"""Turn the submitted assessment form into the shared input format.

Each questionnaire is all or nothing: a section left blank is skipped, a section half
answered is refused, naming every question in it that has no answer (each under its own form
field, so the page can link to it), across every section at once.
"""

from collections.abc import Mapping
from typing import Any

from crossroads.assessment.rules.instruments import (
    GAD2,
    GAD7,
    PCPTSD5,
    PHQ2,
    PHQ9,
    WHO5,
    Instrument,
)
from crossroads.kernel.errors import InvalidAnswer, Unanswered

FULL_FORM = (PHQ9, GAD7, WHO5)
SHORT_FORM = (PHQ2, GAD2)
FREE_FIELDS = ("goal", "text")


def answers_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The input object for `parse_answers`; range and type checks stay with the domain.
    Unanswered lists every question left blank in a section that was started."""
    raw: dict[str, Any] = {}
    gaps: list[tuple[str, str]] = []
    for instrument in (*FULL_FORM, *SHORT_FORM):
        answers = _section(form, instrument, gaps)
        if answers is not None:
            raw[instrument.key] = answers
    trauma = _trauma(form, gaps)
    if trauma is not None:
        raw["pcptsd5"] = trauma
    if gaps:
        (field, problem), *more = gaps
        raise Unanswered(field, problem, also=more)
    for key in (*FREE_FIELDS, "area", "region"):
        if form.get(key, "").strip():
            raw[key] = form[key]
    if form.get("steady", "").strip():
        raw["steady"] = _whole_number(form["steady"], "steady")
    if form.get("stuck_pattern") in {"yes", "no"}:
        raw["stuck_pattern"] = form["stuck_pattern"] == "yes"
    return raw


def _section(
    form: Mapping[str, str], instrument: Instrument, gaps: list[tuple[str, str]]
) -> list[int] | None:
    """The section's answers; None when it was left blank or has gaps, each added to `gaps`."""
    fields = [f"{instrument.key}_{n}" for n in range(len(instrument.items))]
    given = [form.get(field, "") for field in fields]
    if not any(given):
        return None
    missing = [
        (field, f"question {number} of the {instrument.name} has no answer")
        for number, (field, value) in enumerate(zip(fields, given, strict=True), 1)
        if not value
    ]
    gaps += missing
    return None if missing else [_whole_number(value, instrument.key) for value in given]


def _trauma(form: Mapping[str, str], gaps: list[tuple[str, str]]) -> dict[str, Any] | None:
    exposure = form.get("pcptsd5_exposure", "")
    fields = [f"pcptsd5_{n}" for n in range(len(PCPTSD5.items))]
    items = [form.get(field, "") for field in fields]
    if not exposure and not any(items):
        return None
    if exposure not in {"yes", "no"}:
        gaps.append(("pcptsd5_exposure", "the question about a frightening event has no answer"))
        return None
    if exposure == "no":
        return {"exposure": False}
    missing = [
        (field, f"question {number} about the event has no answer")
        for number, (field, value) in enumerate(zip(fields, items, strict=True), 1)
        if value not in {"yes", "no"}
    ]
    gaps += missing
    return None if missing else {"exposure": True, "items": [value == "yes" for value in items]}


def _whole_number(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidAnswer(field, f"must be a whole number, got {value!r}") from None
