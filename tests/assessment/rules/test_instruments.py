"""The questionnaires: verbatim items, answer scales and every published band boundary."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.assessment.rules.instruments import (
    GAD2,
    GAD7,
    PCPTSD5,
    PHQ2,
    PHQ9,
    PHQ9_BANDS,
    WHO5,
    WHO5_POOR_WELLBEING,
    score_gad2,
    score_gad7,
    score_pcptsd5,
    score_phq2,
    score_phq9,
    score_who5,
)
from crossroads.kernel.errors import InvalidAnswer


def answers_totalling(total: int, count: int, top: int = 3) -> list[int]:
    """`count` in-scale answers summing to `total`, filled from the first item on."""
    answers = []
    for _ in range(count):
        answers.append(min(top, total))
        total -= answers[-1]
    assert total == 0, "total is out of reach for this many items"
    return answers


# Hypothesis keeps no example database: domain tests touch no files.
pure = settings(database=None)


@pytest.mark.parametrize(
    ("instrument", "count"),
    [(PHQ9, 9), (GAD7, 7), (WHO5, 5), (PCPTSD5, 5), (PHQ2, 2), (GAD2, 2)],
)
def test_each_instrument_has_its_published_number_of_items(instrument, count):
    assert len(instrument.items) == count


def test_phq9_item9_is_worded_verbatim():
    assert PHQ9.items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )


def test_gad7_item1_is_worded_verbatim():
    assert GAD7.items[0] == "Feeling nervous, anxious or on edge"


def test_who5_item1_is_worded_verbatim():
    assert WHO5.items[0] == "I have felt cheerful and in good spirits"


def test_phq_and_gad_share_the_published_frequency_scale():
    labels = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
    for instrument in (PHQ9, GAD7, PHQ2, GAD2):
        assert [choice.label for choice in instrument.choices] == labels
        assert [choice.value for choice in instrument.choices] == [0, 1, 2, 3]


def test_who5_scale_runs_from_5_all_of_the_time_to_0_at_no_time():
    assert (WHO5.highest, WHO5.choices[0].label) == (5, "All of the time")
    assert (WHO5.lowest, WHO5.choices[-1].label) == (0, "At no time")


def test_short_forms_are_the_first_two_items_of_their_parent():
    assert PHQ2.items == PHQ9.items[:2]
    assert GAD2.items == GAD7.items[:2]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_total_falls_in_its_published_band(total, band):
    score = score_phq9(answers_totalling(total, 9))
    assert (score.score, score.band) == (total, band)


def test_phq9_total_of_10_is_moderate():
    assert score_phq9(answers_totalling(10, 9)).band == "moderate"


@pytest.mark.parametrize("item9", [0, 1, 2, 3])
def test_phq9_reports_item9_on_its_own(item9):
    score = score_phq9([0] * 8 + [item9])
    assert (score.score, score.item9) == (item9, item9)


def test_phq9_item9_is_not_confused_with_other_items():
    assert score_phq9([3] * 8 + [0]).item9 == 0


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_total_falls_in_its_published_band(total, band):
    score = score_gad7(answers_totalling(total, 7))
    assert (score.score, score.band) == (total, band)


@pytest.mark.parametrize(
    ("raw", "percent", "band"),
    [
        (0, 0, "poor wellbeing"),
        (12, 48, "poor wellbeing"),
        (13, 52, "good wellbeing"),
        (25, 100, "good wellbeing"),
    ],
)
def test_who5_percent_is_raw_times_4_and_52_is_the_lowest_good_wellbeing(raw, percent, band):
    score = score_who5(answers_totalling(raw, 5, top=5))
    assert (score.raw, score.percent, score.band) == (raw, percent, band)


def test_who5_percent_of_50_counts_as_poor_wellbeing():
    # Whole-number answers give multiples of 4, so 50 % itself is never scored; the cut-off
    # constant is what makes 50 poor and 52 good.
    assert WHO5_POOR_WELLBEING == 50


@pytest.mark.parametrize(("yes", "positive"), [(0, False), (2, False), (3, True), (5, True)])
def test_pcptsd5_is_positive_from_3_yes_answers(yes, positive):
    score = score_pcptsd5(True, answers_totalling(yes, 5, top=1))
    assert (score.score, score.positive) == (yes, positive)


@pytest.mark.parametrize("items", [None, [1, 1, 1, 1, 1]])
def test_pcptsd5_without_a_traumatic_event_scores_0_and_is_negative(items):
    score = score_pcptsd5(False, items)
    assert (score.score, score.positive) == (0, False)


def test_pcptsd5_after_a_yes_to_the_event_needs_the_five_items():
    with pytest.raises(InvalidAnswer) as refused:
        score_pcptsd5(True, None)
    assert refused.value.field == "pcptsd5.items"


@pytest.mark.parametrize("score_short_form", [score_phq2, score_gad2])
@pytest.mark.parametrize(("total", "positive"), [(0, False), (2, False), (3, True), (6, True)])
def test_short_form_is_positive_from_a_total_of_3(score_short_form, total, positive):
    score = score_short_form(answers_totalling(total, 2))
    assert (score.score, score.positive) == (total, positive)


@pytest.mark.parametrize(
    ("score_instrument", "answers", "field"),
    [
        (score_phq9, [0] * 8, "phq9"),
        (score_phq9, [0] * 10, "phq9"),
        (score_phq9, [0, 0, 0, 4, 0, 0, 0, 0, 0], "phq9[3]"),
        (score_phq9, [0, 0, 0, 0, 0, 0, 0, 0, -1], "phq9[8]"),
        (score_phq9, [0, True, 0, 0, 0, 0, 0, 0, 0], "phq9[1]"),
        (score_phq9, [0, 0, 1.0, 0, 0, 0, 0, 0, 0], "phq9[2]"),
        (score_gad7, [0, 0, 0, 0, 0, 0, 4], "gad7[6]"),
        (score_who5, [0, 6, 0, 0, 0], "who5[1]"),
        (score_phq2, [0, 0, 0], "phq2"),
        (score_gad2, [4, 0], "gad2[0]"),
        (lambda answers: score_pcptsd5(True, answers), [1, 1, 2, 0, 0], "pcptsd5[2]"),
    ],
)
def test_scoring_refuses_answers_off_the_scale_naming_the_item(score_instrument, answers, field):
    with pytest.raises(InvalidAnswer) as refused:
        score_instrument(answers)
    assert refused.value.field == field


phq9_answers = st.lists(st.integers(0, 3), min_size=9, max_size=9)
band_order = [name for _, name in PHQ9_BANDS]


@pure
@given(phq9_answers)
def test_phq9_total_always_equals_the_sum_of_the_answers(answers):
    score = score_phq9(answers)
    assert score.score == sum(answers)
    assert score.item9 == answers[8]


@pure
@given(phq9_answers, phq9_answers)
def test_phq9_band_never_falls_as_the_total_rises(first, second):
    low, high = sorted([score_phq9(first), score_phq9(second)], key=lambda score: score.score)
    assert band_order.index(low.band) <= band_order.index(high.band)


@pure
@given(st.lists(st.integers(0, 5), min_size=5, max_size=5))
def test_who5_percent_is_always_four_times_the_raw_total(answers):
    score = score_who5(answers)
    assert score.percent == 4 * score.raw == 4 * sum(answers)
    assert (score.band == "poor wellbeing") == (score.percent <= 50)
