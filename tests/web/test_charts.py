"""The server-drawn line chart: where check-ins and the target line land, the round numbers on its
axes, the sentence that stands in for it, and the accessible markup the macro renders."""

import itertools
import math
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.web.charts import LineChart, Reading, line_chart
from crossroads.web.deps import templates

MARCH_4, MARCH_11, MARCH_18, MARCH_31 = (date(2027, 3, day) for day in (4, 11, 18, 31))
RUNS: list[Reading] = [(MARCH_4, 3.0), (MARCH_11, 7.5), (MARCH_18, 12.0)]
TO_30_KM = ((date(2027, 3, 1), 0.0), (MARCH_31, 30.0))


def chart(
    series: list[Reading] = RUNS,
    guide: tuple[Reading, Reading] | None = TO_30_KM,
    unit: str = "km",
) -> LineChart:
    return line_chart(series, guide=guide, unit=unit, title="Running each week")


def tick_values(drawn: LineChart) -> list[float]:
    return [float(tick.label.replace(",", "")) for tick in drawn.value_ticks]


def rendered(drawn: LineChart) -> str:
    macro = '{% from "charts/_line_chart.html" import line_chart %}{{ line_chart(chart, "goal") }}'
    return templates.env.from_string(macro).render(chart=drawn)


def test_the_latest_value_is_plotted_highest_when_it_is_the_largest() -> None:
    first, middle, latest = chart(guide=None).points

    # SVG's y grows downward: higher on the page means a smaller y.
    assert latest.y < middle.y < first.y


def test_later_check_ins_are_plotted_further_right() -> None:
    first, middle, latest = chart().points

    assert first.x < middle.x < latest.x


def test_check_ins_are_joined_in_date_order_whatever_order_they_arrive_in() -> None:
    drawn = chart(series=list(reversed(RUNS)))

    assert [point.day for point in drawn.points] == ["4 Mar", "11 Mar", "18 Mar"]
    assert drawn.polyline == " ".join(f"{point.x},{point.y}" for point in drawn.points)


def test_the_guide_runs_from_start_to_target() -> None:
    drawn = chart()
    assert drawn.guide is not None

    assert (drawn.guide.x1, drawn.guide.x2) == (drawn.plot.left, drawn.plot.right)
    assert drawn.guide.y1 == drawn.value_ticks[0].at == drawn.plot.bottom  # 0 km
    assert drawn.guide.y2 == drawn.value_ticks[-1].at == drawn.plot.top  # 30 km


def test_a_decreasing_guide_slopes_down_the_page() -> None:
    drawn = chart(
        series=[(MARCH_4, 9.0)],
        guide=((MARCH_4, 10.0), (MARCH_31, 4.0)),
        unit="cigarettes a day",
    )
    assert drawn.guide is not None

    assert drawn.guide.y1 < drawn.guide.y2
    assert drawn.guide.y1 < drawn.points[0].y < drawn.guide.y2


@pytest.mark.parametrize("value", [12.0, 0.0, -3.0, 0.25, 1_000_000.0])
def test_a_flat_series_still_gets_a_value_axis_with_a_span(value: float) -> None:
    drawn = chart(series=[(MARCH_4, value), (MARCH_11, value)], guide=None)
    values = tick_values(drawn)

    assert values[0] <= value <= values[-1]
    assert values[0] < values[-1]
    assert drawn.plot.top <= drawn.points[0].y <= drawn.plot.bottom


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([3.0, 7.5, 12.0, 0.0, 30.0], [0, 10, 20, 30]),
        ([0.3, 0.7], [0.3, 0.4, 0.5, 0.6, 0.7]),
        ([1.0, 10.0], [0, 2, 4, 6, 8, 10]),
        ([-12.0, 7.0], [-15, -10, -5, 0, 5, 10]),
        ([4_321.0, 9_876.0], [4_000, 6_000, 8_000, 10_000]),
    ],
)
def test_ticks_are_round_numbers_covering_the_data(
    values: list[float], expected: list[float]
) -> None:
    series = [(date(2027, 3, 1 + day), value) for day, value in enumerate(values)]

    assert tick_values(chart(series=series, guide=None)) == expected


def test_tick_labels_carry_no_needless_decimals() -> None:
    whole = chart(series=[(MARCH_4, 0.0), (MARCH_11, 4000.0)], guide=None)
    halves = chart(series=[(MARCH_4, 0.0), (MARCH_11, 2.0)], guide=None)

    assert [tick.label for tick in whole.value_ticks] == ["0", "1,000", "2,000", "3,000", "4,000"]
    assert [tick.label for tick in halves.value_ticks] == ["0", "0.5", "1", "1.5", "2"]


def test_negative_values_are_plotted_below_zero() -> None:
    drawn = chart(series=[(MARCH_4, -5.0), (MARCH_11, 5.0)], guide=None, unit="")
    zero = next(tick.at for tick in drawn.value_ticks if tick.label == "0")

    assert drawn.points[0].y > zero > drawn.points[1].y
    assert drawn.points[0].value == "-5"


def test_an_empty_series_says_there_are_no_check_ins_yet() -> None:
    drawn = chart(series=[])

    assert drawn.summary == "No check-ins yet. The target is 30 km by 31 March 2027."
    assert drawn.points == ()
    assert drawn.polyline == ""
    assert drawn.rows == ()
    assert drawn.guide is not None


def test_a_chart_with_nothing_at_all_still_draws_an_axis() -> None:
    drawn = chart(series=[], guide=None)

    assert drawn.summary == "No check-ins yet."
    assert tick_values(drawn)[0] == 0
    assert drawn.date_ticks == ()


def test_a_single_check_in_sits_in_the_middle_of_the_chart() -> None:
    drawn = chart(series=[(MARCH_4, 12.0)], guide=None)

    assert drawn.points[0].x == (drawn.plot.left + drawn.plot.right) / 2
    assert [tick.label for tick in drawn.date_ticks] == ["4 Mar"]
    assert drawn.summary == "1 check-in, on 4 March 2027: 12 km."


def test_check_ins_a_day_apart_span_the_whole_width() -> None:
    drawn = chart(series=[(MARCH_4, 1.0), (date(2027, 3, 5), 2.0)], guide=None)

    assert [point.x for point in drawn.points] == [drawn.plot.left, drawn.plot.right]
    assert [tick.label for tick in drawn.date_ticks] == ["4 Mar", "5 Mar"]


def test_date_ticks_run_from_the_first_day_to_the_last() -> None:
    ticks = chart().date_ticks

    assert 3 <= len(ticks) <= 5
    assert (ticks[0].label, ticks[-1].label) == ("1 Mar", "31 Mar")
    assert ticks[-1].anchor == "end"  # so the last label ends at the edge instead of past it


def test_date_labels_show_the_year_when_the_chart_crosses_into_a_new_one() -> None:
    drawn = chart(series=[(date(2026, 12, 20), 1.0), (date(2027, 1, 10), 2.0)], guide=None)

    assert drawn.points[0].label == "20 Dec 2026: 1 km"
    assert drawn.date_ticks[-1].label == "10 Jan 2027"


def test_the_summary_names_the_count_the_dates_the_latest_value_and_the_target() -> None:
    assert chart().summary == (
        "3 check-ins from 4 March 2027 to 18 March 2027; the latest is 12 km."
        " The target is 30 km by 31 March 2027."
    )


def test_the_table_rows_list_each_check_in_and_the_target() -> None:
    drawn = chart()

    assert [(row.day, row.value) for row in drawn.rows] == [
        ("4 March 2027", "3 km"),
        ("11 March 2027", "7.5 km"),
        ("18 March 2027", "12 km"),
    ]
    assert drawn.target is not None
    assert (drawn.target.day, drawn.target.value) == ("31 March 2027", "30 km")


def test_coordinates_are_rounded_to_one_decimal() -> None:
    drawn = chart()
    assert drawn.guide is not None
    numbers = [n for p in drawn.points for n in (p.x, p.y)] + [t.at for t in drawn.value_ticks]
    numbers += [drawn.guide.x1, drawn.guide.y1, drawn.guide.x2, drawn.guide.y2]

    assert all(round(n, 1) == n for n in numbers)


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
readings = st.tuples(days, values)


@given(
    series=st.lists(readings, max_size=30),
    guide=st.none() | st.tuples(readings, readings).filter(lambda ends: ends[0][0] <= ends[1][0]),
)
def test_points_stay_inside_the_plot_area(
    series: list[Reading], guide: tuple[Reading, Reading] | None
) -> None:
    drawn = line_chart(series, guide=guide, unit="", title="Anything")
    plot = drawn.plot
    ends = (
        [(drawn.guide.x1, drawn.guide.y1), (drawn.guide.x2, drawn.guide.y2)] if drawn.guide else []
    )

    for x, y in [(point.x, point.y) for point in drawn.points] + ends:
        assert plot.left <= x <= plot.right
        assert plot.top <= y <= plot.bottom
    assert 3 <= len(drawn.value_ticks) <= 6
    assert [tick.at for tick in drawn.value_ticks] == sorted(
        (tick.at for tick in drawn.value_ticks), reverse=True
    )


@given(st.lists(values, min_size=1, max_size=10))
def test_tick_steps_are_one_two_or_five_times_a_power_of_ten(series: list[float]) -> None:
    drawn = line_chart(
        [(MARCH_4, value) for value in series], guide=None, unit="", title="Anything"
    )
    ticks = tick_values(drawn)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    step = min(steps)

    assert max(steps) - step <= step * 1e-6  # evenly spaced, allowing for rounded labels
    assert round(step / 10 ** math.floor(math.log10(step)), 6) in {1, 2, 5}
    assert ticks[0] - step * 1e-6 <= min(series)
    assert max(series) <= ticks[-1] + step * 1e-6


def test_the_chart_renders_as_a_labelled_image_with_a_table() -> None:
    html = rendered(chart())

    assert re.search(r'<svg[^>]* role="img"', html)
    assert 'aria-labelledby="goal-title goal-desc"' in html
    assert '<title id="goal-title">Running each week</title>' in html
    assert f'<desc id="goal-desc">{chart().summary}</desc>' in html
    assert 'stroke-dasharray="8 6"' in html
    assert "<title>18 Mar: 12 km</title>" in html
    assert '<tr><th scope="row">11 March 2027</th><td>7.5 km</td></tr>' in html
    assert "<summary>Show the numbers</summary>" in html


def test_the_chart_needs_no_script_inline_style_or_outside_resource() -> None:
    html = rendered(chart()) + rendered(chart(series=[], guide=None))

    assert "style=" not in html
    assert "<script" not in html
    assert "href=" not in html
    assert "No check-ins yet." in html


def test_the_whole_unit_is_drawn_from_the_left_edge_above_the_axis() -> None:
    html = rendered(chart(unit="runs a week"))

    unit = re.search(r'<text class="line-chart-unit" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)<', html)
    assert unit is not None
    assert unit.group(3) == "runs a week"
    assert float(unit.group(1)) == 0  # anchored at its start, so nothing runs off the edge
    assert float(unit.group(2)) < chart().plot.top
    assert 'text-anchor="start">runs a week' in html


def test_the_chart_is_narrow_enough_to_read_on_a_phone() -> None:
    drawn = chart()
    html = rendered(drawn)

    # 14px labels in a picture 360 units wide stay over 13px tall on a 343px-wide phone column.
    assert drawn.width == 360
    assert 'font-size="14"' in html
    assert 'class="line-chart-picture chart-narrow"' in html
    assert len(drawn.date_ticks) == 4  # fewer date labels, so they never touch


def test_dates_with_their_years_get_more_room_each() -> None:
    drawn = chart(series=[(date(2026, 12, 20), 1.0), (date(2027, 1, 30), 2.0)], guide=None)

    assert [tick.label for tick in drawn.date_ticks] == ["20 Dec 2026", "30 Jan 2027"]


def test_a_wider_chart_has_room_for_more_date_labels() -> None:
    drawn = line_chart(RUNS, guide=TO_30_KM, unit="km", title="Running", width=640)

    assert len(drawn.date_ticks) == 5


def test_the_value_axis_reaches_a_scales_ends_when_asked() -> None:
    moods: list[Reading] = [(MARCH_4, 5.0), (MARCH_11, 6.0)]
    drawn = line_chart(moods, guide=None, unit="of 10", title="Mood", reach=(0.0, 10.0))

    assert tick_values(drawn) == [0, 2, 4, 6, 8, 10]


def test_the_chart_title_is_escaped() -> None:
    drawn = line_chart(RUNS, guide=None, unit="", title="Walk <5 km> & rest")

    assert "Walk &lt;5 km&gt; &amp; rest" in rendered(drawn)
    assert "<5 km>" not in rendered(drawn)


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_text_axes_and_lines_contrast_with_white_at_least_4_5_to_1() -> None:
    html = rendered(chart())
    # The pale grid is decoration and the white ring around each dot only separates it from
    # the line; everything else a reader relies on is checked.
    meaningful = [
        colour
        for colour in re.findall(r'(?:stroke|fill)="(#[0-9a-f]{6})"', html)
        if colour not in {"#c9d1dc", "#ffffff"}
    ]

    assert len(meaningful) >= 4
    for colour in meaningful:
        assert 1.05 / (relative_luminance(colour) + 0.05) >= 4.5, colour
