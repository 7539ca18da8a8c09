"""Accounts: people with a role, their sign-in secrets and sessions, and every query on them."""

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    bindparam,
    delete,
    func,
    select,
    true,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.kernel.people import Person, Role
from crossroads.platform.base import Base, UtcDateTime


class PersonRow(Base):
    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(500))  # sealed with the person's key
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The time step (30-second count since 1970) of the last code accepted; it and every step
    # before it are refused from then on, so one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # None until the link mailed at sign-up is followed; the account cannot be signed into before.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # An IANA name; check-in days, reminders and slots are read in this zone.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    check_in_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # A two-letter country code or "INTL": whose crisis lines to show first. None: not said.
    region: Mapped[str | None] = mapped_column(String(4))
    # An ISO 3166-2 code ("US-NY", "CA-ON") where licences are issued below the country: which
    # therapists may see the person. None: not said.
    subdivision: Mapped[str | None] = mapped_column(String(6))
    # For a practitioner: the last day a current licence to practise therapy holds, kept from
    # their listing; until then they see clinical questionnaires under an assessments grant.
    clinical_until: Mapped[date | None] = mapped_column(Date)
    # For a practitioner: how many years their practice keeps session notes, from the day each
    # was written; None: the deployment's default (settings.records_kept_years).
    records_kept_years: Mapped[int | None] = mapped_column(Integer)
    # How ready, from 0 to 10, a person must feel before a healing exercise goes on without first
    # suggesting a calming tool; None: the journal's default (exercises.READINESS_THRESHOLD).
    readiness_threshold: Mapped[int | None] = mapped_column(Integer)


def as_person(row: PersonRow) -> Person:
    """The account as the use cases see it."""
    return Person(
        row.id,
        row.email,
        row.display_name,
        Role(row.role),
        row.totp_enabled,
        row.created_at,
        row.time_zone,
        row.check_in_reminders,
        row.region,
        row.subdivision,
    )


class SessionRow(Base):
    """A signed-in browser. `token_digest` is the SHA-256 of the cookie; the cookie is not kept."""

    __tablename__ = "sessions"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())  # for the idle timeout
    second_factor_done: Mapped[bool] = mapped_column(Boolean, default=False)


def add_person(session: Session, person: PersonRow) -> PersonRow:
    session.add(person)
    session.flush()
    return person


def find_person(session: Session, person_id: str) -> PersonRow | None:
    return session.get(PersonRow, person_id)


def find_person_by_email(session: Session, email: str) -> PersonRow | None:
    return session.scalar(select(PersonRow).where(PersonRow.email == email))


def ids_by_email(session: Session, emails: Iterable[str]) -> dict[str, str]:
    """The ids of the accounts with these (normalised) emails, by email; one query."""
    session.flush()
    rows = session.connection().execute(_IDS_BY_EMAIL, {"emails": list(emails)})
    return dict(rows.all())


_IDS_BY_EMAIL = select(PersonRow.email, PersonRow.id).where(
    PersonRow.email.in_(bindparam("emails", expanding=True))
)


def list_people(session: Session) -> list[PersonRow]:
    return list(session.scalars(select(PersonRow).order_by(PersonRow.email)))


def count_people_with_role(session: Session, role: str) -> int:
    return session.scalar(select(func.count()).where(PersonRow.role == role)) or 0


def delete_person(session: Session, person: PersonRow) -> None:
    session.delete(person)
    session.flush()


def add_session(session: Session, row: SessionRow) -> None:
    session.add(row)
    session.flush()


def find_session(session: Session, token_digest: str) -> SessionRow | None:
    return session.get(SessionRow, token_digest)


def find_session_and_person(
    session: Session, token_digest: str
) -> tuple[SessionRow, PersonRow] | None:
    """A session with the person it belongs to, in one round trip: every signed-in request
    asks for both."""
    found = session.execute(
        select(SessionRow, PersonRow)
        .join(PersonRow, PersonRow.id == SessionRow.person_id)
        .where(SessionRow.token_digest == token_digest)
    ).first()
    return None if found is None else (found[0], found[1])


def delete_session(session: Session, token_digest: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.token_digest == token_digest))


def delete_sessions_expired(session: Session, person_id: str, now: datetime) -> None:
    session.execute(
        delete(SessionRow).where(SessionRow.person_id == person_id, SessionRow.expires_at <= now)
    )


def delete_sessions_of(session: Session, person_id: str, keep: str | None = None) -> None:
    """Sign a person out everywhere, except the session `keep` when given."""
    query = delete(SessionRow).where(SessionRow.person_id == person_id)
    if keep is not None:
        query = query.where(SessionRow.token_digest != keep)
    session.execute(query)
