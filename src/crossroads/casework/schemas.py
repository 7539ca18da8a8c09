"""Shapes of a practitioner's caseload in the API and in the caseload export: each area present
only when the client shares it (null otherwise), alerts first."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from crossroads.assessment.schemas import (
    AlertOut,
    RetakeOut,
    TrendOut,
    alert_out,
    retake_out,
    trend_out,
)
from crossroads.casework.service.caseload import CaseloadEntry, ClientMeasure, Overview
from crossroads.casework.service.records import Records
from crossroads.coaching.schemas import GoalOut, goal_out
from crossroads.kernel.people import Person


class CaseloadEntryOut(BaseModel):
    client_id: str
    display_name: str
    areas: list[str]
    alerts: list[AlertOut] | None = Field(
        description="null without the assessments, journal or coaching grant"
    )


class BookingOut(BaseModel):
    id: str
    kind: str
    starts: datetime
    ends: datetime


class OpenReferralOut(BaseModel):
    id: str
    to: str
    created_at: datetime


class NoteOut(BaseModel):
    id: str
    written_at: datetime
    shared: bool
    text: str


class HomeworkOut(BaseModel):
    id: str
    text: str
    due_on: date
    done: bool


class OverviewOut(BaseModel):
    client_id: str
    display_name: str
    areas: list[str]
    alerts: list[AlertOut] | None
    measures: list[TrendOut] | None
    retakes: list[RetakeOut] | None
    goals: list[GoalOut] | None
    journal: list[str] | None
    bookings: list[BookingOut]
    open_referrals: list[OpenReferralOut]
    notes: list[NoteOut] = Field(description="your own notes about this client")
    homework: list[HomeworkOut] = Field(description="homework you set this client")


class ClientMeasureOut(BaseModel):
    client_id: str
    instrument: str
    name: str
    trend: TrendOut | None = Field(description="null before the client's first result")


class NoteIn(BaseModel):
    text: str = Field(max_length=10_000)
    shared: bool = False


class HomeworkIn(BaseModel):
    text: str = Field(max_length=1_000)
    due_on: date


class CaseloadExport(BaseModel):
    exported_at: datetime
    practitioner: str
    clients: list[OverviewOut]


def entry_out(entry: CaseloadEntry) -> CaseloadEntryOut:
    return CaseloadEntryOut(
        client_id=entry.client.id,
        display_name=entry.client.display_name,
        areas=[str(area) for area in entry.areas],
        alerts=[alert_out(a) for a in entry.alerts] if entry.alerts is not None else None,
    )


def overview_out(found: Overview) -> OverviewOut:
    return OverviewOut(
        client_id=found.client.id,
        display_name=found.client.display_name,
        areas=[str(area) for area in found.areas],
        alerts=[alert_out(a) for a in found.alerts] if found.alerts is not None else None,
        measures=[trend_out(t) for t in found.trends] if found.trends is not None else None,
        retakes=[retake_out(r) for r in found.retakes] if found.retakes is not None else None,
        goals=[goal_out(g) for g in found.goals] if found.goals is not None else None,
        journal=[s.text for s in found.journal] if found.journal is not None else None,
        bookings=[
            BookingOut(id=b.id, kind=str(b.kind), starts=b.starts, ends=b.ends)
            for b in found.bookings
        ],
        open_referrals=[
            OpenReferralOut(id=r.id, to=str(r.to), created_at=r.created_at) for r in found.referrals
        ],
        notes=[
            NoteOut(id=n.id, written_at=n.written_at, shared=n.shared, text=n.text)
            for n in found.notes
        ],
        homework=[
            HomeworkOut(id=h.id, text=h.text, due_on=h.due_on, done=h.done) for h in found.homework
        ],
    )


def client_measure_out(found: ClientMeasure) -> ClientMeasureOut:
    return ClientMeasureOut(
        client_id=found.client.id,
        instrument=found.scale.key,
        name=found.scale.name,
        trend=trend_out(found.trend) if found.trend is not None else None,
    )


def export_out(practitioner: Person, overviews: list[Overview], now: datetime) -> CaseloadExport:
    return CaseloadExport(
        exported_at=now,
        practitioner=practitioner.label,
        clients=[overview_out(found) for found in overviews],
    )


class RecordOut(BaseModel):
    id: str
    client: str
    client_deleted: bool
    written_at: datetime
    shared: bool
    text: str
    kept_until: date


class RecordsOut(BaseModel):
    keeping_years: int
    own_setting: bool
    notes: list[RecordOut]


class KeepingIn(BaseModel):
    """Null returns to the deployment's default."""

    records_kept_years: int | None = None


def records_out(records: Records) -> RecordsOut:
    return RecordsOut(
        keeping_years=records.keeping_years,
        own_setting=records.own_setting,
        notes=[
            RecordOut(
                id=note.id,
                client=note.client,
                client_deleted=note.client_deleted,
                written_at=note.written_at,
                shared=note.shared,
                text=note.text,
                kept_until=note.kept_until,
            )
            for note in records.notes
        ],
    )
