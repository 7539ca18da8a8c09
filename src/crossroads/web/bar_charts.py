"""Geometry for small server-rendered horizontal bar charts: one labelled number per bar.

Pure presentation: labels and numbers in; SVG coordinates, labels and a plain summary out.
The round-number axis and the number format are shared with the line charts in charts.py.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crossroads.web.charts import Area, Tick, nice_values, number_text

# 360 units wide, with each label on its own line above its bar, so that the bars keep the
# whole width and the 14px labels stay about 13px tall at a phone's width (about 343px).
WIDTH = 360
EDGE = 8  # the space at either side
VALUE_ROOM = 64  # room beside the longest bar for its number, e.g. "-1,234.5"
MARGIN_TOP, MARGIN_BOTTOM = 28, 40  # unit above the plot, ticks below it
ROW, BAR, LABEL_ROOM = 52, 20, 22  # each bar's slot, the bar, and the line above it for its label
MAX_LABEL = 42  # longer labels are cut in the picture; the table keeps them whole
ELLIPSIS = "…"


@dataclass(frozen=True)
class Bar:
    """One labelled bar as drawn. `value` is the bare number shown at the bar's end ("-0.8");
    the unit is drawn once beside the axis, and `tooltip` carries the whole label and the unit.
    """

    label: str
    value: str
    x: float
    y: float
    width: float
    height: float
    negative: bool
    tooltip: str

    @property
    def middle(self) -> float:
        """Where the bar's number sits vertically."""
        return round(self.y + self.height / 2, 1)

    @property
    def label_y(self) -> float:
        """The baseline of the label, on its own line just above the bar."""
        return round(self.y - 6, 1)

    @property
    def value_x(self) -> float:
        """Just past the bar's far end: left of a negative bar, right of any other."""
        return round(self.x - 6 if self.negative else self.x + self.width + 6, 1)

    @property
    def value_anchor(self) -> str:
        return "end" if self.negative else "start"


@dataclass(frozen=True)
class BarChart:
    """Everything templates/charts/_bar_chart.html needs to draw the chart and its table."""

    title: str
    summary: str
    view_box: str
    plot: Area
    bars: tuple[Bar, ...]
    zero_x: float
    value_ticks: tuple[Tick, ...]
    rows: tuple[tuple[str, str], ...]
    unit: str

    @property
    def label_x(self) -> float:
        """Where the bar labels start: at the left edge, above their bars."""
        return EDGE

    @property
    def any_negative(self) -> bool:
        return any(bar.negative for bar in self.bars)


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    places: int = 1,
    reach: Sequence[float] = (),
) -> BarChart:
    """Lay out one bar per item, top to bottom in the order given, from a zero line.

    Values are shown to `places` decimals. When any value is negative, positive ones carry
    a "+" so that the sign, not only the colour and side, tells them apart. The axis reaches
    every value in `reach` too (100 for shares of a whole, so a bar's length reads as a share).
    """
    values = [value for _, value in items]
    signed = any(value < 0 for value in values)
    ticks, tick_places = nice_values([*values, 0.0, *reach])  # the axis always reaches zero
    left = EDGE + (VALUE_ROOM if signed else 0)
    right = WIDTH - (VALUE_ROOM if any(value >= 0 for value in values) else EDGE)
    height = MARGIN_TOP + max(len(items), 1) * ROW + MARGIN_BOTTOM
    plot = Area(left, MARGIN_TOP, right, height - MARGIN_BOTTOM)
    x = _value_scale(ticks[0], ticks[-1], plot)
    zero_x = x(0.0)
    bars = []
    for index, (label, value) in enumerate(items):
        end = x(value)
        amount = _amount(value, unit, places, signed)
        bars.append(
            Bar(
                label=_shortened(label),
                value=_signed(value, places, signed),
                x=min(end, zero_x),
                y=plot.top + index * ROW + LABEL_ROOM,
                width=round(abs(end - zero_x), 1),
                height=BAR,
                negative=value < 0,
                tooltip=f"{label}: {amount}",
            )
        )
    return BarChart(
        title=title,
        summary=_summary(items, unit, places, signed),
        view_box=f"0 0 {WIDTH} {height}",
        plot=plot,
        bars=tuple(bars),
        zero_x=zero_x,
        value_ticks=tuple(Tick(x(tick), number_text(tick, tick_places)) for tick in ticks),
        rows=tuple((label, _amount(value, unit, places, signed)) for label, value in items),
        unit=unit,
    )


def _value_scale(low: float, high: float, plot: Area) -> Callable[[float], float]:
    """Values to x: `low` on the left edge of the plot and `high` on the right one."""
    return lambda value: round(
        plot.left + (value - low) / (high - low) * (plot.right - plot.left), 1
    )


def _shortened(label: str) -> str:
    if len(label) <= MAX_LABEL:
        return label
    return label[: MAX_LABEL - 1].rstrip() + ELLIPSIS


def _summary(items: Sequence[tuple[str, float]], unit: str, places: int, signed: bool) -> str:
    """The chart in a sentence or two, for people who cannot see it."""
    if not items:
        return "Nothing to show yet."
    if len(items) == 1:
        label, value = items[0]
        return f"{label} is at {_amount(value, unit, places, signed)}."
    # max and min keep the first of equal values, so ties name the earlier bar.
    high = max(items, key=lambda item: item[1])
    low = min(items, key=lambda item: item[1])
    if high[1] == low[1]:
        return f"All {len(items)} are at {_amount(high[1], unit, places, signed)}."
    said = (
        f"{high[0]} is highest at {_amount(high[1], unit, places, signed)};"
        f" {low[0]} is lowest at {_amount(low[1], unit, places, signed)}."
    )
    below = sum(value < 0 for _, value in items)
    if below:
        said += f" {below} of {len(items)} {'is' if below == 1 else 'are'} below zero."
    return said


def _signed(value: float, places: int, signed: bool) -> str:
    number = number_text(value, places)
    return f"+{number}" if signed and round(value, places) > 0 else number


def _amount(value: float, unit: str, places: int, signed: bool) -> str:
    number = _signed(value, places, signed)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
