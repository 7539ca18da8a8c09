"""Turn the submitted assessment form into the shared input format.

Each questionnaire is all or nothing: a section left blank is skipped, a section half
answered is refused with a message that says which question is missing.
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
from crossroads.kernel.errors import InvalidAnswer

FULL_FORM = (PHQ9, GAD7, WHO5)
SHORT_FORM = (PHQ2, GAD2)
FREE_FIELDS = ("goal", "text")


def answers_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """The input object for `parse_answers`; range and type checks stay with the domain."""
    raw: dict[str, Any] = {}
    for instrument in (*FULL_FORM, *SHORT_FORM):
        answers = _section(form, instrument)
        if answers is not None:
            raw[instrument.key] = answers
    trauma = _trauma(form)
    if trauma is not None:
        raw["pcptsd5"] = trauma
    for key in (*FREE_FIELDS, "area", "region"):
        if form.get(key, "").strip():
            raw[key] = form[key]
    if form.get("steady", "").strip():
        raw["steady"] = _whole_number(form["steady"], "steady")
    if form.get("stuck_pattern") in {"yes", "no"}:
        raw["stuck_pattern"] = form["stuck_pattern"] == "yes"
    return raw


def _section(form: Mapping[str, str], instrument: Instrument) -> list[int] | None:
    given = [form.get(f"{instrument.key}_{n}", "") for n in range(len(instrument.items))]
    if not any(given):
        return None
    for number, value in enumerate(given, 1):
        if not value:
            raise InvalidAnswer(
                instrument.key,
                f"question {number} of the {instrument.name} has no answer; answer every "
                "question in this section, or leave the whole section blank",
            )
    return [_whole_number(value, instrument.key) for value in given]


def _trauma(form: Mapping[str, str]) -> dict[str, Any] | None:
    exposure = form.get("pcptsd5_exposure", "")
    items = [form.get(f"pcptsd5_{n}", "") for n in range(len(PCPTSD5.items))]
    if not exposure and not any(items):
        return None
    if exposure not in {"yes", "no"}:
        raise InvalidAnswer(
            "pcptsd5", "answer the question about a frightening event, or leave the section blank"
        )
    if exposure == "no":
        return {"exposure": False}
    for number, value in enumerate(items, 1):
        if value not in {"yes", "no"}:
            raise InvalidAnswer(
                "pcptsd5", f"question {number} about the event has no answer; answer all five"
            )
    return {"exposure": True, "items": [value == "yes" for value in items]}


def _whole_number(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidAnswer(field, f"must be a whole number, got {value!r}") from None
