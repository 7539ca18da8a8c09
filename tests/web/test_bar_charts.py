"""The server-drawn bar chart: where bars land either side of the zero line, the round numbers on
its axis, the sentence that stands in for it, and the accessible markup the macro renders."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.web.bar_charts import BarChart, bar_chart
from crossroads.web.deps import templates

CHANGES = [("Movement", 1.4), ("Sleep", 0.6), ("Overwork", -0.8)]


def chart(items: list[tuple[str, float]] = CHANGES, unit: str = "points") -> BarChart:
    return bar_chart(items, title="Change since you started", unit=unit)


def tick_values(drawn: BarChart) -> list[float]:
    return [float(tick.label.replace(",", "")) for tick in drawn.value_ticks]


def rendered(drawn: BarChart) -> str:
    macro = '{% from "charts/_bar_chart.html" import bar_chart %}{{ bar_chart(chart, "change") }}'
    return templates.env.from_string(macro).render(chart=drawn)


def test_bars_are_drawn_top_to_bottom_in_the_order_given() -> None:
    drawn = chart()

    assert [bar.label for bar in drawn.bars] == ["Movement", "Sleep", "Overwork"]
    assert [bar.y for bar in drawn.bars] == sorted(bar.y for bar in drawn.bars)
    assert all(
        drawn.plot.top <= bar.y < bar.y + bar.height <= drawn.plot.bottom for bar in drawn.bars
    )


def test_positive_values_extend_right_of_the_zero_line_in_proportion() -> None:
    movement, sleep, _ = chart().bars

    assert movement.x == sleep.x == chart().zero_x
    assert movement.width > sleep.width > 0
    assert movement.width / sleep.width == pytest.approx(1.4 / 0.6, rel=0.01)


def test_negative_values_extend_left_of_the_zero_line() -> None:
    drawn = chart()
    overwork = drawn.bars[2]

    assert overwork.negative
    assert overwork.x + overwork.width == pytest.approx(drawn.zero_x)
    assert overwork.x < drawn.zero_x
    assert not any(bar.negative for bar in drawn.bars[:2])


def test_negative_and_positive_values_are_told_apart_by_their_sign_too() -> None:
    drawn = chart()

    assert [bar.value for bar in drawn.bars] == ["+1.4", "+0.6", "-0.8"]
    assert [bar.value_anchor for bar in drawn.bars] == ["start", "start", "end"]
    assert drawn.bars[2].value_x < drawn.bars[2].x


def test_all_positive_values_start_at_the_left_edge_without_a_plus_sign() -> None:
    drawn = chart([("Walks", 3.0), ("Runs", 12.0)], unit="km")

    assert drawn.zero_x == drawn.plot.left
    assert [bar.value for bar in drawn.bars] == ["3", "12"]
    assert drawn.rows == (("Walks", "3 km"), ("Runs", "12 km"))


def test_all_negative_values_end_at_the_right_edge() -> None:
    drawn = chart([("Smoking", -4.0), ("Drinking", -1.5)], unit="")

    assert drawn.zero_x == drawn.plot.right
    assert all(bar.x + bar.width == pytest.approx(drawn.plot.right) for bar in drawn.bars)
    assert drawn.bars[0].x < drawn.bars[1].x


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.4, 0.6, -0.8], [-1, -0.5, 0, 0.5, 1, 1.5]),
        ([3.0, 12.0], [0, 5, 10, 15]),
        ([-4.0, -1.5], [-4, -3, -2, -1, 0]),
        ([250.0, 980.0], [0, 200, 400, 600, 800, 1_000]),
        ([0.0, 0.0], [0, 0.2, 0.4, 0.6, 0.8, 1]),
    ],
)
def test_ticks_include_zero_and_cover_every_value(
    values: list[float], expected: list[float]
) -> None:
    drawn = chart([(f"Item {n}", value) for n, value in enumerate(values)], unit="")

    assert tick_values(drawn) == expected
    assert next(tick.at for tick in drawn.value_ticks if tick.label == "0") == drawn.zero_x


def test_the_axis_reaches_what_it_is_asked_to_as_well() -> None:
    drawn = bar_chart([("Sleep", 40.0)], title="How far along", unit="%", reach=(100.0,))

    assert tick_values(drawn) == [0, 20, 40, 60, 80, 100]
    assert drawn.bars[0].width == pytest.approx((drawn.plot.right - drawn.plot.left) * 0.4, 0.01)


def test_values_are_shown_to_the_places_asked_for_without_needless_zeros() -> None:
    drawn = bar_chart([("A", 2.346), ("B", 2.0), ("C", 1_234.5)], title="T", places=2)

    assert drawn.rows == (("A", "2.35"), ("B", "2"), ("C", "1,234.5"))


def test_a_percentage_sits_right_after_its_number() -> None:
    drawn = chart([("Done", 40.0)], unit="%")

    assert drawn.rows == (("Done", "40%"),)
    assert drawn.bars[0].tooltip == "Done: 40%"


def test_long_labels_are_shortened_in_the_picture_but_whole_in_the_table() -> None:
    long = "Time spent with friends, family and neighbours"
    exact = "Drinking, drugs or eating to cope, at most"
    drawn = chart([(long, 2.0), (exact, 1.0)])

    assert drawn.bars[0].label == "Time spent with friends, family and neigh…"
    assert len(drawn.bars[0].label) == len(exact) == 42
    assert drawn.bars[1].label == exact
    assert drawn.rows[0] == (long, "2 points")
    assert drawn.bars[0].tooltip == f"{long}: 2 points"


def test_the_summary_names_the_highest_the_lowest_and_how_many_are_below_zero() -> None:
    assert chart().summary == (
        "Movement is highest at +1.4 points; Overwork is lowest at -0.8 points."
        " 1 of 3 is below zero."
    )


def test_a_summary_of_one_bar_or_equal_bars_says_so_plainly() -> None:
    assert chart([("Movement", 1.4)]).summary == "Movement is at 1.4 points."
    assert chart([("A", 2.0), ("B", 2.0)]).summary == "All 2 are at 2 points."


def test_an_empty_chart_says_there_is_nothing_yet() -> None:
    drawn = chart([])

    assert drawn.summary == "Nothing to show yet."
    assert drawn.bars == ()
    assert drawn.rows == ()
    assert tick_values(drawn)[0] == 0
    assert drawn.plot.bottom > drawn.plot.top  # room for the "nothing yet" note


def test_the_picture_grows_taller_with_each_bar_and_keeps_its_width() -> None:
    two, three = chart(CHANGES[:2]), chart()
    width = [int(n) for n in two.view_box.split()][2]
    heights = [int(drawn.view_box.split()[3]) for drawn in (two, three)]

    assert width == int(three.view_box.split()[2])
    assert heights[1] > heights[0]


def test_each_label_sits_on_its_own_line_above_its_bar_from_the_left_edge() -> None:
    drawn = chart()
    html = rendered(drawn)

    for bar in drawn.bars:
        assert bar.label_y < bar.y
        assert (
            f'<text x="{drawn.label_x}" y="{bar.label_y}" text-anchor="start">{bar.label}' in html
        )
    first, second = drawn.bars[:2]
    assert first.y + first.height < second.label_y - 14  # a 14px label fits between the bars


def test_the_chart_is_narrow_enough_to_read_on_a_phone() -> None:
    html = rendered(chart())

    # 14px labels in a picture 360 units wide stay over 13px tall on a 343px-wide phone column.
    assert int(chart().view_box.split()[2]) == 360
    assert 'font-size="14"' in html
    assert 'class="bar-chart-picture chart-narrow"' in html


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(st.text(max_size=40), values), max_size=12))
def test_bars_stay_inside_the_plot_area(items: list[tuple[str, float]]) -> None:
    drawn = bar_chart(items, title="Anything")
    plot = drawn.plot

    assert plot.left <= drawn.zero_x <= plot.right
    for bar in drawn.bars:
        assert plot.left <= bar.x <= bar.x + bar.width <= plot.right + 0.1  # rounding to 0.1
        assert plot.top <= bar.y <= bar.y + bar.height <= plot.bottom
    assert 0 in tick_values(drawn)
    assert len(drawn.rows) == len(items)


def test_the_chart_renders_as_a_labelled_image_with_a_table_of_every_value() -> None:
    drawn = chart()
    html = rendered(drawn)

    assert re.search(r'<svg[^>]* role="img"', html)
    assert 'aria-labelledby="change-title change-desc"' in html
    assert '<title id="change-title">Change since you started</title>' in html
    assert f'<desc id="change-desc">{drawn.summary}</desc>' in html
    assert "<title>Overwork: -0.8 points</title>" in html
    assert 'stroke-dasharray="4 3"' in html  # the one negative bar's outline
    assert "<summary>Show the numbers</summary>" in html
    for label, value in drawn.rows:
        assert f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' in html


def test_the_chart_needs_no_script_inline_style_or_outside_resource() -> None:
    html = rendered(chart()) + rendered(chart([]))

    assert "style=" not in html
    assert "<script" not in html
    assert "href=" not in html
    assert "Nothing to show yet." in html
    assert "stroke-dasharray" not in rendered(chart([("Walks", 3.0)]))


def test_labels_and_title_are_escaped() -> None:
    html = rendered(bar_chart([("<b>Sleep</b> & rest", 1.0)], title="Before <after>"))

    assert "&lt;b&gt;Sleep&lt;/b&gt; &amp; rest" in html
    assert "Before &lt;after&gt;" in html
    assert "<b>" not in html


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_bars_text_and_zero_line_contrast_with_white_at_least_4_5_to_1() -> None:
    html = rendered(chart())
    # Only the pale grid is decoration; everything else a reader relies on is checked.
    meaningful = [
        colour
        for colour in re.findall(r'(?:stroke|fill)="(#[0-9a-f]{6})"', html)
        if colour != "#c9d1dc"
    ]

    assert len(set(meaningful)) >= 3
    for colour in meaningful:
        assert 1.05 / (relative_luminance(colour) + 0.05) >= 4.5, colour
