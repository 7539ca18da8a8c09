"""A questionnaire's chart is drawn 360 wide, like the other charts, so its labels read on a
phone: each band is named beside the plot in short lines centred on the band."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from crossroads.assessment.rules.trends import SCALES, Measure, Trend
from crossroads.web.measure_charts import BAND_LINE, LINE_HEIGHT, measure_chart

TAKEN = datetime(2026, 9, 3, 9, 0, tzinfo=UTC)


def trend_of(instrument: str, *scores: int) -> Trend:
    measures = tuple(
        Measure(str(n), instrument, TAKEN + timedelta(days=14 * n), score)
        for n, score in enumerate(scores)
    )
    return Trend(SCALES[instrument], measures)


def test_the_chart_is_as_wide_as_the_others_with_room_for_the_band_names() -> None:
    chart = measure_chart(trend_of("phq9", 14, 4), UTC)

    assert chart.view_box == "0 0 360 260"
    assert chart.plot.right < chart.width - BAND_LINE * 7  # a line of 13 px letters fits


def test_a_long_band_name_is_wrapped_into_lines_centred_on_its_band() -> None:
    chart = measure_chart(trend_of("pcptsd5", 2, 4), UTC)
    below = next(band for band in chart.bands if band.name == "below the screening cut-point")

    assert [line for _, line in below.label_lines] == ["below the", "screening", "cut-point"]
    ys = [y for y, _ in below.label_lines]
    assert [round(b - a, 1) for a, b in pairwise(ys)] == [LINE_HEIGHT] * 2
    assert abs((ys[0] + ys[-1]) / 2 - (below.top + below.bottom) / 2) < 0.1


def test_a_band_name_that_fits_keeps_one_line() -> None:
    chart = measure_chart(trend_of("phq9", 18), UTC)

    named = {band.name: [line for _, line in band.label_lines] for band in chart.bands}
    assert named["moderately severe"] == ["moderately severe"]
    assert all(len(line) <= BAND_LINE for lines in named.values() for line in lines)
