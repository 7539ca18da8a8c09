"""The JSON shapes of the coaching API: what comes in, what goes out, and the conversion from
the services' views."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules import checkins, experiments
from crossroads.coaching.rules.checkins import CONFIDENCE, LONGEST_CUSTOM, SHORTEST_CUSTOM, Cadence
from crossroads.coaching.rules.experiments import MAX_STRATEGY, Outcome
from crossroads.coaching.rules.goals import (
    FIRST_POSITION,
    MAX_COMMENT,
    MAX_STEP,
    MAX_UNIT,
    MAX_WHAT,
    MAX_WHY,
    GoalStatus,
    Measure,
    MeasureKind,
    StepStatus,
)
from crossroads.coaching.service.goal_detail import GoalDetail
from crossroads.coaching.service.goals import GoalSummary
from crossroads.web.api.schemas import CrisisOut, Strict

EveryDays = Annotated[int, Field(ge=SHORTEST_CUSTOM, le=LONGEST_CUSTOM)]
CheckInNote = Annotated[str, Field(max_length=checkins.MAX_NOTE)]


class MeasureIn(Strict):
    kind: MeasureKind
    unit: str = Field("", max_length=MAX_UNIT)
    start: float = 0.0
    target: float | None = None

    def as_measure(self) -> Measure:
        return Measure(self.kind, self.unit, self.start, self.target)


class GoalIn(Strict):
    what: str = Field(max_length=MAX_WHAT)
    why: str = Field("", max_length=MAX_WHY)
    area: Area = Area.OTHER
    measure: MeasureIn | None = None
    target_date: date | None = None
    cadence: Cadence = Cadence.WEEKLY
    every_days: EveryDays | None = None


class GoalPatch(Strict):
    """Give `status` to archive, reopen or mark achieved; give any other field to change it."""

    status: GoalStatus | None = None
    what: str | None = Field(None, max_length=MAX_WHAT)
    why: str | None = Field(None, max_length=MAX_WHY)
    area: Area | None = None
    measure: MeasureIn | None = None
    target_date: date | None = None
    cadence: Cadence | None = None
    every_days: EveryDays | None = None


class StepIn(Strict):
    text: str = Field(max_length=MAX_STEP)
    due_on: date | None = None


class StepPatch(Strict):
    """`status` marks it; `text` and/or `due_on` re-plan it (and open it again); `position`
    moves it, 1 being first."""

    status: StepStatus | None = None
    text: str | None = Field(None, max_length=MAX_STEP)
    due_on: date | None = None
    position: int | None = Field(None, ge=FIRST_POSITION)


class ObstacleIn(Strict):
    text: str = Field(max_length=MAX_STRATEGY)


class StrategyIn(Strict):
    text: str = Field(max_length=MAX_STRATEGY)
    starts_on: date | None = None
    ends_on: date | None = None


class StrategyOutcomeIn(Strict):
    outcome: Outcome
    note: str = Field("", max_length=experiments.MAX_NOTE)


class CheckInIn(Strict):
    value: float | None = None
    done: bool | None = None
    did: CheckInNote = ""
    blocked: CheckInNote = ""
    confidence: int | None = Field(None, ge=CONFIDENCE[0], le=CONFIDENCE[-1])
    day: date | None = Field(None, description="The day it counts for; today if left out.")


class CommentIn(Strict):
    text: str = Field(max_length=MAX_COMMENT)


class ProgressOut(BaseModel):
    as_of: date
    current: float | None
    percent: float | None
    pace: Literal["on_track", "behind", "reached", "overdue", "open", "unplanned"]
    expected: float | None
    behind_by: float | None
    milestones: list[dict[str, int | date]]


class StandingOut(BaseModel):
    due: bool
    streak: int
    missed_in_a_row: int
    nudge: bool
    next_due: date


class GoalOut(BaseModel):
    id: str
    status: GoalStatus
    what: str
    why: str
    area: Area
    measure: MeasureIn | None
    starts_on: date
    target_date: date | None
    cadence: Cadence
    every_days: int
    vague: list[str] = Field(description="What would make the goal concrete, if anything.")
    progress: ProgressOut
    check_ins: StandingOut


class StepOut(BaseModel):
    id: str
    text: str
    position: int
    status: StepStatus
    due_on: date | None
    homework_from: str | None


class StrategyOut(BaseModel):
    id: str
    text: str
    starts_on: date | None
    ends_on: date | None
    outcome: Outcome | None
    note: str


class ObstacleOut(BaseModel):
    id: str
    text: str
    strategies: list[StrategyOut]


class CheckInOut(BaseModel):
    id: str
    day: date
    recorded_at: datetime
    value: float | None
    done: bool | None
    did: str
    blocked: str
    confidence: int | None


class CommentOut(BaseModel):
    id: str
    author: str
    created_at: datetime
    text: str


class GoalDetailOut(GoalOut):
    steps: list[StepOut]
    obstacles: list[ObstacleOut]
    check_in_history: list[CheckInOut]
    comments: list[CommentOut]


class ChangedGoalOut(GoalOut):
    crisis: CrisisOut


class JudgedOut(StrategyOut):
    crisis: CrisisOut


def goal_out(summary: GoalSummary) -> GoalOut:
    goal, progress, standing = summary.goal, summary.progress, summary.standing
    measure = goal.measure
    return GoalOut(
        id=summary.id,
        status=summary.status,
        what=goal.what,
        why=goal.why,
        area=goal.area,
        measure=None
        if measure is None
        else MeasureIn(
            kind=measure.kind, unit=measure.unit, start=measure.start, target=measure.target
        ),
        starts_on=goal.starts_on,
        target_date=goal.target_date,
        cadence=summary.schedule.cadence,
        every_days=summary.schedule.every_days,
        vague=[str(gap) for gap in summary.prompts],
        progress=ProgressOut(
            as_of=progress.as_of,
            current=progress.current,
            percent=progress.percent,
            pace=progress.pace.value,
            expected=progress.expected,
            behind_by=progress.behind_by,
            milestones=[{"percent": m.percent, "day": m.day} for m in progress.milestones],
        ),
        check_ins=StandingOut(
            due=summary.reminding and standing.due,
            streak=standing.streak,
            missed_in_a_row=standing.missed_in_a_row,
            nudge=summary.reminding and standing.nudge,
            next_due=standing.period_starts if standing.due else standing.next_period_starts,
        ),
    )


def detail_out(detail: GoalDetail) -> GoalDetailOut:
    return GoalDetailOut(
        **goal_out(detail.summary).model_dump(),
        steps=[
            StepOut(
                id=s.id,
                text=s.text,
                position=s.position,
                status=s.status,
                due_on=s.due_on,
                homework_from=s.assigned_by,
            )
            for s in detail.steps
        ],
        obstacles=[
            ObstacleOut(
                id=o.id,
                text=o.text,
                strategies=[
                    StrategyOut(
                        id=v.id,
                        text=v.strategy.text,
                        starts_on=v.strategy.starts_on,
                        ends_on=v.strategy.ends_on,
                        outcome=v.strategy.outcome,
                        note=v.strategy.note,
                    )
                    for v in o.strategies
                ],
            )
            for o in detail.obstacles
        ],
        check_in_history=[
            CheckInOut(id=c.id, day=c.day, recorded_at=c.recorded_at, **vars(c.report))
            for c in detail.check_ins
        ],
        comments=[
            CommentOut(id=c.id, author=c.author, created_at=c.created_at, text=c.text)
            for c in detail.comments
        ],
    )
