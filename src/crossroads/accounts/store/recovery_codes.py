"""Recovery codes for two-factor sign-in: one set of ten per person, each kept as a keyed
digest beside the set's key, sealed under the person's data key (security/recovery_codes.py)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class RecoveryCodeRow(Base):
    """Every code of a set carries the same sealed key and `made_at`; a used code stays, with
    `used_at`, so that the page can say how many are left and a code never works twice."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    sealed_key: Mapped[str] = mapped_column(String(500))
    made_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def codes_of(session: Session, person_id: str) -> list[RecoveryCodeRow]:
    """The person's current set, used codes included."""
    return list(
        session.scalars(
            select(RecoveryCodeRow)
            .where(RecoveryCodeRow.person_id == person_id)
            .order_by(RecoveryCodeRow.id)
        )
    )


def replace_codes(session: Session, person_id: str, rows: list[RecoveryCodeRow]) -> None:
    """The new set in place of the old, whose codes stop working at once."""
    forget_codes(session, person_id)
    session.add_all(rows)
    session.flush()


def forget_codes(session: Session, person_id: str) -> None:
    session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.person_id == person_id))


def spend_code(session: Session, row_id: int, now: datetime) -> bool:
    """Mark the code used, unless a parallel sign-in did so first: only one of them may have
    it. True for the one that did."""
    spent = session.execute(
        update(RecoveryCodeRow)
        .where(RecoveryCodeRow.id == row_id, RecoveryCodeRow.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(spent.rowcount)  # type: ignore[attr-defined]
