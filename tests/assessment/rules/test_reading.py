"""What the text model's reading of a person's words does to the assessment: distress counts
toward healing, model-flagged risk joins the lexicon's, and nothing the model says can take a
lexicon signal away."""

import pytest

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.reading import LIKELY, TextReading
from crossroads.assessment.rules.result import assess
from crossroads.assessment.rules.signals import Signal, find_signals
from crossroads.assessment.rules.triage import Route
from crossroads.kernel.risk import By, RiskLevel, RiskReason
from crossroads.kernel.safety import screen_risk, set_aside_unframed

STEADY_GOAL = {"goal": "Move into a team lead role this year", "steady": 8}
DISTRESS = TextReading(
    need={"therapy": 0.7, "coaching": 0.1, "both": 0.2},
    need_evidence="Since the accident I can't sleep.",
)
LOOKING_AHEAD = TextReading(
    need={"therapy": 0.1, "coaching": 0.8, "both": 0.1}, need_evidence="I want a promotion."
)


def test_without_a_reading_a_steady_person_with_a_goal_is_routed_to_coaching() -> None:
    assert assess(parse_answers(STEADY_GOAL)).route is Route.COACHING


def test_distress_read_in_the_words_turns_coaching_into_both_and_quotes_the_sentence() -> None:
    assessment = assess(parse_answers({**STEADY_GOAL, "text": "..."}), DISTRESS)

    assert assessment.route is Route.BOTH
    evidence = [reason.evidence for reason in assessment.recommendation.reasons]
    assert "In your words: “Since the accident I can't sleep.”" in evidence
    assert not any("%" in e for e in evidence)  # the model's confidence is not the person's


def test_distress_alone_without_a_goal_points_to_therapy() -> None:
    assert assess(parse_answers({"text": "...", "steady": 7}), DISTRESS).route is Route.THERAPY


@pytest.mark.parametrize(
    ("therapy", "both", "counts"),
    [(0.3, 0.2, True), (0.3, 0.19, False), (0.0, LIKELY, True), (0.49, 0.0, False)],
)
def test_distress_counts_from_therapy_and_both_together_at_likely(
    therapy: float, both: float, counts: bool
) -> None:
    reading = TextReading(need={"therapy": therapy, "coaching": 1 - therapy - both, "both": both})

    route = assess(parse_answers(STEADY_GOAL), reading).route

    assert route is (Route.BOTH if counts else Route.COACHING)


def test_a_coaching_reading_never_invents_a_goal() -> None:
    assessment = assess(parse_answers({"text": "...", "steady": 8}), LOOKING_AHEAD)

    assert assessment.route is Route.UNDETERMINED


def test_risk_the_model_flags_asks_the_screener_and_keeps_the_route() -> None:
    flagged = RiskReason("text", By.MODEL, "Tonight feels right.", RiskLevel.CHECK)

    assessment = assess(
        parse_answers({**STEADY_GOAL, "text": "Tonight feels right."}), TextReading(risk=(flagged,))
    )

    assert assessment.route is Route.COACHING
    assert assessment.risk.reasons == (flagged,)
    assert assessment.screener_needed


def test_the_screen_is_the_union_of_item_nine_the_lexicon_and_the_model() -> None:
    model = RiskReason("goal", By.MODEL, "one more", RiskLevel.CHECK)

    screen = screen_risk({"text": "I want to die"}, phq9_item9=1, model=[model])

    assert [signal.source for signal in screen.reasons] == ["phq9 item 9", "text", "goal"]


def test_a_calm_model_reading_cannot_cancel_a_lexicon_hit() -> None:
    calm = TextReading(need={"therapy": 0.0, "coaching": 1.0, "both": 0.0})

    assessment = assess(parse_answers({**STEADY_GOAL, "text": "I'm going to kill myself"}), calm)

    assert assessment.route is Route.CRISIS
    assert Signal.DISTRESS_IN_WORDS not in {
        finding.signal
        for finding in find_signals(assessment.scores, assessment.answers, assessment.risk, calm)
    }


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("I'm not suicidal, just tired.", "i'm not , just tired."),
        ("I have never thought about ending my life.", "i have never thought about ."),
        ("I want to die", "I want to die"),
        ("I feel fine", "I feel fine"),
    ],
)
def test_plainly_negated_phrases_are_set_aside_for_the_model(text: str, left: str) -> None:
    assert set_aside_unframed(text) == left
