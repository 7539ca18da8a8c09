"""Geometry for a questionnaire's results over time, drawn over its published severity bands.

The value axis always spans the whole scale, so that a band keeps its place from one chart to
the next; on the WHO-5, where a higher score is better, the bands are still drawn low to high.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo

from crossroads.assessment.rules.trends import Scale, Trend
from crossroads.web.charts import Area, Point, Row, Tick, date_ticks, day_scale, long_day, short_day

# Drawn 360 wide, like the other charts, so that its labels read on a phone: the bands are
# named on the right in lines of at most BAND_LINE characters, at 13 px, LINE_HEIGHT apart.
WIDTH, HEIGHT = 360, 260
MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM = 48, 28, 136, 40
BAND_LINE, LINE_HEIGHT = 17, 15
BAND_FILLS = ("#f4f7fb", "#e3eaf3")  # alternate, so neighbouring bands differ in lightness


@dataclass(frozen=True)
class BandArea:
    """A band as drawn: its edges in SVG units, its fill and its name beside the plot, as
    (y, line) pairs centred on the band."""

    top: float
    bottom: float
    fill: str
    name: str
    label_lines: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class MeasureChart:
    """Everything templates/charts/_measure_chart.html needs."""

    title: str
    summary: str
    width: int
    height: int
    plot: Area
    bands: tuple[BandArea, ...]
    points: tuple[Point, ...]
    polyline: str
    value_ticks: tuple[Tick, ...]
    date_ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def measure_chart(
    trend: Trend, zone: tzinfo, *, width: int = WIDTH, height: int = HEIGHT
) -> MeasureChart:
    """Results fall on the days they were taken in `zone`, the client's own time zone."""
    scale = trend.scale
    plot = Area(MARGIN_LEFT, MARGIN_TOP, width - MARGIN_RIGHT, height - MARGIN_BOTTOM)
    days = [m.taken_at.astimezone(zone).date() for m in trend.measures]
    with_year = len({day.year for day in days}) > 1
    x = day_scale(days, plot)

    def y(value: float) -> float:
        share = (value - scale.lowest) / (scale.highest - scale.lowest)
        return round(plot.bottom - share * (plot.bottom - plot.top), 1)

    points = tuple(
        Point(x(day), y(m.score), short_day(day, with_year), _amount(m.score, scale))
        for day, m in zip(days, trend.measures, strict=True)
    )
    return MeasureChart(
        title=f"{scale.name} over time",
        summary=_summary(trend, days),
        width=width,
        height=height,
        plot=plot,
        bands=tuple(_band(scale, n, y) for n in range(len(scale.bands))),
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        value_ticks=tuple(Tick(y(value), str(value)) for value in _ticks(scale)),
        date_ticks=date_ticks(days, x, with_year),
        rows=tuple(
            Row(long_day(day), f"{_amount(m.score, scale)}, {scale.band_of(m.score).name}")
            for day, m in zip(days, trend.measures, strict=True)
        ),
    )


def _band(scale: Scale, index: int, y: Callable[[float], float]) -> BandArea:
    """Each band reaches half a point past its ends, so neighbours meet without a gap."""
    band = scale.bands[index]
    low = max(scale.lowest, band.low - 0.5)
    high = min(scale.highest, band.high + 0.5)
    top, bottom = y(high), y(low)
    lines = _wrapped(band.name)
    first = (top + bottom) / 2 - (len(lines) - 1) * LINE_HEIGHT / 2
    placed = tuple((round(first + n * LINE_HEIGHT, 1), line) for n, line in enumerate(lines))
    return BandArea(top, bottom, BAND_FILLS[index % 2], band.name, placed)


def _wrapped(name: str) -> list[str]:
    """ "below the screening cut-point" as "below the", "screening", "cut-point"."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= BAND_LINE:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _ticks(scale: Scale) -> list[int]:
    """The scale's ends and each band's lowest total."""
    return sorted({scale.lowest, scale.highest, *(band.low for band in scale.bands)})


def _amount(score: int, scale: Scale) -> str:
    return f"{score}%" if scale.unit == "%" else str(score)


def _summary(trend: Trend, days: list[date]) -> str:
    scale, latest = trend.scale, trend.latest
    said = (
        f"{len(trend.measures)} result{'s' if len(trend.measures) != 1 else ''} from "
        f"{long_day(days[0])} to {long_day(days[-1])}; "
        f"the latest is {_amount(latest.score, scale)}, {scale.band_of(latest.score).name}."
    )
    if len(trend.measures) > 1:
        said += f" Since the first: {trend.since_baseline}."
    return said
