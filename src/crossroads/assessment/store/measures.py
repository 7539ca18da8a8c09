"""Repeated measures and their retake schedules, with every query on them.

A measure's instrument, answers and total are sealed with its owner's data key, and so is a
schedule's instrument: which questionnaires a person answers (a trauma screener, say) is health
information. Left in plaintext is only what ordering and reminders need: the owner and the
times. `legacy_instrument` holds the name on rows stored before it was sealed, until
`crossroads db upgrade` seals it.
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

_OWNER = "people.id"


class MeasureRow(Base):
    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_owner_taken", "owner_id", "taken_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    legacy_instrument: Mapped[str | None] = mapped_column("instrument", String(16))
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class ScheduleRow(Base):
    """Retake the sealed instrument every `every_days`; `reminded_for` is the due day last
    reminded of. One schedule per owner and instrument is kept by the use case, which can read
    the instrument."""

    __tablename__ = "measure_schedules"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    legacy_instrument: Mapped[str | None] = mapped_column("instrument", String(16))
    sealed: Mapped[str | None] = mapped_column(Text)
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
            select(ScheduleRow).where(ScheduleRow.owner_id == owner_id).order_by(ScheduleRow.id)
        )
    )


def delete_schedule(session: Session, row: ScheduleRow) -> None:
    session.delete(row)
    session.flush()


def all_schedules(session: Session) -> list[ScheduleRow]:
    """Every schedule, grouped by owner, for the reminder pass; locked, so that a second pass
    running at once (another worker, on PostgreSQL) skips them rather than remind twice."""
    return list(
        session.scalars(
            select(ScheduleRow)
            .order_by(ScheduleRow.owner_id, ScheduleRow.id)
            .with_for_update(skip_locked=True)
        )
    )


def unsealed_measures(session: Session, *, limit: int) -> list[MeasureRow]:
    return list(
        session.scalars(
            select(MeasureRow).where(MeasureRow.legacy_instrument.is_not(None)).limit(limit)
        )
    )


def unsealed_schedules(session: Session, *, limit: int) -> list[ScheduleRow]:
    return list(
        session.scalars(
            select(ScheduleRow).where(ScheduleRow.legacy_instrument.is_not(None)).limit(limit)
        )
    )
