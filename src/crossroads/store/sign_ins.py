"""Failed sign-in attempts by source address, for rate limiting across every app worker."""

from datetime import datetime

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.store.base import Base, UtcDateTime


class FailedSignInRow(Base):
    __tablename__ = "failed_sign_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


def record_failure(session: Session, source: str, at: datetime) -> None:
    session.add(FailedSignInRow(source=source, at=at))
    session.flush()


def failures_since(session: Session, source: str, since: datetime) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(FailedSignInRow)
        .where(FailedSignInRow.source == source, FailedSignInRow.at >= since)
    )
    return count or 0


def forget_failures_before(session: Session, before: datetime) -> None:
    session.execute(delete(FailedSignInRow).where(FailedSignInRow.at < before))
