"""On PostgreSQL the database itself refuses a second live booking of a practitioner over an
overlapping time, whatever the code above it does; cancelled bookings and other practitioners
do not count."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BookingRow
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person

NOON = datetime(2027, 3, 8, 12, 0, tzinfo=UTC)


def row(
    practitioner_id: str, client_id: str, starts: datetime, status: str = "booked"
) -> BookingRow:
    return BookingRow(
        id=str(uuid.uuid4()),
        practitioner_id=practitioner_id,
        client_id=client_id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
        kind="session",
        status=status,
        sequence=0,
        meeting_link="",
        created_at=NOON,
        updated_at=NOON,
        sealed="",
    )


@pytest.fixture
def postgres_only(session: Session) -> Session:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's; SQLite serialises writes instead")
    return session


def test_an_overlapping_live_booking_is_refused_by_the_database(postgres_only: Session) -> None:
    session = postgres_only
    practitioner_id, _ = save_listing(session, listing_fields(), NOON)
    client = make_person(session, "sam@example.org")
    session.add(row(practitioner_id, client.id, NOON))
    session.flush()

    session.add(row(practitioner_id, client.id, NOON + timedelta(minutes=30)))
    with pytest.raises(IntegrityError, match="ex_bookings_no_overlap"):
        session.flush()


def test_back_to_back_cancelled_and_other_practitioners_bookings_are_allowed(
    postgres_only: Session,
) -> None:
    session = postgres_only
    first, _ = save_listing(session, listing_fields(), NOON)
    second, _ = save_listing(session, listing_fields(email="lee@example.org"), NOON)
    client = make_person(session, "sam@example.org")

    session.add_all(
        [
            row(first, client.id, NOON),
            row(first, client.id, NOON + timedelta(minutes=50)),  # starts as the first ends
            row(first, client.id, NOON, status="cancelled"),
            row(second, client.id, NOON),
        ]
    )
    session.flush()
