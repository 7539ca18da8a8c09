"""What a person tells the fit assessment, checked field by field.

One parser serves the CLI, the API and the web form, so a bad answer is refused the same way
everywhere: an InvalidAnswer naming the field, before anything is scored or stored.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from crossroads.assessment.rules.instruments import (
    GAD2,
    GAD7,
    PCPTSD5,
    PHQ2,
    PHQ9,
    WHO5,
    check_answers,
)
from crossroads.kernel.asq import AsqAnswers, parse_asq
from crossroads.kernel.errors import InvalidAnswer

MAX_GOAL_LENGTH = 1_000
MAX_TEXT_LENGTH = 10_000
STEADY_RANGE = range(0, 11)


class Area(StrEnum):
    CAREER = "career"
    LEADERSHIP = "leadership"
    BUSINESS = "business"
    HABITS_HEALTH = "habits_health"
    RELATIONSHIPS = "relationships"
    WORK_LIFE_BALANCE = "work_life_balance"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _AREA_LABELS[self]


_AREA_LABELS = {
    Area.CAREER: "Career",
    Area.LEADERSHIP: "Leadership",
    Area.BUSINESS: "Business",
    Area.HABITS_HEALTH: "Habits and health",
    Area.RELATIONSHIPS: "Relationships",
    Area.WORK_LIFE_BALANCE: "Work-life balance",
    Area.OTHER: "Something else",
}


@dataclass(frozen=True)
class TraumaAnswers:
    """PC-PTSD-5: the event question, then five yes/no items asked only after a yes."""

    exposure: bool
    items: tuple[bool, ...] | None


@dataclass(frozen=True)
class Answers:
    phq9: tuple[int, ...] | None = None
    gad7: tuple[int, ...] | None = None
    who5: tuple[int, ...] | None = None
    phq2: tuple[int, ...] | None = None
    gad2: tuple[int, ...] | None = None
    pcptsd5: TraumaAnswers | None = None
    goal: str | None = None
    area: Area | None = None
    steady: int | None = None
    stuck_pattern: bool | None = None
    text: str | None = None
    region: str | None = None
    asq: AsqAnswers | None = None

    def free_texts(self) -> dict[str, str]:
        """Everything the person wrote in their own words, by field, for the safety screen."""
        texts = {"goal": self.goal, "text": self.text}
        return {field: value for field, value in texts.items() if value}

    def as_dict(self) -> dict[str, Any]:
        """The answers in the input format, with only the fields that were given."""
        raw: dict[str, Any] = {}
        for key in ("phq9", "gad7", "who5", "phq2", "gad2"):
            value = getattr(self, key)
            if value is not None:
                raw[key] = list(value)
        if self.pcptsd5 is not None:
            trauma: dict[str, Any] = {"exposure": self.pcptsd5.exposure}
            if self.pcptsd5.items is not None:
                trauma["items"] = list(self.pcptsd5.items)
            raw["pcptsd5"] = trauma
        if self.asq is not None:
            raw["asq"] = self.asq.as_dict()
        for key in ("goal", "area", "steady", "stuck_pattern", "text", "region"):
            value = getattr(self, key)
            if value is not None:
                raw[key] = str(value) if isinstance(value, Area) else value
        return raw


def parse_answers(raw: object) -> Answers:
    """Check every field of one input object and return it as Answers, or raise InvalidAnswer."""
    if not isinstance(raw, Mapping):
        raise InvalidAnswer("input", "must be one JSON object")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise InvalidAnswer(
            str(unknown[0]), f"unknown field; known fields are {', '.join(sorted(_FIELDS))}"
        )
    for short, full in (("phq2", "phq9"), ("gad2", "gad7")):
        if raw.get(short) is not None and raw.get(full) is not None:
            raise InvalidAnswer(short, f"give either {short} or {full}, not both")
    return Answers(
        phq9=_scale_answers(raw, PHQ9.key, len(PHQ9.items)),
        gad7=_scale_answers(raw, GAD7.key, len(GAD7.items)),
        who5=_scale_answers(raw, WHO5.key, len(WHO5.items)),
        phq2=_scale_answers(raw, PHQ2.key, len(PHQ2.items)),
        gad2=_scale_answers(raw, GAD2.key, len(GAD2.items)),
        pcptsd5=_trauma_answers(raw.get(PCPTSD5.key)),
        goal=_text(raw, "goal", MAX_GOAL_LENGTH),
        area=_area(raw.get("area")),
        steady=_steady(raw.get("steady")),
        stuck_pattern=_flag(raw, "stuck_pattern"),
        text=_text(raw, "text", MAX_TEXT_LENGTH),
        region=_region(raw.get("region")),
        asq=parse_asq(raw.get("asq")),
    )


_FIELDS = frozenset(
    {"phq9", "gad7", "who5", "phq2", "gad2", "pcptsd5", "goal", "area", "steady"}
    | {"stuck_pattern", "text", "region", "asq"}
)
_INSTRUMENTS = {each.key: each for each in (PHQ9, GAD7, WHO5, PHQ2, GAD2)}
_AREAS = frozenset(area.value for area in Area)
_REGION = re.compile(r"[a-z]{2}|intl", re.IGNORECASE)


def _scale_answers(raw: Mapping[str, object], key: str, count: int) -> tuple[int, ...] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise InvalidAnswer(key, f"must be a list of {count} whole numbers")
    answers = tuple(value)
    check_answers(_INSTRUMENTS[key], answers)
    return answers


def _trauma_answers(value: object) -> TraumaAnswers | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidAnswer("pcptsd5", 'must be an object like {"exposure": true, "items": [...]}')
    unknown = sorted(set(value) - {"exposure", "items"})
    if unknown:
        raise InvalidAnswer(f"pcptsd5.{unknown[0]}", "unknown field; use exposure and items")
    exposure = value.get("exposure")
    if not isinstance(exposure, bool):
        raise InvalidAnswer("pcptsd5.exposure", "must be true or false")
    items = value.get("items")
    if items is None:
        if exposure:
            raise InvalidAnswer(
                "pcptsd5.items", "expected 5 answers after a yes to the event question"
            )
        return TraumaAnswers(exposure=False, items=None)
    if not isinstance(items, list) or len(items) != len(PCPTSD5.items):
        raise InvalidAnswer(
            "pcptsd5.items", f"must be a list of {len(PCPTSD5.items)} true/false answers"
        )
    for position, item in enumerate(items):
        if not isinstance(item, bool):
            raise InvalidAnswer(f"pcptsd5.items[{position}]", "must be true or false")
    return TraumaAnswers(exposure=exposure, items=tuple(items))


def _text(raw: Mapping[str, object], key: str, limit: int) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidAnswer(key, "must be text")
    if len(value) > limit:
        raise InvalidAnswer(key, f"must be at most {limit} characters, got {len(value)}")
    return value.strip() or None


def _area(value: object) -> Area | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in _AREAS:
        allowed = ", ".join(area.value for area in Area)
        raise InvalidAnswer("area", f"must be one of {allowed}")
    return Area(value)


def _steady(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in STEADY_RANGE:
        raise InvalidAnswer("steady", "must be a whole number from 0 to 10")
    return value


def _flag(raw: Mapping[str, object], key: str) -> bool | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, bool):
        raise InvalidAnswer(key, "must be true or false")
    return value


def _region(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _REGION.fullmatch(value):
        raise InvalidAnswer("region", 'must be a two-letter country code such as "US"')
    return value.upper()
