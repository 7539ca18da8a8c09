"""Referrals from one practitioner to another kind of help, for a client, with every query on
them. The reason and the kind of help suggested are sealed with the client's key: they are
about them, and they read them. `legacy_kind` holds the kind of rows stored before it was
sealed, until `crossroads db upgrade` seals it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

OPEN, ACCEPTED, DECLINED = "open", "accepted", "declined"


class ReferralRow(Base):
    __tablename__ = "referrals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    referrer_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    legacy_kind: Mapped[str | None] = mapped_column("to_kind", String(16))
    status: Mapped[str] = mapped_column(String(16))
    # Whom the client chose; never shown to the referrer.
    chosen_id: Mapped[str | None] = mapped_column(
        ForeignKey("practitioners.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


def add(session: Session, row: ReferralRow) -> None:
    session.add(row)
    session.flush()


def find_referral(session: Session, referral_id: str, *, lock: bool = False) -> ReferralRow | None:
    """The referral; with `lock`, held until the transaction ends, so that two answers sent
    at once cannot both be taken (PostgreSQL; SQLite serialises writers anyway)."""
    return session.get(ReferralRow, referral_id, with_for_update=lock)


def referrals_to_client(session: Session, client_id: str) -> list[ReferralRow]:
    return list(
        session.scalars(
            select(ReferralRow)
            .where(ReferralRow.client_id == client_id)
            .order_by(ReferralRow.created_at.desc())
        )
    )


def referrals_by(session: Session, referrer_id: str) -> list[ReferralRow]:
    return list(
        session.scalars(
            select(ReferralRow)
            .where(ReferralRow.referrer_id == referrer_id)
            .order_by(ReferralRow.created_at.desc())
        )
    )


def referrals_with_plaintext_kind(session: Session, *, limit: int) -> list[ReferralRow]:
    return list(
        session.scalars(
            select(ReferralRow).where(ReferralRow.legacy_kind.is_not(None)).limit(limit)
        )
    )
