"""The Ask Suicide-Screening Questions (ASQ): the confirming screener asked when a signal needs
asking, and how its published rule turns answers into a risk level.

Source: National Institute of Mental Health, ASQ Suicide Risk Screening Toolkit
(https://www.nimh.nih.gov/research/research-conducted-at-nimh/asq-toolkit-materials), validated
in Horowitz et al., Arch Pediatr Adolesc Med 2012;166(12):1170-1176 (youth, emergency
department) and Horowitz et al., Gen Hosp Psychiatry 2020;63:46-52 (adult medical patients).
Terms: NIMH offers the toolkit free of charge; it is a work of the U.S. federal government and
in the public domain, and NIMH's copyright policy lets its written material be reproduced
without permission provided it is not altered. The items below are verbatim; item 4's spoken
follow-ups ("How?", "When?") are for a clinician and are not asked here.

Scoring rule (ASQ information sheet): a "yes" to any of items 1-4 is a positive screen, and
item 5 is then asked to judge acuity. A "yes" to item 5 is an acute positive screen (imminent
risk: a full safety evaluation now); a "no" is a non-acute positive screen (potential risk: a
brief safety assessment soon). "No" to items 1-4 is a negative screen and item 5 is not needed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from crossroads.kernel.errors import InvalidAnswer
from crossroads.kernel.risk import RiskLevel

KEY = "asq"
NAME = "ASQ"

# (input key, verbatim item), in the order the toolkit asks them.
SCREENING_ITEMS = (
    ("wished_dead", "In the past few weeks, have you wished you were dead?"),
    (
        "family_better_off",
        "In the past few weeks, have you felt that you or your family would be better off if "
        "you were dead?",
    ),
    (
        "thoughts_of_killing_self",
        "In the past week, have you been having thoughts about killing yourself?",
    ),
    ("tried_before", "Have you ever tried to kill yourself?"),
)
ACUITY_ITEM = ("thoughts_right_now", "Are you having thoughts of killing yourself right now?")
ITEMS = (*SCREENING_ITEMS, ACUITY_ITEM)
FIELDS = tuple(key for key, _ in ITEMS)


class AsqResult(StrEnum):
    NEGATIVE = "negative"
    NON_ACUTE_POSITIVE = "non-acute positive"
    ACUTE_POSITIVE = "acute positive"

    @property
    def level(self) -> RiskLevel:
        return _LEVELS[self]


_LEVELS = {
    AsqResult.NEGATIVE: RiskLevel.NONE,
    AsqResult.NON_ACUTE_POSITIVE: RiskLevel.URGENT,
    AsqResult.ACUTE_POSITIVE: RiskLevel.ACUTE,
}


@dataclass(frozen=True)
class AsqAnswers:
    wished_dead: bool
    family_better_off: bool
    thoughts_of_killing_self: bool
    tried_before: bool
    thoughts_right_now: bool | None = None

    @property
    def any_yes(self) -> bool:
        return any(getattr(self, key) for key, _ in SCREENING_ITEMS)

    def as_dict(self) -> dict[str, bool | None]:
        return {key: getattr(self, key) for key, _ in ITEMS}


def score_asq(answers: AsqAnswers) -> AsqResult:
    """The toolkit's rule: any yes to items 1-4 is positive, and item 5 decides acuity. A yes
    to item 5 is acute even when items 1-4 were all answered no: it is asked to be believed."""
    if answers.thoughts_right_now:
        return AsqResult.ACUTE_POSITIVE
    if answers.any_yes:
        return AsqResult.NON_ACUTE_POSITIVE
    return AsqResult.NEGATIVE


def parse_asq(value: object) -> AsqAnswers | None:
    """The `asq` input object, or InvalidAnswer naming the field. Item 5 may be left out (null)
    only when items 1-4 are all no; after any yes it must be answered, as the toolkit asks."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidAnswer(KEY, 'must be an object like {"wished_dead": false, ...}')
    unknown = sorted(set(value) - set(FIELDS))
    if unknown:
        raise InvalidAnswer(f"{KEY}.{unknown[0]}", f"unknown field; use {', '.join(FIELDS)}")
    screening = {}
    for key, _ in SCREENING_ITEMS:
        answer = value.get(key)
        if not isinstance(answer, bool):
            raise InvalidAnswer(f"{KEY}.{key}", "must be true or false")
        screening[key] = answer
    right_now = value.get(ACUITY_ITEM[0])
    if right_now is not None and not isinstance(right_now, bool):
        raise InvalidAnswer(f"{KEY}.{ACUITY_ITEM[0]}", "must be true, false or null")
    answers = AsqAnswers(**screening, thoughts_right_now=right_now)
    if answers.any_yes and right_now is None:
        raise InvalidAnswer(
            f"{KEY}.{ACUITY_ITEM[0]}", "must be true or false after any yes to the questions above"
        )
    return answers
