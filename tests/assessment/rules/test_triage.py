"""Triage: every row of TRIAGE_TABLE, its thresholds, and the reasons a person reads."""

import re

import pytest

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.scoring import score_answers
from crossroads.assessment.rules.triage import (
    TRIAGE_TABLE,
    Dimension,
    Recommendation,
    Route,
    recommend_route,
    triage_table_markdown,
)
from crossroads.kernel.safety import screen_risk

GOAL = "Move into a team lead role this year"
SIX_DIMENSIONS = {
    Dimension.PURPOSE,
    Dimension.PAST_OR_FUTURE,
    Dimension.DIAGNOSIS_OR_GOALS,
    Dimension.METHODS,
    Dimension.CREDENTIALS,
    Dimension.CONFIDENTIALITY,
}


def recommend(**raw: object) -> Recommendation:
    answers = parse_answers(raw)
    scores = score_answers(answers)
    item9 = scores.phq9.item9 if scores.phq9 is not None else None
    return recommend_route(
        scores, answers, screen_risk(answers.free_texts(), phq9_item9=item9, asq=answers.asq)
    )


def spread(total: int, count: int, top: int = 3) -> list[int]:
    """`count` in-scale answers summing to `total`, filled from the first item on."""
    answers = []
    for _ in range(count):
        answers.append(min(top, total))
        total -= answers[-1]
    return answers


def phq9(total: int, item9: int = 0) -> list[int]:
    """PHQ-9 answers with the given total and item 9; only item 9 can raise a crisis."""
    return [*spread(total - item9, 8), item9]


def gad7(total: int) -> list[int]:
    return spread(total, 7)


def pcptsd5(yes: int) -> dict[str, object]:
    return {"exposure": True, "items": [True] * yes + [False] * (5 - yes)}


def who5(percent: int) -> list[int]:
    return spread(percent // 4, 5, top=5)


# Each clinical threshold as (answers just at it, answers just below it).
THRESHOLDS = [
    pytest.param({"phq9": phq9(10)}, {"phq9": phq9(9)}, id="PHQ-9 10 vs 9"),
    pytest.param({"gad7": gad7(10)}, {"gad7": gad7(9)}, id="GAD-7 10 vs 9"),
    pytest.param({"pcptsd5": pcptsd5(3)}, {"pcptsd5": pcptsd5(2)}, id="PC-PTSD-5 3 vs 2"),
    pytest.param({"who5": who5(28)}, {"who5": who5(32)}, id="WHO-5 28% vs 32%"),
    pytest.param({"phq2": [2, 1]}, {"phq2": [1, 1]}, id="PHQ-2 3 vs 2"),
    pytest.param({"gad2": [1, 2]}, {"gad2": [1, 1]}, id="GAD-2 3 vs 2"),
]


def test_the_table_runs_crisis_both_therapy_coaching_then_undetermined():
    assert [rule.route for rule in TRIAGE_TABLE] == [
        Route.CRISIS,
        Route.BOTH,
        Route.THERAPY,
        Route.COACHING,
        Route.UNDETERMINED,
    ]


def test_item9_alone_keeps_the_route_and_adds_a_safety_reason():
    recommendation = recommend(phq9=phq9(1, item9=1), goal=GOAL, steady=9)
    assert recommendation.route is Route.COACHING
    assert Dimension.SAFETY in {reason.dimension for reason in recommendation.reasons}


def test_an_acute_statement_overrides_every_clinical_signal():
    recommendation = recommend(
        phq9=phq9(20), stuck_pattern=True, steady=1, goal="Honestly I'm going to end my life"
    )
    assert recommendation.route is Route.CRISIS
    assert [reason.evidence for reason in recommendation.reasons] == [
        "In your goal: “going to end my life”"
    ]


def test_crisis_reasons_cite_only_what_is_acute():
    recommendation = recommend(
        phq9=phq9(3, item9=3), text="I want to die. I've been self-harming. I bought a rope."
    )
    assert recommendation.route is Route.CRISIS
    assert [reason.evidence for reason in recommendation.reasons] == [
        "In your own words: “bought a rope”"
    ]


def test_a_positive_asq_with_only_a_goal_points_to_both_never_coaching_alone():
    asq = {
        "wished_dead": False,
        "family_better_off": True,
        "thoughts_of_killing_self": False,
        "tried_before": False,
        "thoughts_right_now": False,
    }
    assert recommend(goal=GOAL, steady=9, asq=asq).route is Route.BOTH
    assert recommend(steady=9, asq=asq).route is Route.THERAPY


@pytest.mark.parametrize(("at_threshold", "below"), THRESHOLDS)
def test_a_clinical_threshold_alone_without_a_goal_points_to_therapy(at_threshold, below):
    assert recommend(**at_threshold).route is Route.THERAPY


@pytest.mark.parametrize(("at_threshold", "below"), THRESHOLDS)
def test_a_clinical_threshold_with_a_goal_points_to_both(at_threshold, below):
    assert recommend(**at_threshold, goal=GOAL).route is Route.BOTH


@pytest.mark.parametrize(("at_threshold", "below"), THRESHOLDS)
def test_just_below_a_threshold_with_a_goal_points_to_coaching(at_threshold, below):
    assert recommend(**below, goal=GOAL).route is Route.COACHING


@pytest.mark.parametrize(("at_threshold", "below"), THRESHOLDS)
def test_just_below_a_threshold_without_a_goal_asks_for_a_goal(at_threshold, below):
    recommendation = recommend(**below)
    assert recommendation.route is Route.UNDETERMINED
    assert len(recommendation.missing) == 1
    assert "goal" in recommendation.missing[0]


def test_pcptsd5_items_without_a_traumatic_event_do_not_point_to_therapy():
    trauma = {"exposure": False, "items": [True] * 5}
    assert recommend(pcptsd5=trauma, goal=GOAL).route is Route.COACHING


def test_a_stuck_pattern_with_a_goal_points_to_both():
    assert recommend(stuck_pattern=True, goal=GOAL).route is Route.BOTH


def test_a_stuck_pattern_alone_points_to_therapy():
    assert recommend(stuck_pattern=True).route is Route.THERAPY


def test_no_stuck_pattern_is_not_a_signal():
    assert recommend(stuck_pattern=False, goal=GOAL, steady=7).route is Route.COACHING


@pytest.mark.parametrize("steady", [0, 4])
def test_steadiness_of_4_or_less_with_a_goal_points_to_both(steady):
    assert recommend(steady=steady, goal=GOAL).route is Route.BOTH


@pytest.mark.parametrize("steady", [0, 4])
def test_steadiness_of_4_or_less_alone_points_to_therapy(steady):
    assert recommend(steady=steady).route is Route.THERAPY


@pytest.mark.parametrize("steady", [5, 10])
def test_steadiness_of_5_or_more_with_a_goal_points_to_coaching(steady):
    assert recommend(steady=steady, goal=GOAL).route is Route.COACHING


def test_steadiness_of_5_alone_asks_for_a_goal():
    recommendation = recommend(steady=5)
    assert recommendation.route is Route.UNDETERMINED
    assert "goal" in recommendation.missing[0]


def test_a_goal_with_questionnaires_below_every_threshold_points_to_coaching():
    recommendation = recommend(phq9=phq9(4), gad7=gad7(4), who5=who5(60), goal=GOAL)
    assert recommendation.route is Route.COACHING


def test_a_goal_with_nothing_else_is_undetermined_and_asks_for_steadiness():
    recommendation = recommend(goal=GOAL)
    assert recommendation.route is Route.UNDETERMINED
    assert len(recommendation.missing) == 1
    assert "steady" in recommendation.missing[0]


def test_no_answers_at_all_are_undetermined_and_ask_for_both_halves():
    recommendation = recommend()
    assert recommendation.route is Route.UNDETERMINED
    assert recommendation.reasons == ()
    assert len(recommendation.missing) == 2


def test_low_questionnaires_without_a_goal_are_undetermined_and_ask_for_a_goal():
    recommendation = recommend(phq9=phq9(2), gad7=gad7(3))
    assert recommendation.route is Route.UNDETERMINED
    assert recommendation.missing == (
        "a goal you want to work toward: nothing you told us points to therapy, and "
        "coaching starts from a goal",
    )


@pytest.mark.parametrize("total", [5, 9])
def test_mild_phq9_adds_a_note_but_keeps_coaching(total):
    recommendation = recommend(phq9=phq9(total), goal=GOAL, steady=7)
    assert recommendation.route is Route.COACHING
    assert any(
        reason.evidence == f"PHQ-9 (mood): a total of {total} out of 27, in the mild range."
        and reason.dimension is Dimension.PURPOSE
        and reason.title == "Some low mood"
        for reason in recommendation.reasons
    )


def test_mild_gad7_adds_a_note_but_keeps_coaching():
    recommendation = recommend(gad7=gad7(7), goal=GOAL)
    assert recommendation.route is Route.COACHING
    assert "GAD-7 (worry): a total of 7 out of 21, in the mild range." in [
        r.evidence for r in recommendation.reasons
    ]


def test_minimal_phq9_adds_no_note():
    recommendation = recommend(phq9=phq9(4), goal=GOAL, steady=7)
    assert not [r for r in recommendation.reasons if r.evidence.startswith("PHQ-9")]


ROUTED = [
    pytest.param({"phq9": phq9(12)}, Route.THERAPY, id="therapy from PHQ-9"),
    pytest.param({"stuck_pattern": True}, Route.THERAPY, id="therapy from pattern"),
    pytest.param({"phq9": phq9(12), "goal": GOAL}, Route.BOTH, id="both from PHQ-9"),
    pytest.param({"steady": 3, "goal": GOAL}, Route.BOTH, id="both from steadiness"),
    pytest.param(
        {"pcptsd5": pcptsd5(4), "goal": GOAL},
        Route.BOTH,
        id="both from PC-PTSD-5",
    ),
    pytest.param({"phq2": [3, 3], "goal": GOAL}, Route.BOTH, id="both from PHQ-2"),
    pytest.param(
        {"stuck_pattern": True, "goal": GOAL},
        Route.BOTH,
        id="both from pattern",
    ),
    pytest.param({"steady": 8, "goal": GOAL}, Route.COACHING, id="coaching from steadiness"),
    pytest.param({"gad7": gad7(2), "goal": GOAL}, Route.COACHING, id="coaching from low GAD-7"),
]


@pytest.mark.parametrize(("raw", "route"), ROUTED)
def test_reasons_for_a_route_cover_all_six_dimensions(raw, route):
    recommendation = recommend(**raw)
    assert recommendation.route is route
    assert {reason.dimension for reason in recommendation.reasons} >= SIX_DIMENSIONS


def test_therapy_reasons_cite_the_phq9_total_once_in_words():
    recommendation = recommend(phq9=phq9(12))
    cited = [r.evidence for r in recommendation.reasons if r.evidence]
    assert cited == ["PHQ-9 (mood): a total of 12 out of 27, in the moderate range."]
    assert recommendation.reasons[0].title == "Low mood"


def test_coaching_reasons_quote_the_goal_and_the_steadiness_each_once():
    recommendation = recommend(goal=GOAL, steady=8)
    assert [(r.title, r.evidence) for r in recommendation.reasons[:2]] == [
        ("A goal to work toward", f"Your goal: “{GOAL}”"),
        ("Steady enough for a goal", "You rated how steady you feel at 8 out of 10."),
    ]
    assert all(r.evidence == "" for r in recommendation.reasons[2:])
    assert recommendation.reasons[2].title == "What coaching is for"


def test_both_reasons_come_strongest_first_and_the_route_s_meaning_cites_nothing():
    recommendation = recommend(gad7=gad7(15), goal=GOAL, stuck_pattern=True, steady=3)
    assert [r.title for r in recommendation.reasons[:4]] == [
        "Worry",
        "A pattern that keeps coming back",
        "Not feeling steady",
        "A goal to work toward",
    ]
    explained = [r for r in recommendation.reasons if r.dimension is Dimension.METHODS]
    assert (explained[0].title, explained[0].evidence) == ("How doing both works", "")


def test_a_safety_reason_comes_before_every_other():
    recommendation = recommend(phq9=phq9(12, item9=1), goal=GOAL, stuck_pattern=True)
    first = recommendation.reasons[0]
    assert (first.dimension, first.title) == (Dimension.SAFETY, "Your safety")
    assert first.evidence == (
        "Your answer to question 9 of the PHQ-9, about thoughts of being better off dead or "
        "of hurting yourself: “Several days”."
    )


@pytest.mark.parametrize("raw", [each.values[0] for each in ROUTED])
def test_no_reason_shows_a_field_key_or_a_model_percentage(raw):
    recommendation = recommend(**raw, text="Since the accident I can't sleep or think straight")
    for reason in recommendation.reasons:
        said = f"{reason.title} {reason.text} {reason.evidence}"
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|%", said), said


def test_the_goal_reason_names_the_area_chosen():
    recommendation = recommend(goal=GOAL, area="leadership", steady=8)
    assert any("(Leadership)" in reason.text for reason in recommendation.reasons)


def test_triage_table_markdown_has_one_row_per_rule_in_order():
    lines = triage_table_markdown().splitlines()
    assert lines[:2] == ["| order | route | when |", "|---|---|---|"]
    assert len(lines) == 2 + len(TRIAGE_TABLE)
    for number, (line, rule) in enumerate(zip(lines[2:], TRIAGE_TABLE, strict=True), 1):
        assert line == f"| {number} | `{rule.route}` | {rule.when} |"
