"""Repeated measures and their retake schedules, with every query on them.

A measure's answers and total are sealed with its owner's data key; left in plaintext is only
what ordering and reminders need: the owner, the instrument and the time it was taken.
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.store.base import Base, UtcDateTime

_OWNER = "people.id"


class MeasureRow(Base):
    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_owner_taken", "owner_id", "taken_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(16))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class ScheduleRow(Base):
    """Retake `instrument` every `every_days`; `reminded_for` is the due day last reminded of."""

    __tablename__ = "measure_schedules"
    __table_args__ = (UniqueConstraint("owner_id", "instrument"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(16))
    every_days: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str | None] = mapped_column(ForeignKey(_OWNER, ondelete="SET NULL"), index=True)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reminded_for: Mapped[date | None] = mapped_column(Date)


def add(session: Session, row: MeasureRow | ScheduleRow) -> None:
    session.add(row)
    session.flush()


def measures_of(session: Session, owner_id: str) -> list[MeasureRow]:
    return list(
        session.scalars(
            select(MeasureRow).where(MeasureRow.owner_id == owner_id).order_by(MeasureRow.taken_at)
        )
    )


def schedules_of(session: Session, owner_id: str) -> list[ScheduleRow]:
    return list(
        session.scalars(
            select(ScheduleRow)
            .where(ScheduleRow.owner_id == owner_id)
            .order_by(ScheduleRow.instrument)
        )
    )


def find_schedule(session: Session, owner_id: str, instrument: str) -> ScheduleRow | None:
    return session.scalars(
        select(ScheduleRow).where(
            ScheduleRow.owner_id == owner_id, ScheduleRow.instrument == instrument
        )
    ).first()


def delete_schedule(session: Session, row: ScheduleRow) -> None:
    session.delete(row)
    session.flush()


def all_schedules(session: Session) -> list[ScheduleRow]:
    """Every schedule, grouped by owner, for the reminder pass; locked, so that a second pass
    running at once (another worker, on PostgreSQL) skips them rather than remind twice."""
    return list(
        session.scalars(
            select(ScheduleRow)
            .order_by(ScheduleRow.owner_id, ScheduleRow.instrument)
            .with_for_update(skip_locked=True)
        )
    )


def last_taken(session: Session, owner_id: str) -> dict[str, datetime]:
    """When each instrument was last taken by this owner."""
    rows = session.execute(
        select(MeasureRow.instrument, MeasureRow.taken_at).where(MeasureRow.owner_id == owner_id)
    )
    latest: dict[str, datetime] = {}
    for instrument, taken_at in rows:
        if instrument not in latest or taken_at > latest[instrument]:
            latest[instrument] = taken_at
    return latest
