"""Geometry for small server-rendered line charts: a goal's measure over time against its target.

Pure presentation: dates and numbers in; SVG coordinates, labels and a plain summary out.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM = 64, 32, 24, 40  # room for the labels
MIN_VALUE_TICKS, MAX_VALUE_TICKS = 3, 6
DATE_INTERVALS = 4  # at most five date labels
# The width one date label needs at 14px with a gap: "20 Dec" and "20 Dec 2026".
DATE_LABEL_ROOM, DATE_LABEL_ROOM_WITH_YEAR = 90, 140
# 360 units wide: drawn at a phone's width (about 343px) the 14px labels stay about 13px tall.
WIDTH, HEIGHT = 360, 240
VALUE_PLACES = 2  # values are shown to at most two decimal places

Reading = tuple[date, float]


@dataclass(frozen=True)
class Area:
    """The plot area's edges in SVG units. SVG's y grows downward, so `top` < `bottom`."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Point:
    """One check-in as drawn: where it sits and what its tooltip says ("18 Mar: 12 km")."""

    x: float
    y: float
    day: str
    value: str

    @property
    def label(self) -> str:
        return f"{self.day}: {self.value}"


@dataclass(frozen=True)
class Tick:
    """An axis label: `at` is x on the date axis and y on the value axis."""

    at: float
    label: str
    anchor: str = "middle"  # SVG text-anchor; the last date label ends at the edge, not past it


@dataclass(frozen=True)
class Segment:
    """A straight line, here the steady path from the starting value to the target."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Row:
    """One line of the data table: a long date ("18 March 2027") and its value ("12 km")."""

    day: str
    value: str


@dataclass(frozen=True)
class Counted:
    """What each point is, in words: one and many ("check-in", "check-ins"), and the key line
    that says what the drawn line shows."""

    one: str
    many: str
    key: str


CHECK_INS = Counted("check-in", "check-ins", "The solid line and dots are your check-ins.")
# Mood over time, on the journal's patterns page and in the progress report: the whole scale.
MOOD_SCALE = (0.0, 10.0)
DAYS_WITH_A_MOOD = Counted(
    "day with a mood",
    "days with a mood",
    "The line and dots are your mood each day, the average of the day where you wrote more than"
    " once.",
)


@dataclass(frozen=True)
class LineChart:
    """Everything templates/charts/_line_chart.html needs to draw the chart and its table."""

    title: str
    summary: str
    unit: str
    counted: Counted
    width: int
    height: int
    plot: Area
    points: tuple[Point, ...]
    polyline: str
    guide: Segment | None
    value_ticks: tuple[Tick, ...]
    date_ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]
    target: Row | None

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def line_chart(
    series: Sequence[Reading],
    *,
    guide: tuple[Reading, Reading] | None,
    unit: str,
    title: str,
    counted: Counted = CHECK_INS,
    reach: Sequence[float] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> LineChart:
    """Lay out `series`, in any order, and the `guide` from its start to the target. The value
    axis reaches every value in `reach` too: a scale's ends, so that a small change on it is
    not drawn as a big one."""
    readings = sorted(series, key=lambda reading: reading[0])
    ends = list(guide or ())
    plot = Area(MARGIN_LEFT, MARGIN_TOP, width - MARGIN_RIGHT, height - MARGIN_BOTTOM)
    days = [day for day, _ in readings + ends]
    with_year = len({day.year for day in days}) > 1
    values, places = nice_values([value for _, value in readings + ends] + [*reach] or [0.0])
    x, y = day_scale(days, plot), _value_scale(values[0], values[-1], plot)
    points = tuple(
        Point(x(day), y(value), short_day(day, with_year), _amount(value, unit))
        for day, value in readings
    )
    return LineChart(
        title=title,
        summary=_summary(readings, guide, unit, counted),
        unit=unit,
        counted=counted,
        width=width,
        height=height,
        plot=plot,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        guide=Segment(x(ends[0][0]), y(ends[0][1]), x(ends[1][0]), y(ends[1][1])) if ends else None,
        value_ticks=tuple(Tick(y(value), number_text(value, places)) for value in values),
        date_ticks=date_ticks(days, x, with_year, _date_intervals(plot, with_year)),
        rows=tuple(Row(long_day(day), _amount(value, unit)) for day, value in readings),
        target=Row(long_day(ends[1][0]), _amount(ends[1][1], unit)) if ends else None,
    )


def day_scale(days: Sequence[date], plot: Area) -> Callable[[date], float]:
    """Days to x: the first at the left edge, the last at the right; a lone day in the middle."""
    first = min(days, default=date.min)
    span = (max(days, default=date.min) - first).days
    middle = round((plot.left + plot.right) / 2, 1)
    if span == 0:
        return lambda day: middle
    return lambda day: round(plot.left + (day - first).days / span * (plot.right - plot.left), 1)


def _value_scale(low: float, high: float, plot: Area) -> Callable[[float], float]:
    """Values to y: `low` on the bottom edge and `high` on the top one, since y grows downward."""
    return lambda value: round(
        plot.bottom - (value - low) / (high - low) * (plot.bottom - plot.top), 1
    )


def nice_values(values: Sequence[float]) -> tuple[list[float], int]:
    """3 to 6 round numbers, 1, 2 or 5 times 10**n apart, that reach past every value.

    Also returns how many decimal places their labels need.
    """
    low, high = _widened(min(values), max(values))
    exponent = math.floor(math.log10(high - low)) - 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * 10.0**exponent
            # Rounding the quotient keeps 0.3 / 0.1 = 2.9999... from adding a tick below 0.3.
            first = math.floor(round(low / step, 9))
            last = math.ceil(round(high / step, 9))
            if last - first + 1 <= MAX_VALUE_TICKS:
                last = max(last, first + MIN_VALUE_TICKS - 1)
                return [n * step for n in range(first, last + 1)], max(0, -exponent)
        exponent += 1


def _widened(low: float, high: float) -> tuple[float, float]:
    """Give a flat series room above and below (above only at zero), so the axis has a span."""
    if high - low > 1e-9 * max(1.0, abs(low), abs(high)):
        return low, high
    if abs(low) < 1e-6:
        return low, low + 1.0
    return low - abs(low) / 10, high + abs(low) / 10


def _date_intervals(plot: Area, with_year: bool) -> int:
    """As many gaps between date labels as the plot's width has room for, up to DATE_INTERVALS."""
    room = DATE_LABEL_ROOM_WITH_YEAR if with_year else DATE_LABEL_ROOM
    return max(1, min(DATE_INTERVALS, int((plot.right - plot.left) // room)))


def date_ticks(
    days: Sequence[date],
    x: Callable[[date], float],
    with_year: bool,
    most: int = DATE_INTERVALS,
) -> tuple[Tick, ...]:
    """The first and last day and up to `most` - 1 evenly spaced days between them."""
    if not days:
        return ()
    first, last = min(days), max(days)
    span = (last - first).days
    intervals = max(1, min(span, most))
    picked = {first + timedelta(days=round(n * span / intervals)) for n in range(intervals + 1)}
    return tuple(
        Tick(x(day), short_day(day, with_year), "end" if span and day == last else "middle")
        for day in sorted(picked)
    )


def _summary(
    readings: Sequence[Reading],
    guide: tuple[Reading, Reading] | None,
    unit: str,
    counted: Counted,
) -> str:
    """The chart in a sentence or two, for people who cannot see it."""
    if not readings:
        said = f"No {counted.many} yet."
    elif len(readings) == 1:
        said = f"1 {counted.one}, on {long_day(readings[0][0])}: {_amount(readings[0][1], unit)}."
    else:
        said = (
            f"{len(readings)} {counted.many} from {long_day(readings[0][0])} to "
            f"{long_day(readings[-1][0])}; the latest is {_amount(readings[-1][1], unit)}."
        )
    if guide:
        (_, _), (target_day, target) = guide
        said += f" The target is {_amount(target, unit)} by {long_day(target_day)}."
    return said


def number_text(value: float, places: int) -> str:
    """1,234.5 rather than 1234.50; adding 0.0 turns a rounded -0.0 into a plain 0."""
    text = f"{round(value, places) + 0.0:,.{places}f}"
    return text.rstrip("0").rstrip(".") if places else text


def _amount(value: float, unit: str) -> str:
    number = number_text(value, VALUE_PLACES)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def short_day(day: date, with_year: bool) -> str:
    text = f"{day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
