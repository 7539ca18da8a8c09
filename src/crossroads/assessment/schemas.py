"""Shapes of repeated measures in the API: results, trends with what changed, alerts and retake
schedules, built from the domain's own values."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from crossroads.assessment.rules.alerts import Alert, alert_as_dict
from crossroads.assessment.rules.trends import Measure, Scale, Trend, trend_as_dict
from crossroads.assessment.service.retakes import Retake
from crossroads.web.api.schemas import CrisisOut


class MeasureIn(BaseModel):
    instrument: str = Field(description="phq9, gad7, who5 or pcptsd5")
    answers: Any = Field(
        description="One whole number per item; for pcptsd5 "
        '{"exposure": true, "items": [true, false, ...]} or {"exposure": false}'
    )


class ResultOut(BaseModel):
    id: str
    instrument: str
    taken_at: datetime
    score: int
    band: str


class TrendOut(BaseModel):
    instrument: str
    name: str
    unit: str
    results: list[ResultOut]
    since_previous: str | None
    since_baseline: str | None
    response: bool | None = Field(description="None where no definition is published")
    remission: bool | None = Field(description="None where no definition is published")
    smallest_change: int | None = Field(description="None for a screen read by its cut-point")


class MeasuresOut(BaseModel):
    trends: list[TrendOut]
    crisis: CrisisOut = Field(
        description="At risk while the latest PHQ-9 has item 9 above 0, with the lines to call"
    )


class AlertOut(BaseModel):
    kind: str
    text: str
    source_id: str = Field(
        description="What raised it: a result, a journal entry, a check-in or a conversation"
    )
    taken_at: datetime


class RecordedOut(BaseModel):
    result: ResultOut
    trend: TrendOut
    alerts: list[AlertOut]
    crisis: CrisisOut


class ScheduleIn(BaseModel):
    every_days: int = Field(description="days between retakes, 7 to 365")


class RetakeOut(BaseModel):
    instrument: str
    every_days: int
    due_on: date
    set_by_practitioner: bool


def result_out(measure: Measure, scale: Scale) -> ResultOut:
    return ResultOut(
        id=measure.id,
        instrument=measure.instrument,
        taken_at=measure.taken_at,
        score=measure.score,
        band=scale.band_of(measure.score).name,
    )


def trend_out(trend: Trend) -> TrendOut:
    return TrendOut.model_validate(trend_as_dict(trend))


def alert_out(alert: Alert) -> AlertOut:
    return AlertOut.model_validate(alert_as_dict(alert))


def retake_out(retake: Retake) -> RetakeOut:
    return RetakeOut(
        instrument=retake.instrument,
        every_days=retake.every_days,
        due_on=retake.due_on,
        set_by_practitioner=retake.set_by_practitioner,
    )
