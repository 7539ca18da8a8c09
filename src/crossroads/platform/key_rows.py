"""Data keys, one or more per owner, each wrapped by a master key, and every query on them."""

from datetime import datetime

from sqlalchemy import LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class DataKeyRow(Base):
    """`owner_id` is a person's id, or `assessment:<id>` for an anonymous assessment. It is
    deliberately no foreign key: deleting the key is what makes the owner's data unreadable."""

    __tablename__ = "data_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(64), index=True)
    master_key_id: Mapped[str] = mapped_column(String(64))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


def add_data_key(session: Session, row: DataKeyRow) -> DataKeyRow:
    session.add(row)
    session.flush()
    return row


def find_data_key(session: Session, key_id: str) -> DataKeyRow | None:
    return session.get(DataKeyRow, key_id)


def newest_data_key(session: Session, owner_id: str) -> DataKeyRow | None:
    return session.scalar(
        select(DataKeyRow)
        .where(DataKeyRow.owner_id == owner_id)
        .order_by(DataKeyRow.created_at.desc(), DataKeyRow.id)
        .limit(1)
    )


def data_keys_not_wrapped_by(session: Session, master_key_id: str, limit: int) -> list[DataKeyRow]:
    return list(
        session.scalars(
            select(DataKeyRow)
            .where(DataKeyRow.master_key_id != master_key_id)
            .order_by(DataKeyRow.id)
            .limit(limit)
        )
    )


def destroy_data_keys(session: Session, owner_id: str) -> int:
    result = session.execute(delete(DataKeyRow).where(DataKeyRow.owner_id == owner_id))
    return int(result.rowcount)  # type: ignore[attr-defined]
