"""Care team members and coordination notes, with every query on them. Whatever a member may
read in the team (the reason a referral gave, the coordination note) is sealed under the
client's key: it is about the client, and goes with their account."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class MemberRow(Base):
    """A practitioner in a client's team: added by the client, or by accepting a referral
    (`joined_through`). `sees_team` is the client's consent that this member sees who else
    helps and reads the coordination note; `sealed` holds the referral's reason, when the
    client let the member read it."""

    __tablename__ = "care_team_members"
    __table_args__ = (UniqueConstraint("client_id", "practitioner_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practitioner_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    joined_through: Mapped[str] = mapped_column(String(16))
    sees_team: Mapped[bool] = mapped_column(Boolean)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sealed: Mapped[str | None] = mapped_column(Text)


class CoordinationNoteRow(Base):
    """Who does what and when to hand over: one per client, written by the client or any
    member who sees the team. Not a session note: every member who sees the team reads it."""

    __tablename__ = "coordination_notes"

    client_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    sealed: Mapped[str] = mapped_column(Text)


def current_member(session: Session, client_id: str, practitioner_id: str) -> MemberRow | None:
    """The practitioner's place in the client's team, unless they have left it."""
    return session.scalar(
        select(MemberRow).where(
            MemberRow.client_id == client_id,
            MemberRow.practitioner_id == practitioner_id,
            MemberRow.left_at.is_(None),
        )
    )


def member_row(session: Session, client_id: str, practitioner_id: str) -> MemberRow | None:
    """The practitioner's row in the client's team, current or left: there is one per pair."""
    return session.scalar(
        select(MemberRow).where(
            MemberRow.client_id == client_id, MemberRow.practitioner_id == practitioner_id
        )
    )


def find_member(session: Session, member_id: str) -> MemberRow | None:
    return session.get(MemberRow, member_id)


def current_members(session: Session, client_id: str) -> list[MemberRow]:
    return list(
        session.scalars(
            select(MemberRow)
            .where(MemberRow.client_id == client_id, MemberRow.left_at.is_(None))
            .order_by(MemberRow.joined_at, MemberRow.id)
        )
    )


def add_member(session: Session, row: MemberRow) -> MemberRow:
    session.add(row)
    session.flush()
    return row


def find_note(session: Session, client_id: str) -> CoordinationNoteRow | None:
    return session.get(CoordinationNoteRow, client_id)


def put_note(
    session: Session, client_id: str, *, sealed: str, updated_by: str, now: datetime
) -> None:
    row = session.get(CoordinationNoteRow, client_id)
    if row is None:
        session.add(
            CoordinationNoteRow(
                client_id=client_id, sealed=sealed, updated_by=updated_by, updated_at=now
            )
        )
    else:
        row.sealed, row.updated_by, row.updated_at = sealed, updated_by, now
    session.flush()
