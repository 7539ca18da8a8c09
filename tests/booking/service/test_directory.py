"""The directory service: listings read as people write them, and refused by name when they do
not make sense, however odd the input."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import listing, own_fields, save_listing, save_own_listing
from crossroads.booking.store import PractitionerRow
from crossroads.kernel.errors import InvalidInput
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Europe"}, "time_zone"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"availability": [1]}, "availability"),
        ({"availability": "x"}, "availability"),
        ({"availability": {"weekly": [[0, "09:00"]]}}, "availability"),
        ({"fee": float("inf")}, "fee"),
        ({"fee": "lots"}, "fee"),
        ({"online": "perhaps"}, "online"),
    ],
)
def test_a_listing_that_makes_no_sense_is_refused_naming_the_field(
    session: Session, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        save_listing(session, listing_fields(**changes), NOW)

    assert refused.value.field == field


def test_yes_and_no_written_as_text_are_read_as_meant(session: Session) -> None:
    listing_id, _ = save_listing(
        session, listing_fields(online="false", in_person="yes", location="Leeds"), NOW
    )

    profile = listing(session, listing_id).profile

    assert (profile.online, profile.in_person) == (False, True)


def test_hours_are_stored_in_their_plain_form(session: Session) -> None:
    person = make_person(session, "noa@example.org", role="practitioner")
    hours = {"weekly": [[1.0, "09:00", "12:00"]], "session_minutes": 45.0}

    save_own_listing(session, person, listing_fields(availability=hours), NOW)

    stored = own_fields(session, person)
    assert stored is not None
    assert stored["availability"]["weekly"] == [[1, "09:00", "12:00"]]
    assert stored["availability"]["session_minutes"] == 45
    assert stored["email"] == "noa@example.org"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Dr Ana\nRivera"),
        ("name", "Dr Ana\rBcc: everyone@example.org"),
        ("name", "Dr Ana\u2028Rivera"),
        ("name", "Dr Ana\x00Rivera"),
        ("location", "Leeds\x1b[2J"),
        ("meeting_link", "https://meet.example.org/a\nb"),
        ("specialties", ["anxiety\ntrauma"]),
        ("bio", "Fifteen years\x07 of practice"),
    ],
)
def test_a_line_break_or_control_character_in_a_single_line_field_is_refused(
    session: Session, field: str, value: Any
) -> None:
    practitioner = make_person(session, "rivera@example.org", role="practitioner")

    with pytest.raises(InvalidInput) as refused:
        save_own_listing(session, practitioner, listing_fields(**{field: value}), NOW)

    assert refused.value.field == field


def test_a_bio_may_run_over_several_lines(session: Session) -> None:
    practitioner = make_person(session, "rivera@example.org", role="practitioner")
    bio = "Fifteen years of practice.\n\nI work with adults."

    listing_id = save_own_listing(session, practitioner, listing_fields(bio=bio), NOW)

    assert listing(session, listing_id).profile.bio == bio


def test_a_licence_is_stored_as_where_it_holds(session: Session) -> None:
    person = make_person(session, "rivera@example.org", role="practitioner")
    licences = [
        {"type": "LPC", "jurisdiction": " ny ", "number": "NY-1", "expires_on": "2030-01-01"}
    ]

    save_own_listing(session, person, listing_fields(licences=licences), NOW)
    fields = own_fields(session, person)

    assert fields is not None
    assert fields["licences"] == [
        {"type": "LPC", "jurisdiction": "US-NY", "number": "NY-1", "expires_on": "2030-01-01"}
    ]


def test_a_listing_stored_before_subdivisions_had_countries_reads_its_bare_states(
    session: Session,
) -> None:
    listing_id, _ = save_listing(session, listing_fields(), NOW)
    row = session.get(PractitionerRow, listing_id)
    assert row is not None
    old = {
        **json.loads(row.profile),
        "licences": [
            {"type": "LPC", "jurisdiction": "CA", "number": "CA-1", "expires_on": "2030-01-01"},
            {"type": "LCSW", "jurisdiction": "GB", "number": "GB-1", "expires_on": "2030-01-01"},
        ],
    }
    row.profile = json.dumps(old)
    session.flush()

    licences = listing(session, listing_id).profile.licences

    assert [(each.jurisdiction, each.place) for each in licences] == [
        ("US-CA", "California"),
        ("GB", "United Kingdom"),
    ]


@pytest.mark.parametrize("jurisdiction", ["US", "CA-XX", "New York"])
def test_a_licence_that_does_not_say_where_it_holds_is_refused(
    session: Session, jurisdiction: str
) -> None:
    licences = [
        {"type": "LPC", "jurisdiction": jurisdiction, "number": "N-1", "expires_on": "2030-01-01"}
    ]

    with pytest.raises(InvalidInput) as refused:
        save_listing(session, listing_fields(licences=licences), NOW)

    assert refused.value.field == "licences"
