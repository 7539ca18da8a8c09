"""Personal access tokens for the API and the one-time links mailed to a person (password reset,
address confirmation), kept only as digests."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class AccessTokenRow(Base):
    __tablename__ = "access_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PasswordResetRow(Base):
    __tablename__ = "password_resets"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # "reset" sets a new password; "confirm" opens an account made on the sign-up page.
    purpose: Mapped[str] = mapped_column(String(16), default="reset", server_default="reset")


def add_access_token(session: Session, row: AccessTokenRow) -> AccessTokenRow:
    session.add(row)
    session.flush()
    return row


def find_access_token(session: Session, token_digest: str) -> AccessTokenRow | None:
    return session.scalar(select(AccessTokenRow).where(AccessTokenRow.token_digest == token_digest))


def access_tokens_of(session: Session, person_id: str) -> list[AccessTokenRow]:
    return list(
        session.scalars(
            select(AccessTokenRow)
            .where(AccessTokenRow.person_id == person_id)
            .order_by(AccessTokenRow.created_at)
        )
    )


def find_access_token_of(session: Session, person_id: str, token_id: str) -> AccessTokenRow | None:
    row = session.get(AccessTokenRow, token_id)
    return row if row is not None and row.person_id == person_id else None


def add_password_reset(session: Session, row: PasswordResetRow) -> None:
    session.add(row)
    session.flush()


def find_password_reset(session: Session, token_digest: str) -> PasswordResetRow | None:
    return session.get(PasswordResetRow, token_digest)


def revoke_access_tokens_of(session: Session, person_id: str, now: datetime) -> None:
    """Revoke every token of a person still in force: API and calendar alike."""
    session.execute(
        update(AccessTokenRow)
        .where(AccessTokenRow.person_id == person_id, AccessTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def delete_unused_links_of(session: Session, person_id: str, purpose: str) -> None:
    session.execute(
        delete(PasswordResetRow).where(
            PasswordResetRow.person_id == person_id,
            PasswordResetRow.purpose == purpose,
            PasswordResetRow.used_at.is_(None),
        )
    )
