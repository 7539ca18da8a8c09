"""The JSON shapes of the journal API, and the conversion from the services' views."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import (
    MAX_COPING_SENT,
    MAX_EMOTION_WORD,
    MAX_EMOTIONS_SENT,
    MAX_TEXT,
    SCALE,
    EntryKind,
    Situation,
)
from crossroads.journal.rules.insights import JournalInsights, statements
from crossroads.journal.rules.patterns import SliceLeaning
from crossroads.journal.service.entries import StoredEntry
from crossroads.web.api.schemas import CrisisOut, Strict

Scale = Annotated[int, Field(ge=SCALE[0], le=SCALE[-1])]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class EntryIn(Strict):
    mood: Scale
    at: datetime | None = None  # when it happened; now if left out
    emotions: list[Annotated[str, Field(max_length=MAX_EMOTION_WORD)]] = Field(
        default=[], max_length=MAX_EMOTIONS_SENT
    )
    situation: Situation | None = None
    what_happened: Text = ""
    coping: list[CopingKind] = Field(default=[], max_length=MAX_COPING_SENT)
    own_coping: Text = ""
    helped: Scale | None = None
    note: Text = ""


class CorrectionIn(Strict):
    own_coping_kind: CopingKind


class EntryOut(BaseModel):
    id: str
    at: datetime
    kind: EntryKind
    mood: int | None
    emotions: list[str]
    situation: Situation | None
    what_happened: str
    coping: list[CopingKind]
    own_coping: str
    own_coping_kind: CopingKind | None
    own_coping_evidence: str
    corrected: bool
    helped: int | None
    note: str
    answers: dict[str, str]


class AddedEntryOut(BaseModel):
    id: str
    own_coping_kind: CopingKind | None
    crisis: CrisisOut


class KindCountOut(BaseModel):
    kind: CopingKind
    count: int
    share: float


class SliceOut(BaseModel):
    slice: str
    entries: int
    top: KindCountOut


class MoodAfterOut(BaseModel):
    kind: CopingKind
    pairs: int
    mean_change: float
    versus_usual: float


class MonthOut(BaseModel):
    month: date
    uses: int
    maladaptive: int
    share: float


class WeekOfWorkOut(BaseModel):
    """One week's coping (entries naming coping, tools used) and healing work (exercises,
    minutes staying with a feeling); `starts` is its Monday in the person's zone."""

    starts: date
    entries: int
    coped: int
    tools: int
    exercises: int
    minutes_felt: int


class InsightsOut(BaseModel):
    entries: int
    statements: list[str]
    suggest_therapy: list[str]  # reasons, when the journal's rule for suggesting therapy holds
    leaning: list[KindCountOut]
    by_time_of_day: list[SliceOut]
    by_weekday: list[SliceOut]
    by_situation: list[SliceOut]
    usual_mood_change: float | None
    mood_after: list[MoodAfterOut]
    maladaptive_by_month: list[MonthOut]
    mood_trend_per_month: float | None
    mood_trend_mean: float | None  # the trend's level: the mean of the moods it is fitted to
    daily_mood: list[tuple[date, float]]
    exercises_done: int
    days_stayed_with_it: int
    balance: list[WeekOfWorkOut]  # the last 8 weeks, oldest first
    maladaptive_reliance: str | None  # falling, rising, steady; None with too little to say


def entry_out(stored: StoredEntry) -> EntryOut:
    e = stored.entry
    return EntryOut(
        id=stored.id,
        at=e.at,
        kind=e.kind,
        mood=e.mood,
        emotions=list(e.emotions),
        situation=e.situation,
        what_happened=e.what_happened,
        coping=list(e.coping),
        own_coping=e.own_coping,
        own_coping_kind=e.own_coping_kind,
        own_coping_evidence=stored.evidence,
        corrected=e.corrected,
        helped=e.helped,
        note=e.note,
        answers=dict(e.answers),
    )


def _slices(found: Sequence[SliceLeaning]) -> list[SliceOut]:
    return [
        SliceOut(slice=s.name, entries=s.entries, top=KindCountOut(**vars(s.top))) for s in found
    ]


def insights_out(found: JournalInsights) -> InsightsOut:
    said = statements(found)
    after = found.mood_after
    return InsightsOut(
        entries=found.entries,
        statements=[s.text for s in said if s.topic != "therapy"],
        suggest_therapy=[s.text for s in said if s.topic == "therapy"],
        leaning=[KindCountOut(**vars(k)) for k in found.leaning.kinds] if found.leaning else [],
        by_time_of_day=_slices(found.by_time_of_day),
        by_weekday=_slices(found.by_weekday),
        by_situation=_slices(found.by_situation),
        usual_mood_change=after.usual_change if after else None,
        mood_after=[MoodAfterOut(**vars(k)) for k in after.kinds] if after else [],
        maladaptive_by_month=[
            MonthOut(month=m.month, uses=m.uses, maladaptive=m.maladaptive, share=m.share)
            for m in found.monthly
        ],
        mood_trend_per_month=found.trend.per_month if found.trend else None,
        mood_trend_mean=found.trend.mean_mood if found.trend else None,
        daily_mood=list(found.daily_mood),
        exercises_done=found.acknowledgement.exercises,
        days_stayed_with_it=found.acknowledgement.stayed_with_it,
        balance=[
            WeekOfWorkOut(
                starts=week.starts,
                entries=week.entries,
                coped=week.coped,
                tools=week.tools,
                exercises=week.exercises,
                minutes_felt=week.minutes_felt,
            )
            for week in found.balance.weeks
        ],
        maladaptive_reliance=found.balance.reliance,
    )
