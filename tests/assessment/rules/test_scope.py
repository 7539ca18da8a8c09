"""Which questionnaires a practitioner may see, and a result as a practitioner without the
clinical grant sees it: its route, reasons and safety screen, the WHO-5, and no clinical score
or band anywhere."""

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from crossroads.assessment.rules.alerts import Alert, AlertKind
from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.result import Result, RouteReason, assess, result_of
from crossroads.assessment.rules.scope import (
    CLINICAL,
    Scope,
    clinical_named,
    without_clinical_answers,
    without_clinical_scores,
)
from crossroads.assessment.rules.signals import Dimension
from crossroads.assessment.rules.triage import ROUTE_EXPLANATIONS, Route
from crossroads.kernel.risk import RiskLevel

TAKEN = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
CLINICAL_NAMES = ("PHQ-9", "GAD-7", "PC-PTSD-5", "PHQ-2", "GAD-2")
EVERY_QUESTIONNAIRE = {
    "phq9": [2, 2, 2, 2, 1, 2, 1, 1, 1],  # 14, moderate, item 9 answered 1
    "gad7": [2, 2, 2, 2, 2, 0, 0],  # 10, moderate
    "who5": [1, 1, 1, 1, 1],  # 20 %
    "pcptsd5": {"exposure": True, "items": [True, True, True, False, False]},
    "goal": "Finish my degree this year",
    "area": "career",
    "region": "GB",
}


def result_for(raw: dict[str, object]) -> Result:
    return result_of(assess(parse_answers(raw)))


def cited(result: Result) -> str:
    """Everything a reader of the result sees, as one text."""
    return json.dumps(result.as_dict())


def test_a_result_without_clinical_scores_keeps_its_route_and_the_who5() -> None:
    full = result_for(EVERY_QUESTIONNAIRE)
    scores = ("PHQ-9 (mood): a total of 14", "GAD-7 (worry): a total of 10", "PC-PTSD-5 (after")
    assert all(score in cited(full) for score in scores)

    seen = without_clinical_scores(full)

    assert seen.route is full.route is Route.BOTH
    assert set(seen.measures) == {"who5"}
    assert seen.scores.who5 == full.scores.who5
    text = cited(seen)
    assert not any(f"{name} (" in text or f"{name}:" in text for name in CLINICAL_NAMES)
    assert "a total of" not in text
    assert "moderate" not in text
    assert "WHO-5 (wellbeing): 20 out of 100" in text


def test_the_safety_screen_stays_whole() -> None:
    full = result_for(EVERY_QUESTIONNAIRE)

    seen = without_clinical_scores(full)

    assert seen.risk == full.risk
    assert seen.risk is not None
    assert seen.risk.level is RiskLevel.CHECK
    safety = [r for r in seen.reasons if r.dimension == Dimension.SAFETY]
    assert safety == [r for r in full.reasons if r.dimension == Dimension.SAFETY]
    assert [r.evidence for r in safety] == [
        "Your answer to question 9 of the PHQ-9, about thoughts of being better off dead or of "
        "hurting yourself: “Several days”."
    ]
    assert (seen.crisis, seen.resources) == (full.crisis, full.resources)


def test_a_route_s_explanation_cites_no_evidence_and_stays() -> None:
    full = result_for({**EVERY_QUESTIONNAIRE, "steady": 3})
    explained = {r.text for r in full.reasons if r.evidence == ""}
    assert len(explained) == 6

    seen = without_clinical_scores(full)

    assert {r.text for r in seen.reasons if r.evidence == ""} == explained


def test_a_stored_explanation_keeps_the_evidence_that_is_not_a_clinical_score() -> None:
    """Results stored before each reason cited its own gave each explanation every piece."""
    methods = dict(ROUTE_EXPLANATIONS[Route.BOTH])[Dimension.METHODS]
    joined = "PHQ-9 total 14 of 27 (moderate); PC-PTSD-5: 3 of 5 answered yes; steady: 3 of 10"
    stored = replace(
        result_for(EVERY_QUESTIONNAIRE), reasons=(RouteReason("methods", methods, joined),)
    )

    seen = without_clinical_scores(stored)

    assert [(r.text, r.evidence) for r in seen.reasons] == [(methods, "steady: 3 of 10")]


def test_a_result_with_no_clinical_questionnaire_is_unchanged() -> None:
    full = result_for({"who5": [4, 4, 4, 4, 4], "goal": "Run a 10k", "steady": 8})

    assert without_clinical_scores(full) == full


def test_the_answers_to_clinical_questionnaires_go_and_the_rest_stay() -> None:
    answers = {**EVERY_QUESTIONNAIRE, "phq2": [1, 1], "gad2": [0, 1]}

    assert without_clinical_answers(answers) == {
        "who5": [1, 1, 1, 1, 1],
        "goal": "Finish my degree this year",
        "area": "career",
        "region": "GB",
    }


@pytest.mark.parametrize(
    ("measures", "clinical", "opened"),
    [
        (True, True, {"phq9", "gad7", "pcptsd5", "who5"}),  # a licensed therapist
        (True, False, {"who5"}),  # a coach with the assessments grant
        (False, True, {"phq9", "gad7", "pcptsd5"}),  # only the clinical grant
        (False, False, set()),
    ],
)
def test_a_scope_opens_the_wellbeing_and_the_clinical_questionnaires_apart(
    measures: bool, clinical: bool, opened: set[str]
) -> None:
    scope = Scope(measures=measures, clinical=clinical)

    assert set(scope.instruments(["phq9", "gad7", "who5", "pcptsd5"])) == opened


def worsening(instrument: str) -> Alert:
    return Alert(AlertKind.WORSENING, "went from 4 to 10", "m-1", TAKEN, instrument)


@pytest.mark.parametrize(
    ("alert", "coach", "only_clinical"),
    [
        (Alert(AlertKind.SAFETY, "The safety screen came out urgent", "a-1", TAKEN), True, False),
        (worsening("phq9"), False, True),
        (worsening("pcptsd5"), False, True),
        (worsening("who5"), True, False),
    ],
)
def test_a_coach_sees_safety_alerts_and_wellbeing_worsening_only(
    alert: Alert, coach: bool, only_clinical: bool
) -> None:
    assert Scope(measures=True, clinical=False).sees(alert) is coach
    assert Scope(measures=False, clinical=True).sees(alert) is only_clinical
    assert Scope(measures=True, clinical=True).sees(alert)


def test_the_clinical_questionnaires_are_named_as_people_read_them() -> None:
    assert sorted(CLINICAL) == ["gad2", "gad7", "pcptsd5", "phq2", "phq9"]
    named = ("PHQ-9", "GAD-7", "PC-PTSD-5", "WHO-5")
    assert [clinical_named(name) for name in named] == [True, True, True, False]
