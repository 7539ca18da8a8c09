"""A completed questionnaire as a FHIR R4 QuestionnaireResponse, coded with LOINC where LOINC
has codes for it, so that another clinical system can read it.

Each item's linkId is its LOINC code, and a LOINC panel is named as the questionnaire through
LOINC's own canonical form (http://loinc.org/q/<panel>), as LHC-Forms and the SDC samples do.
The codes, checked against published FHIR questionnaires:

- PHQ-9: panel 44249-1; items 44250-9, 44255-8, 44259-0, 44254-1, 44251-7, 44258-2, 44252-5,
  44253-3, 44260-8 (in the form's order, not the codes'); total 44261-6. Answers are LOINC's
  frequency list LL358-3: LA6568-5 "Not at all" (0), LA6569-3 "Several days" (1), LA6570-1
  "More than half the days" (2), LA6571-9 "Nearly every day" (3).
- GAD-7: panel 69737-5; items 69725-0, 68509-9, 69733-4, 69734-2, 69735-9, 69689-8, 69736-7;
  total 70274-6; the same answer list. (Medizininformatik-Initiative PRO questionnaire.)
- PC-PTSD-5: event question 102011-4, items 102012-2 to 102016-3, total 102017-1, as used by
  the University of Washington CIRG questionnaires; no panel code was found, so the
  questionnaire is named by our own URN.
- WHO-5: no LOINC codes were found (codes seen in the wild fail LOINC's check digit or belong
  to other instruments), so items and total carry our own linkIds and URN.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crossroads.assessment.rules.instruments import (
    GAD7,
    PCPTSD5,
    PCPTSD5_EXPOSURE,
    PHQ9,
    WHO5,
    Instrument,
)

LOINC = "http://loinc.org"
OWN = "urn:crossroads:questionnaire:"
FREQUENCY_ANSWERS = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")


@dataclass(frozen=True)
class Coding:
    """How one instrument is named in FHIR."""

    instrument: Instrument
    questionnaire: str
    items: tuple[str, ...]
    total: str
    exposure: str | None = None  # the PC-PTSD-5's event question


CODINGS = {
    "phq9": Coding(
        PHQ9,
        f"{LOINC}/q/44249-1",
        (
            *("44250-9", "44255-8", "44259-0", "44254-1", "44251-7"),
            *("44258-2", "44252-5", "44253-3", "44260-8"),
        ),
        "44261-6",
    ),
    "gad7": Coding(
        GAD7,
        f"{LOINC}/q/69737-5",
        ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
        "70274-6",
    ),
    "who5": Coding(WHO5, f"{OWN}who5", tuple(f"who5-{n}" for n in range(1, 6)), "who5-total"),
    "pcptsd5": Coding(
        PCPTSD5,
        f"{OWN}pcptsd5",
        ("102012-2", "102013-0", "102014-8", "102015-5", "102016-3"),
        "102017-1",
        exposure="102011-4",
    ),
}


def questionnaire_response(
    *, response_id: str, instrument: str, answers: Any, score: int, authored: datetime
) -> dict[str, Any]:
    """The resource as JSON-ready data. `answers` are as stored (a list of item values; for
    the PC-PTSD-5 {"exposure": bool, "items": [bool, ...]}); `score` is the scale's total
    (the WHO-5's as a percentage)."""
    coding = CODINGS[instrument]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "identifier": {"system": "urn:crossroads:measure", "value": response_id},
        "questionnaire": coding.questionnaire,
        "status": "completed",
        "authored": authored.isoformat(),
        "item": [*_items(coding, answers), _total(coding, score)],
    }


def _items(coding: Coding, answers: Any) -> list[dict[str, Any]]:
    instrument = coding.instrument
    if coding.exposure is not None:
        exposed = bool(answers["exposure"])
        event = _item(coding.exposure, PCPTSD5_EXPOSURE, {"valueBoolean": exposed})
        given = answers.get("items") or []
        return [event] + [
            _item(link, text, {"valueBoolean": bool(value)})
            for link, text, value in zip(coding.items, instrument.items, given, strict=False)
        ]
    return [
        _item(link, text, _answer(coding, value))
        for link, text, value in zip(coding.items, instrument.items, answers, strict=True)
    ]


def _answer(coding: Coding, value: int) -> dict[str, Any]:
    if coding.questionnaire.startswith(LOINC):
        label = next(c.label for c in coding.instrument.choices if c.value == value)
        code = FREQUENCY_ANSWERS[value]
        return {"valueCoding": {"system": LOINC, "code": code, "display": label}}
    return {"valueInteger": value}


def _total(coding: Coding, score: int) -> dict[str, Any]:
    text = f"{coding.instrument.name} total score"
    if coding.instrument.key == "who5":
        text = "WHO-5 percentage score (raw total x 4)"
    return _item(coding.total, text, {"valueInteger": score})


def _item(link_id: str, text: str, answer: dict[str, Any]) -> dict[str, Any]:
    return {"linkId": link_id, "text": text, "answer": [answer]}
