"""Repeated measures: reliable change, response and remission at their boundaries for each
instrument, the alert rules, and retake schedules."""

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crossroads.assessment.rules.alerts import (
    AlertKind,
    alerts_of,
    ordered,
    safety_alert,
    words_alert,
)
from crossroads.assessment.rules.retakes import retake_due_on, retake_reminder_due
from crossroads.assessment.rules.trends import (
    SCALES,
    Change,
    Measure,
    change_between,
    reliable_change_index,
    remitted,
    responded,
    score_measure,
    trends_of,
)
from crossroads.kernel.errors import InvalidAnswer, InvalidInput
from crossroads.kernel.risk import RiskLevel

PHQ9, GAD7, WHO5, PCPTSD5 = (SCALES[key] for key in ("phq9", "gad7", "who5", "pcptsd5"))
START = datetime(2027, 3, 1, 9, tzinfo=UTC)


def taken(instrument: str, *scores: int, item9: int | None = None) -> list[Measure]:
    """One result a week apart, item 9 on the last one only."""
    return [
        Measure(
            f"{instrument}-{n}",
            instrument,
            START + timedelta(weeks=n),
            score,
            item9 if n == len(scores) - 1 else (0 if instrument == "phq9" else None),
        )
        for n, score in enumerate(scores)
    ]


def test_the_reliable_change_index_follows_jacobson_and_truax() -> None:
    # S_diff = sqrt(2) * SD * sqrt(1 - r) = sqrt(2) * 3.5 * sqrt(0.11)
    s_diff = math.sqrt(2) * 3.5 * math.sqrt(1 - 0.89)
    assert reliable_change_index(PHQ9, 12, 17) == pytest.approx(5 / s_diff)
    assert reliable_change_index(PHQ9, 17, 12) == pytest.approx(-5 / s_diff)
    assert 1.96 * s_diff == pytest.approx(3.22, abs=0.01)


def test_an_instrument_without_published_norms_has_no_index() -> None:
    assert reliable_change_index(WHO5, 40, 60) is None


@pytest.mark.parametrize(
    ("scale", "before", "after", "change"),
    [
        # PHQ-9: the index passes 1.96 at 4 points, but 5 is the least clinicians act on
        (PHQ9, 10, 13, Change.UNCHANGED),
        (PHQ9, 10, 14, Change.UNCHANGED),
        (PHQ9, 10, 15, Change.WORSENED),
        (PHQ9, 15, 10, Change.IMPROVED),
        (PHQ9, 15, 11, Change.UNCHANGED),
        (PHQ9, 0, 27, Change.WORSENED),
        # GAD-7: the index and the minimal important change agree on 4
        (GAD7, 8, 11, Change.UNCHANGED),
        (GAD7, 8, 12, Change.WORSENED),
        (GAD7, 12, 8, Change.IMPROVED),
        (GAD7, 12, 9, Change.UNCHANGED),
        # WHO-5: higher is better, and a 10-point change in the percentage counts
        (WHO5, 60, 52, Change.UNCHANGED),
        (WHO5, 60, 50, Change.WORSENED),
        (WHO5, 40, 48, Change.UNCHANGED),
        (WHO5, 40, 52, Change.IMPROVED),
        # PC-PTSD-5: only crossing the cut-point of 3 counts
        (PCPTSD5, 0, 2, Change.UNCHANGED),
        (PCPTSD5, 2, 3, Change.WORSENED),
        (PCPTSD5, 3, 5, Change.UNCHANGED),
        (PCPTSD5, 3, 2, Change.IMPROVED),
    ],
)
def test_change_is_called_at_each_instruments_boundary(scale, before, after, change) -> None:
    assert change_between(scale, before, after) is change


@pytest.mark.parametrize(("scale", "points"), [(PHQ9, 5), (GAD7, 4), (WHO5, 10), (PCPTSD5, None)])
def test_each_instrument_states_the_smallest_change_it_counts(scale, points) -> None:
    assert scale.smallest_change == points


@pytest.mark.parametrize(
    ("baseline", "latest", "response"),
    [(20, 10, True), (20, 11, False), (15, 7, True), (15, 8, False), (10, 5, True), (10, 6, False)],
)
def test_a_phq9_response_halves_the_baseline(baseline, latest, response) -> None:
    assert responded(PHQ9, baseline, latest) is response


@pytest.mark.parametrize(("latest", "remission"), [(0, True), (4, True), (5, False), (27, False)])
def test_phq9_remission_is_a_total_under_5(latest, remission) -> None:
    assert remitted(PHQ9, 12, latest) is remission


@pytest.mark.parametrize(("baseline", "latest"), [(9, 0), (4, 0), (0, 0)])
def test_response_and_remission_are_judged_only_from_a_baseline_of_10_or_more(
    baseline, latest
) -> None:
    assert responded(PHQ9, baseline, latest) is None
    assert remitted(PHQ9, baseline, latest) is None


def test_one_result_is_neither_a_response_nor_a_remission() -> None:
    (trend,) = trends_of(taken("phq9", 3))
    assert (trend.response, trend.remission) == (None, None)


@pytest.mark.parametrize("scale", [GAD7, WHO5, PCPTSD5])
def test_response_and_remission_are_not_invented_where_none_is_published(scale) -> None:
    assert responded(scale, 10, 1) is None
    assert remitted(scale, 10, 0) is None


def test_a_trend_reads_from_baseline_to_latest_in_time_order() -> None:
    measures = taken("phq9", 18, 12, 8)
    (trend,) = trends_of(list(reversed(measures)))
    assert [m.score for m in trend.measures] == [18, 12, 8]
    assert trend.since_baseline is Change.IMPROVED
    assert trend.since_previous is Change.UNCHANGED
    assert trend.response is True
    assert trend.remission is False


@pytest.mark.parametrize(
    ("after", "judged"),
    [(timedelta(0), False), (timedelta(days=13, hours=23), False), (timedelta(days=14), True)],
)
def test_response_and_remission_wait_for_a_retake_two_weeks_after_the_first(after, judged) -> None:
    first = Measure("a", "phq9", START, 18, 0)
    retaken = Measure("b", "phq9", START + after, 3, 0)

    (trend,) = trends_of([first, retaken])

    assert (trend.response, trend.remission) == ((True, True) if judged else (None, None))
    assert trend.outcome_from == (None if judged else START + timedelta(days=14))


def test_no_outcome_is_awaited_where_none_would_be_judged() -> None:
    (trend,) = trends_of([Measure("a", "phq9", START, 6, 0), Measure("b", "phq9", START, 1, 0)])

    assert trend.outcome_from is None  # a baseline under 10 has nothing to respond from


def test_trends_come_in_the_order_of_the_scales_and_only_for_what_was_taken() -> None:
    trends = trends_of(taken("who5", 40) + taken("phq9", 9))
    assert [t.scale.key for t in trends] == ["phq9", "who5"]
    assert trends[1].since_previous is None


def test_a_reliably_worse_retake_alerts() -> None:
    (alert,) = alerts_of(trends_of(taken("phq9", 8, 13)))
    assert alert.kind is AlertKind.WORSENING
    assert alert.source_id == "phq9-1"
    assert "8 to 13" in alert.text


def test_a_worse_retake_within_measurement_error_does_not_alert() -> None:
    assert alerts_of(trends_of(taken("phq9", 8, 12))) == []


def test_improvement_does_not_alert() -> None:
    assert alerts_of(trends_of(taken("gad7", 15, 5))) == []


def test_only_the_latest_change_alerts() -> None:
    assert alerts_of(trends_of(taken("phq9", 5, 15, 14))) == []


def test_falling_wellbeing_alerts_and_rising_does_not() -> None:
    assert [a.kind for a in alerts_of(trends_of(taken("who5", 72, 60)))] == [AlertKind.WORSENING]
    assert alerts_of(trends_of(taken("who5", 40, 60))) == []


@pytest.mark.parametrize("item9", [0, 1, 2, 3])
def test_item9_alone_raises_no_alert_it_asks_the_person(item9: int) -> None:
    assert alerts_of(trends_of(taken("phq9", 6, item9=item9))) == []


@pytest.mark.parametrize("level", [RiskLevel.URGENT, RiskLevel.ACUTE])
def test_an_urgent_or_acute_safety_screen_alerts_citing_what_raised_it(level: RiskLevel) -> None:
    alert = safety_alert("a1", START, level, ["ASQ: non-acute positive"])
    assert alert is not None
    assert (alert.kind, alert.source_id, alert.taken_at) == (AlertKind.SAFETY, "a1", START)
    assert f"came out {level} (ASQ: non-acute positive)" in alert.text


@pytest.mark.parametrize("level", [RiskLevel.NONE, RiskLevel.CHECK])
def test_a_check_alone_raises_no_alert(level: RiskLevel) -> None:
    assert safety_alert("a1", START, level, ["phq9 item 9: answered 1 of 3"]) is None


@pytest.mark.parametrize("level", [RiskLevel.URGENT, RiskLevel.ACUTE])
def test_words_from_urgent_up_alert_naming_where_and_when(level: RiskLevel) -> None:
    written = datetime(2026, 12, 3, 20, tzinfo=UTC)  # already 4 December in Tokyo
    alert = words_alert("e1", written, UTC, "Journal", level)

    assert alert is not None
    assert (alert.kind, alert.source_id, alert.taken_at) == (AlertKind.SAFETY, "e1", written)
    assert alert.text == f"Journal, 3 December: the words screened {level}"
    in_tokyo = words_alert("e1", written, ZoneInfo("Asia/Tokyo"), "Journal", level)
    assert in_tokyo is not None
    assert in_tokyo.text == f"Journal, 4 December: the words screened {level}"


@pytest.mark.parametrize("level", [RiskLevel.NONE, RiskLevel.CHECK])
def test_words_that_only_need_asking_about_raise_no_alert(level: RiskLevel) -> None:
    assert words_alert("e1", START, UTC, "Journal", level) is None


def test_safety_alerts_come_before_worsening_newest_first() -> None:
    worse = alerts_of(trends_of(taken("gad7", 3, 15)))
    early = safety_alert("early", START - timedelta(days=30), RiskLevel.URGENT, [])
    late = safety_alert("late", START - timedelta(days=1), RiskLevel.ACUTE, [])
    assert early is not None
    assert late is not None
    assert [a.source_id for a in ordered([*worse, early, late])] == [
        "late",
        "early",
        worse[0].source_id,
    ]


def test_a_screen_turning_positive_alerts() -> None:
    (alert,) = alerts_of(trends_of(taken("pcptsd5", 1, 3)))
    assert "now positive" in alert.text


def test_scoring_a_retake_uses_the_published_rules() -> None:
    assert score_measure("phq9", [1] * 8 + [2]) == ([1] * 8 + [2], 10, 2)
    assert score_measure("gad7", [3] * 7) == ([3] * 7, 21, None)
    assert score_measure("who5", [3, 3, 3, 3, 3]) == ([3] * 5, 60, None)
    exposure = {"exposure": True, "items": [True, True, False, True, False]}
    assert score_measure("pcptsd5", exposure)[1:] == (3, None)
    assert score_measure("pcptsd5", {"exposure": False})[1:] == (0, None)


@pytest.mark.parametrize(
    ("instrument", "answers", "field"),
    [
        ("phq2", [0, 0], "instrument"),
        ("phq9", None, "phq9"),
        ("phq9", [0] * 8, "phq9"),
        ("gad7", [0, 0, 0, 0, 0, 0, 4], "gad7[6]"),
        ("pcptsd5", {"exposure": True}, "pcptsd5.items"),
    ],
)
def test_a_retake_with_bad_answers_names_the_field(instrument, answers, field) -> None:
    with pytest.raises(InvalidInput) as raised:
        score_measure(instrument, answers)
    assert raised.value.field == field
    if field != "instrument":
        assert isinstance(raised.value, InvalidAnswer)


def test_every_band_covers_its_scale_without_gaps() -> None:
    for scale in SCALES.values():
        covered = [n for band in scale.bands for n in range(band.low, band.high + 1)]
        assert covered == list(range(scale.lowest, scale.highest + 1)), scale.key


def test_a_retake_falls_due_its_interval_after_the_last_one() -> None:
    assert retake_due_on(14, date(2027, 3, 1), date(2027, 1, 1)) == date(2027, 3, 15)
    assert retake_due_on(14, None, date(2027, 1, 1)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("today", "reminded_for", "due"),
    [
        (date(2027, 3, 14), None, False),
        (date(2027, 3, 15), None, True),
        (date(2027, 3, 20), None, True),
        (date(2027, 3, 20), date(2027, 3, 15), False),
        (date(2027, 3, 20), date(2027, 3, 1), True),
    ],
)
def test_a_due_retake_is_reminded_of_once(today, reminded_for, due) -> None:
    assert retake_reminder_due(date(2027, 3, 15), today, reminded_for) is due
