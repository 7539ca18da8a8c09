"""A result's reasons as a person reads them: the strongest three first, then the rest, each
piece of evidence cited once, results stored before that rule included."""

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
        'goal: "Run a 10k"',
        "steady: 8 of 10",
        "",
        "",
    ]
