"""The result: the named fields every layer reads, and `as_dict`, the shape the CLI, the API and
stored results share."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.result import Result, assess, assessment_as_dict, result_of
from crossroads.assessment.rules.triage import Route
from crossroads.kernel.resources import CHECKED, INTERNATIONAL
from crossroads.kernel.risk import RiskLevel
from tests.strategies import valid_input

GOAL = "Start my own design studio"
ALL_QUESTIONNAIRES = {
    "phq9": [1, 1, 1, 1, 1, 1, 0, 0, 0],
    "gad7": [2, 2, 2, 2, 2, 0, 0],
    "who5": [3, 3, 3, 3, 3],
    "pcptsd5": {"exposure": True, "items": [True, True, False, False, False]},
}


def result(**raw: object) -> dict[str, object]:
    return assessment_as_dict(assess(parse_answers(raw)))


def test_the_result_has_exactly_the_contract_keys():
    assert set(result(goal=GOAL, steady=7)) == {
        "route",
        "crisis",
        "risk",
        "measures",
        "reasons",
        "missing",
        "resources",
        "disclaimer",
    }


def test_the_result_is_plain_json_data():
    outcome = result(**ALL_QUESTIONNAIRES, goal=GOAL, region="AU")
    assert json.loads(json.dumps(outcome)) == outcome


def test_measures_hold_only_the_questionnaires_given():
    assert set(result(gad7=[0] * 7, goal=GOAL)["measures"]) == {"gad7"}
    assert result(goal=GOAL, steady=6)["measures"] == {}


def test_each_measure_has_its_exact_sub_keys():
    measures = result(**ALL_QUESTIONNAIRES, goal=GOAL)["measures"]
    assert measures == {
        "phq9": {"score": 6, "band": "mild", "item9": 0},
        "gad7": {"score": 10, "band": "moderate"},
        "who5": {"raw": 15, "percent": 60, "band": "good wellbeing"},
        "pcptsd5": {"score": 2, "positive": False},
    }


def test_short_form_measures_have_score_and_positive():
    measures = result(phq2=[2, 1], gad2=[1, 1])["measures"]
    assert measures == {
        "phq2": {"score": 3, "positive": True},
        "gad2": {"score": 2, "positive": False},
    }


def test_trauma_items_without_an_event_are_measured_as_0_and_negative():
    trauma = {"exposure": False, "items": [True] * 5}
    assert result(pcptsd5=trauma)["measures"] == {"pcptsd5": {"score": 0, "positive": False}}


def test_route_and_reasons_are_plain_strings():
    outcome = result(phq9=[3, 3, 3, 3, 0, 0, 0, 0, 0])
    assert outcome["route"] == "therapy"
    assert outcome["crisis"] is False
    assert outcome["missing"] == []
    for reason in outcome["reasons"]:
        assert set(reason) == {"dimension", "text", "evidence", "title"}
        assert all(isinstance(value, str) for value in reason.values())


def test_item9_asks_the_screener_and_keeps_the_result():
    outcome = result(phq9=[0, 0, 0, 0, 0, 0, 0, 0, 1], goal=GOAL, steady=9)
    assert (outcome["route"], outcome["crisis"]) == ("coaching", False)
    assert outcome["risk"]["level"] == "check"
    assert outcome["risk"]["screener"]["needed"] is True
    assert outcome["resources"]


ASQ_NO = {
    "wished_dead": False,
    "family_better_off": False,
    "thoughts_of_killing_self": False,
    "tried_before": False,
}


def test_a_negative_asq_answers_the_check_and_keeps_the_result():
    outcome = result(phq9=[0] * 8 + [1], goal=GOAL, steady=9, asq=ASQ_NO)
    assert (outcome["route"], outcome["risk"]["level"]) == ("coaching", "check")
    assert outcome["risk"]["screener"] | {"questions": []} == {
        "name": "ASQ",
        "questions": [],
        "needed": False,
        "answered": True,
        "answers": {**ASQ_NO, "thoughts_right_now": None},
        "result": "negative",
    }


def test_a_positive_asq_is_urgent_and_never_leaves_coaching_alone():
    asq = {**ASQ_NO, "wished_dead": True, "thoughts_right_now": False}
    outcome = result(phq9=[0] * 8 + [1], goal=GOAL, steady=9, asq=asq)
    assert (outcome["route"], outcome["crisis"], outcome["risk"]["level"]) == (
        "both",
        False,
        "urgent",
    )


def test_a_yes_to_thoughts_right_now_is_a_crisis():
    asq = {**ASQ_NO, "thoughts_of_killing_self": True, "thoughts_right_now": True}
    outcome = result(phq9=[0] * 8 + [1], goal=GOAL, steady=9, asq=asq)
    assert (outcome["route"], outcome["crisis"], outcome["risk"]["level"]) == (
        "crisis",
        True,
        "acute",
    )


def test_a_first_person_plan_in_free_text_makes_the_result_a_crisis():
    text = "The pills are in my drawer and tonight is the night."
    assessment = assess(parse_answers({"goal": GOAL, "text": text}))
    assert assessment.route is Route.CRISIS
    assert assessment_as_dict(assessment)["crisis"] is True


def test_a_wish_to_be_dead_asks_rather_than_takes_over():
    assessment = assess(
        parse_answers({"goal": GOAL, "steady": 7, "text": "some days I want to die"})
    )
    assert assessment.route is Route.COACHING
    assert assessment.risk.level is RiskLevel.CHECK
    assert assessment.screener_needed


def test_an_undetermined_result_lists_what_is_missing():
    outcome = result()
    assert outcome["route"] == "undetermined"
    assert len(outcome["missing"]) == 2


def test_the_disclaimer_says_it_is_not_a_diagnosis():
    assert "not a diagnosis" in result()["disclaimer"]


@pytest.mark.parametrize(
    ("region", "first", "emergency"),
    [
        ("GB", "Samaritans", "999"),
        ("us", "988 Suicide & Crisis Lifeline", "911"),
        ("NZ", "1737, Need to talk?", "111"),
        ("FR", "Find A Helpline", "112"),
        (None, "Find A Helpline", "112"),
    ],
)
def test_resources_follow_the_region(region, first, emergency):
    raw = {"region": region} if region else {}
    resources = result(**raw)["resources"]
    assert resources[0]["name"] == first
    (emergency_entry,) = [each for each in resources if each["emergency"]]
    assert emergency_entry["contacts"][0]["value"] == emergency


def test_an_unknown_region_is_given_the_international_list():
    assert {each["region"] for each in result(region="FR")["resources"]} == {INTERNATIONAL}


def test_each_resource_has_its_contract_shape():
    for resource in result(region="US")["resources"]:
        assert set(resource) == {
            "name",
            "region",
            "description",
            "contacts",
            "hours",
            "emergency",
            "last_checked",
        }
        assert date.fromisoformat(resource["last_checked"]) == CHECKED
        for contact in resource["contacts"]:
            assert set(contact) == {"channel", "value", "instructions", "keyword"}
            assert contact["channel"] in {"call", "text", "chat"}


def test_resources_are_given_on_every_route():
    for raw in ({}, {"goal": GOAL, "steady": 8}, {"phq9": [3] * 8 + [0]}):
        assert result(**raw)["resources"]


@settings(database=None)
@given(valid_input, st.integers(1, 3))
def test_item_9_above_0_asks_whatever_else_was_answered_and_never_routes_crisis(raw, item9):
    phq9 = [*raw.get("phq9", [0] * 9)[:8], item9]

    assessment = assess(parse_answers({**raw, "phq9": phq9}))

    assert assessment.route is not Route.CRISIS
    assert assessment.risk.level is RiskLevel.CHECK


@settings(database=None)
@given(
    valid_input,
    st.sampled_from(
        ["I am going to kill myself tonight", "I bought a rope", "I wrote my goodbye note"]
    ),
)
def test_an_acute_statement_gives_crisis_whatever_else_was_answered(raw, words):
    assessment = assess(parse_answers({**raw, "text": f"Lately, honestly. {words}."}))

    assert assessment.route is Route.CRISIS
    assert assessment.risk.acute


@settings(database=None)
@given(
    valid_input,
    st.sampled_from(
        [None, {"wished_dead": True, "thoughts_right_now": False}, {"wished_dead": False}]
    ),
)
def test_a_result_reads_back_from_its_document_unchanged(raw, asq_answers):
    if asq_answers is not None:
        every = dict.fromkeys(("family_better_off", "thoughts_of_killing_self", "tried_before"))
        raw = {**raw, "asq": {**dict.fromkeys(every, False), **asq_answers}}
    shown = result_of(assess(parse_answers(raw)))

    document = json.loads(json.dumps(shown.as_dict()))

    assert Result.from_dict(document) == shown
    assert Result.from_dict(document).as_dict() == document


def test_a_result_stored_before_the_risk_levels_reads_back_without_them():
    document = result(goal=GOAL, steady=7)
    del document["risk"]

    kept = Result.from_dict(document)

    assert kept.risk is None
    assert kept.as_dict() == document


def test_the_measures_are_the_scores_of_the_questionnaires_answered_in_order():
    shown = result_of(assess(parse_answers({"who5": [3] * 5, "phq9": [1] * 9})))

    assert list(shown.measures) == ["phq9", "who5"]
    assert shown.measures["phq9"] == shown.scores.phq9
