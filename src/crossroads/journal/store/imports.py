"""Journal imports too large to add while a request waits, with every query on them.

The entries to add are sealed with the owner's data key in `sealed` until the last is added;
`added` counts those already stored, committed with them, so an import picked up again after a
crash neither repeats nor skips one. A worker holds an import while `claimed_until` is ahead.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

WAITING = "waiting"  # not finished: being added while claimed, else waiting for a worker
DONE = "done"
FAILED = "failed"


class JournalImportRow(Base):
    __tablename__ = "journal_imports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(12))
    total: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sealed: Mapped[str | None] = mapped_column(Text, nullable=True)  # the entries, until done
    # What the crisis screen found in the entries added so far, for the page shown at the end.
    sealed_screen: Mapped[str | None] = mapped_column(Text, nullable=True)


def add(session: Session, row: JournalImportRow) -> None:
    session.add(row)
    session.flush()


def find(session: Session, import_id: str) -> JournalImportRow | None:
    return session.get(JournalImportRow, import_id)


def unfinished_of(session: Session, owner_id: str) -> JournalImportRow | None:
    return session.scalar(
        select(JournalImportRow)
        .where(JournalImportRow.owner_id == owner_id, JournalImportRow.status == WAITING)
        .limit(1)
    )


def forget_finished(session: Session, owner_id: str) -> None:
    """The owner's finished imports, whose pages have served their purpose."""
    session.execute(
        delete(JournalImportRow).where(
            JournalImportRow.owner_id == owner_id, JournalImportRow.status != WAITING
        )
    )


def claimable(
    session: Session, now: datetime, most_attempts: int, import_id: str | None = None
) -> JournalImportRow | None:
    """An unfinished import nobody holds a live claim on (`import_id`, or the oldest), locked
    against other workers: on PostgreSQL with SKIP LOCKED; SQLite serialises writers."""
    query = (
        select(JournalImportRow)
        .where(JournalImportRow.status == WAITING)
        .where(JournalImportRow.attempts < most_attempts)
        .where((JournalImportRow.claimed_until.is_(None)) | (JournalImportRow.claimed_until < now))
        .order_by(JournalImportRow.created_at, JournalImportRow.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if import_id is not None:
        query = query.where(JournalImportRow.id == import_id)
    return session.scalar(query)


def held(session: Session, import_id: str, claimed_until: datetime) -> JournalImportRow | None:
    """The import, locked, if the claim ending at `claimed_until` is still the live one."""
    return session.scalar(
        select(JournalImportRow)
        .where(
            JournalImportRow.id == import_id,
            JournalImportRow.status == WAITING,
            JournalImportRow.claimed_until == claimed_until,
        )
        .with_for_update()
    )
