"""Invitations from a client to a trusted person, and every query on them. Who the trusted
person is (name and address) is sealed with the client's key; the link's token is kept only as
a digest, plain, so that a visit can find its invitation."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class TrustedPersonRow(Base):
    __tablename__ = "trusted_people"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[str] = mapped_column(Text)  # {"name": ..., "email": ...}
    # None once revoked: no link, old or new, can find the invitation again.
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    areas: Mapped[str] = mapped_column(String(64))  # the areas shared, comma-separated
    show_my_name: Mapped[bool] = mapped_column(Boolean)
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime())
    link_sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    link_expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def add_trusted_person(session: Session, row: TrustedPersonRow) -> None:
    session.add(row)
    session.flush()


def find_trusted_person(session: Session, invitation_id: str) -> TrustedPersonRow | None:
    return session.get(TrustedPersonRow, invitation_id)


def trusted_people_of(session: Session, client_id: str) -> list[TrustedPersonRow]:
    return list(
        session.scalars(
            select(TrustedPersonRow)
            .where(TrustedPersonRow.client_id == client_id)
            .order_by(TrustedPersonRow.invited_at, TrustedPersonRow.id)
        )
    )


def find_by_digest(session: Session, digest: str) -> TrustedPersonRow | None:
    """The standing invitation whose link has this digest; None for a revoked one."""
    return session.scalar(
        select(TrustedPersonRow).where(
            TrustedPersonRow.token_digest == digest, TrustedPersonRow.revoked_at.is_(None)
        )
    )
