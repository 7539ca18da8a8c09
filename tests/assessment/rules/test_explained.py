"""A result's reasons as a person reads them: the strongest three first, then the rest, each
piece of evidence cited once, results stored before that rule included."""

import pytest

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.explained import STRONGEST, explain
from crossroads.assessment.rules.result import RouteReason, assess, result_of


def test_the_strongest_three_lead_and_the_rest_follow_in_order() -> None:
    result = result_of(
        assess(parse_answers({"phq9": [2] * 8 + [0], "goal": "Run a 10k", "steady": 3}))
    )

    explained = explain(result.reasons)

    assert len(explained.strongest) == STRONGEST == 3
    assert (*explained.strongest, *explained.rest) == result.reasons


def test_fewer_reasons_than_three_all_lead() -> None:
    only = (RouteReason("purpose", "You feel steady.", "You rated it 8 out of 10."),)

    assert explain(only).strongest == only
    assert explain(only).rest == ()


def test_a_stored_explanation_repeating_the_evidence_before_it_cites_none() -> None:
    goal = RouteReason("past_or_future", "You have a goal.", 'goal: "Run a 10k"')
    steady = RouteReason("purpose", "You feel steady.", "steady: 8 of 10")
    methods = RouteReason("methods", "Coaching plans.", 'goal: "Run a 10k"; steady: 8 of 10')
    credentials = RouteReason("credentials", "Look for ICF.", 'goal: "Run a 10k"; steady: 8 of 10')

    explained = explain((goal, steady, methods, credentials))

    assert [r.evidence for r in (*explained.strongest, *explained.rest)] == [
        "Your goal: “Run a 10k”",
        "You rated how steady you feel at 8 out of 10.",
        "",
        "",
    ]


@pytest.mark.parametrize(
    ("stored", "said"),
    [
        (
            "stuck_pattern: yes",
            "You said yes to feeling stuck in a pattern that keeps repeating, however hard you "
            "try.",
        ),
        (
            'your words: "I miss her." (read as therapy or both: 87%)',
            "In your words: “I miss her.”",
        ),
        (
            "PHQ-9 total 14 of 27 (moderate)",
            "PHQ-9: a total of 14 out of 27, in the moderate range.",
        ),
        (
            "GAD-2 total 4 of 6 (positive screen)",
            "GAD-2: a total of 4 out of 6, a positive screen.",
        ),
        (
            "PC-PTSD-5: 3 of 5 answered yes (positive screen)",
            "PC-PTSD-5 (after a frightening event): 3 of its 5 questions answered yes, a positive "
            "screen.",
        ),
        ("WHO-5 20 % (poor wellbeing)", "WHO-5 (wellbeing): 20 out of 100, poor wellbeing."),
        (
            "screening below PHQ-9 ≥ 10, GAD-7 ≥ 10",
            "Each questionnaire you answered came out below the level where it points to therapy.",
        ),
        (
            "phq9 item 9: answered 2 of 3",
            "Your answer to question 9 of the PHQ-9, about thoughts of being better off dead or of "
            "hurting yourself: 2 of 3.",
        ),
        (
            "ASQ: non-acute positive",
            "Your answers to the five safety questions (the ASQ): non-acute positive.",
        ),
        ("text: bought a rope", "In your own words: “bought a rope”"),
        ("Your goal: “Run; then rest”", "Your goal: “Run; then rest”"),  # today's, as it is
    ],
)
def test_evidence_a_result_stored_before_it_was_in_words_is_said_in_words(
    stored: str, said: str
) -> None:
    [reason] = explain((RouteReason("purpose", "A reason.", stored),)).strongest

    assert reason.evidence == said
