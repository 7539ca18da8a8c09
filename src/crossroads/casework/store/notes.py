"""What a practitioner keeps about a client: session notes, homework and reports the client
shared, with every query on them. All text is sealed with the client's data key, so deleting
the client destroys it. Notes shared with the client and homework are the client's too: when
the practitioner's account goes they stay, with no author (shown as a former practitioner);
notes never shared go with their author (ops/privacy.py)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, delete, false, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

_PERSON = "people.id"


class NoteRow(Base):
    """A session note: the author's own record, sealed under their key (`sealed`), and kept
    when the client's account goes (`client_id` then empty). Once `shared`, the client reads
    `client_copy`, sealed under the client's key. Notes written before this was so are still
    sealed under the client's key (`sealed_for_author` false) until `crossroads db upgrade`."""

    __tablename__ = "session_notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey(_PERSON, ondelete="SET NULL"), index=True
    )
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey(_PERSON, ondelete="SET NULL"), index=True
    )
    written_at: Mapped[datetime] = mapped_column(UtcDateTime())
    shared: Mapped[bool] = mapped_column(Boolean)
    sealed: Mapped[str] = mapped_column(Text)
    client_copy: Mapped[str | None] = mapped_column(Text)
    sealed_for_author: Mapped[bool] = mapped_column(Boolean, server_default=false())


class HomeworkRow(Base):
    """A task a practitioner set a client, done when the client says so."""

    __tablename__ = "homework"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey(_PERSON, ondelete="CASCADE"), index=True)
    assigned_by: Mapped[str | None] = mapped_column(
        ForeignKey(_PERSON, ondelete="SET NULL"), index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class SharedReportRow(Base):
    """A progress report as the client saw it when they shared it with one practitioner."""

    __tablename__ = "shared_reports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey(_PERSON, ondelete="CASCADE"), index=True)
    practitioner_id: Mapped[str] = mapped_column(
        ForeignKey(_PERSON, ondelete="CASCADE"), index=True
    )
    shared_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


def add(session: Session, row: NoteRow | HomeworkRow | SharedReportRow) -> None:
    session.add(row)
    session.flush()


def notes_about(session: Session, client_id: str, author_id: str) -> list[NoteRow]:
    return list(
        session.scalars(
            select(NoteRow)
            .where(NoteRow.client_id == client_id, NoteRow.author_id == author_id)
            .order_by(NoteRow.written_at.desc())
        )
    )


def notes_shared_with(session: Session, client_id: str) -> list[NoteRow]:
    return list(
        session.scalars(
            select(NoteRow)
            .where(NoteRow.client_id == client_id, NoteRow.shared.is_(True))
            .order_by(NoteRow.written_at.desc())
        )
    )


def delete_unshared_notes_by(session: Session, author_id: str) -> None:
    session.execute(
        delete(NoteRow).where(NoteRow.author_id == author_id, NoteRow.shared.is_(False))
    )


def find_note(session: Session, note_id: str) -> NoteRow | None:
    return session.get(NoteRow, note_id)


def homework_of(session: Session, client_id: str) -> list[HomeworkRow]:
    return list(
        session.scalars(
            select(HomeworkRow)
            .where(HomeworkRow.client_id == client_id)
            .order_by(HomeworkRow.due_on, HomeworkRow.assigned_at)
        )
    )


def find_homework(session: Session, homework_id: str) -> HomeworkRow | None:
    return session.get(HomeworkRow, homework_id)


def reports_shared_with(
    session: Session, client_id: str, practitioner_id: str
) -> list[SharedReportRow]:
    return list(
        session.scalars(
            select(SharedReportRow)
            .where(
                SharedReportRow.client_id == client_id,
                SharedReportRow.practitioner_id == practitioner_id,
            )
            .order_by(SharedReportRow.shared_at.desc())
        )
    )


def reports_shared_by(session: Session, client_id: str) -> list[SharedReportRow]:
    return list(
        session.scalars(
            select(SharedReportRow)
            .where(SharedReportRow.client_id == client_id)
            .order_by(SharedReportRow.shared_at)
        )
    )


def find_report(session: Session, report_id: str) -> SharedReportRow | None:
    return session.get(SharedReportRow, report_id)


def delete_report(session: Session, row: SharedReportRow) -> None:
    session.delete(row)
    session.flush()


def notes_written_by(session: Session, author_id: str) -> list[NoteRow]:
    return list(
        session.scalars(
            select(NoteRow).where(NoteRow.author_id == author_id).order_by(NoteRow.written_at)
        )
    )


def notes_of_client(session: Session, client_id: str) -> list[NoteRow]:
    return list(session.scalars(select(NoteRow).where(NoteRow.client_id == client_id)))


def notes_written_before(session: Session, moment: datetime, *, limit: int) -> list[NoteRow]:
    """Notes with an author written before `moment`, oldest first: those a practice may be
    keeping past its time."""
    return list(
        session.scalars(
            select(NoteRow)
            .where(NoteRow.written_at < moment, NoteRow.author_id.is_not(None))
            .order_by(NoteRow.written_at)
            .limit(limit)
        )
    )


def notes_not_sealed_for_author(session: Session, *, limit: int) -> list[NoteRow]:
    return list(
        session.scalars(select(NoteRow).where(NoteRow.sealed_for_author.is_(False)).limit(limit))
    )


def delete_note(session: Session, row: NoteRow) -> None:
    session.delete(row)
    session.flush()
