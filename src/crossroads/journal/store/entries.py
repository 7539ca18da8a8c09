"""Journal entries and a person's corrections of the coping classifier, with every query on
them.

Everything a person wrote or rated (mood, emotions, what happened, coping, notes, an exercise's
kind and answers) is sealed with their data key in `sealed`. Left in plaintext is only what
ordering and the timeline need: ids, the owner, the moment and the owner's local day.
`legacy_kind` holds the kind of rows stored before it was sealed, until `crossroads db upgrade`
seals it.
"""

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

_OWNER = "people.id"


class JournalEntryRow(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_owner_id_at", "owner_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())  # when it happened
    day: Mapped[date] = mapped_column(Date)  # the owner's local day of `at`
    legacy_kind: Mapped[str | None] = mapped_column("kind", String(24))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class CopingCorrectionRow(Base):
    """The coping a person said their words described, when the classifier read it otherwise;
    their own classifications follow these examples."""

    __tablename__ = "coping_corrections"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


def add(session: Session, rows: Iterable[JournalEntryRow | CopingCorrectionRow]) -> None:
    session.add_all(rows)
    session.flush()


def find_entry(session: Session, entry_id: str) -> JournalEntryRow | None:
    return session.get(JournalEntryRow, entry_id)


def entries_of(
    session: Session, owner_id: str, *, since: datetime | None = None
) -> list[JournalEntryRow]:
    """The owner's entries, oldest first; from `since` on when given."""
    query = select(JournalEntryRow).where(JournalEntryRow.owner_id == owner_id)
    if since is not None:
        query = query.where(JournalEntryRow.at >= since)
    return list(session.scalars(query.order_by(JournalEntryRow.at, JournalEntryRow.id)))


def entries_with_plaintext_kind(session: Session, *, limit: int) -> list[JournalEntryRow]:
    return list(
        session.scalars(
            select(JournalEntryRow).where(JournalEntryRow.legacy_kind.is_not(None)).limit(limit)
        )
    )


def corrections_of(session: Session, owner_id: str) -> list[CopingCorrectionRow]:
    return list(
        session.scalars(
            select(CopingCorrectionRow)
            .where(CopingCorrectionRow.owner_id == owner_id)
            .order_by(CopingCorrectionRow.created_at, CopingCorrectionRow.id)
        )
    )


def delete_entry(session: Session, row: JournalEntryRow) -> None:
    session.delete(row)
    session.flush()
