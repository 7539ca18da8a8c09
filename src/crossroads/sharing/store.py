"""Grants of access from a client to a practitioner, shares with an address no practitioner has,
and every query on them."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class GrantRow(Base):
    __tablename__ = "grants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    practitioner_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def add_grant(session: Session, row: GrantRow) -> GrantRow:
    session.add(row)
    session.flush()
    return row


def find_grant(session: Session, grant_id: str) -> GrantRow | None:
    return session.get(GrantRow, grant_id)


def grants_of_client(session: Session, client_id: str) -> list[GrantRow]:
    return list(
        session.scalars(
            select(GrantRow).where(GrantRow.client_id == client_id).order_by(GrantRow.granted_at)
        )
    )


def grants_to_practitioner(session: Session, practitioner_id: str) -> list[GrantRow]:
    return list(
        session.scalars(
            select(GrantRow)
            .where(GrantRow.practitioner_id == practitioner_id, GrantRow.revoked_at.is_(None))
            .order_by(GrantRow.granted_at)
        )
    )


class UnmatchedShareRow(Base):
    """A share with an address no practitioner has: kept and listed like a grant, so the page
    does not tell whether the address has an account, and opening nothing."""

    __tablename__ = "unmatched_shares"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    practitioner_email: Mapped[str] = mapped_column(String(254))
    area: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def add_unmatched_share(session: Session, row: UnmatchedShareRow) -> None:
    session.add(row)
    session.flush()


def find_unmatched_share(session: Session, share_id: str) -> UnmatchedShareRow | None:
    return session.get(UnmatchedShareRow, share_id)


def unmatched_shares_of(session: Session, client_id: str) -> list[UnmatchedShareRow]:
    return list(
        session.scalars(
            select(UnmatchedShareRow)
            .where(UnmatchedShareRow.client_id == client_id)
            .order_by(UnmatchedShareRow.granted_at)
        )
    )
