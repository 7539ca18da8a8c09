"""Throttled attempts (wrong passwords and codes, reset requests, sign-ups) by source address and
by account, for limits that hold across every app worker."""

from datetime import datetime

from sqlalchemy import ColumnElement, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class AttemptRow(Base):
    """`account` is a digest of the email the attempt named, whether or not an account has it,
    so that known and unknown addresses are treated alike."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(64), index=True)
    account: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


def record_attempt(session: Session, *, kind: str, source: str, account: str, at: datetime) -> None:
    session.add(AttemptRow(kind=kind, source=source[:64], account=account, at=at))
    session.flush()


def attempts_by_source(session: Session, kind: str, source: str, since: datetime) -> list[datetime]:
    """When this source made attempts of this kind since `since`, oldest first."""
    return _times(session, kind, since, AttemptRow.source == source[:64])


def attempts_on_account(
    session: Session, kind: str, account: str, since: datetime
) -> list[datetime]:
    """When attempts of this kind named this account since `since`, oldest first."""
    return _times(session, kind, since, AttemptRow.account == account)


def _times(
    session: Session, kind: str, since: datetime, who: ColumnElement[bool]
) -> list[datetime]:
    return list(
        session.scalars(
            select(AttemptRow.at)
            .where(AttemptRow.kind == kind, AttemptRow.at >= since, who)
            .order_by(AttemptRow.at)
        )
    )


def forget_account_attempts(session: Session, kind: str, account: str) -> None:
    session.execute(
        delete(AttemptRow).where(AttemptRow.kind == kind, AttemptRow.account == account)
    )


def forget_attempts_before(session: Session, before: datetime) -> None:
    session.execute(delete(AttemptRow).where(AttemptRow.at < before))
