"""The booking API's bounds are its rules' bounds: a note one past its length is refused with a
422 before any rule runs, and a note of the full length is let through to the rule."""

from datetime import UTC, datetime, timedelta

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.booking.api import BookingIn
from crossroads.booking.rules.limits import MAX_NOTE
from crossroads.platform.runtime import Runtime
from tests.api_bounds import Bound, assert_passes_schema, assert_refused_by_schema, text
from tests.conftest import FormClient
from tests.factories import make_person
from tests.journal.api.test_entries import Api

NOW = datetime.now(UTC)
BOOKING = {"practitioner_id": "p", "starts": (NOW + timedelta(days=2)).isoformat()}
NOTE = Bound(
    "POST", "/api/v1/bookings", BookingIn, ("note",), text(MAX_NOTE), text(MAX_NOTE + 1), BOOKING
)


@pytest.fixture
def api(client: FormClient, runtime: Runtime) -> Api:
    with runtime.database.transaction() as session:
        person = make_person(session, "booker@example.org")
        token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
    return Api(client, token)


def test_a_note_one_past_its_length_is_refused_by_the_schema(api: Api) -> None:
    response = api(NOTE.method, NOTE.url, NOTE.body(NOTE.past))

    assert_refused_by_schema(response, NOTE)


def test_a_note_of_the_full_length_passes_the_schema() -> None:
    assert_passes_schema(NOTE)
