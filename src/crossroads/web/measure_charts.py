"""Geometry for a questionnaire's results over time, drawn over its published severity bands.

The value axis always spans the whole scale, so that a band keeps its place from one chart to
the next; on the WHO-5, where a higher score is better, the bands are still drawn low to high.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo

from crossroads.assessment.rules.trends import Scale, Trend
from crossroads.web.charts import Area, Point, Row, Tick, date_ticks, day_scale, long_day, short_day

MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM = 48, 28, 190, 40  # bands named on the right
BAND_FILLS = ("#f4f7fb", "#e3eaf3")  # alternate, so neighbouring bands differ in lightness


@dataclass(frozen=True)
class BandArea:
    """A band as drawn: its edges in SVG units, its fill and its name beside the plot."""

    top: float
    bottom: float
    fill: str
    name: str
    label_y: float


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
    trend: Trend, zone: tzinfo, *, width: int = 640, height: int = 260
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
    return BandArea(top, bottom, BAND_FILLS[index % 2], band.name, round((top + bottom) / 2, 1))


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
