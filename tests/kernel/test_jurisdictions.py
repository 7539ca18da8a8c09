"""Where licences hold and where a client is: subdivision codes read in any case, named as
people know them, and bare US states in old listings read as states."""

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.jurisdictions import (
    SUBDIVISIONS,
    Place,
    name_of,
    parse_jurisdiction,
    parse_place,
    parse_subdivision,
    place_of,
    read_old_jurisdiction,
)


def test_the_us_states_canadian_provinces_and_australian_states_are_all_listed() -> None:
    assert len(SUBDIVISIONS["US"]) == 50 + 1 + 5  # the states, DC and the inhabited territories
    assert len(SUBDIVISIONS["CA"]) == 10 + 3
    assert len(SUBDIVISIONS["AU"]) == 6 + 2
    for country, places in SUBDIVISIONS.items():
        assert all(code.startswith(f"{country}-") for code in places)
        assert all(len(code) <= 6 for code in places)  # the column holds six characters


@pytest.mark.parametrize(
    ("value", "code"),
    [("US-NY", "US-NY"), (" ca-on ", "CA-ON"), ("au-nsw", "AU-NSW"), ("", None), (None, None)],
)
def test_a_subdivision_is_read_in_any_case(value: str | None, code: str | None) -> None:
    assert parse_subdivision(value) == code


@pytest.mark.parametrize("value", ["NY", "US", "US-ZZ", "GB-ENG", "New York", "US NY"])
def test_anything_but_a_listed_subdivision_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_subdivision(value, "where")
    assert refused.value.field == "where"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US-NY", "New York"),
        ("CA-ON", "Ontario"),
        ("AU-NSW", "New South Wales"),
        ("GB", "United Kingdom"),
        ("FR", "FR"),
    ],
)
def test_places_are_named_as_people_know_them(code: str, name: str) -> None:
    assert name_of(code) == name


@pytest.mark.parametrize(
    ("value", "code"),
    [("us-ny", "US-NY"), ("GB", "GB"), ("ie", "IE"), ("AU", "AU"), ("AU-VIC", "AU-VIC")],
)
def test_a_licence_holds_in_a_country_or_a_listed_subdivision(value: str, code: str) -> None:
    assert parse_jurisdiction(value) == code


@pytest.mark.parametrize("value", ["US", "ca", "US-XX", "U", "GBR", ""])
def test_a_us_or_canadian_licence_must_name_its_state_or_province(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_jurisdiction(value)
    assert refused.value.field == "licences"


@pytest.mark.parametrize(
    ("value", "place"),
    [
        ("US-NY", Place("US", "US-NY")),
        ("gb", Place("GB")),
        ("INTL", Place("INTL")),
        ("", None),
        (None, None),
    ],
)
def test_where_a_visitor_says_they_are_is_a_subdivision_a_country_or_elsewhere(
    value: str | None, place: Place | None
) -> None:
    assert parse_place(value) == place


@pytest.mark.parametrize("value", ["US-ZZ", "New York", "USA"])
def test_an_unknown_place_is_refused(value: str) -> None:
    with pytest.raises(InvalidInput):
        parse_place(value)


@pytest.mark.parametrize(
    ("region", "subdivision", "place"),
    [
        ("US", "US-NY", Place("US", "US-NY")),
        (None, "CA-ON", Place("CA", "CA-ON")),
        ("GB", None, Place("GB")),
        (None, None, Place()),
    ],
)
def test_an_accounts_place_takes_its_country_from_the_subdivision(
    region: str | None, subdivision: str | None, place: Place
) -> None:
    assert place_of(region, subdivision) == place


@pytest.mark.parametrize(
    ("place", "settled"),
    [
        (Place(), False),
        (Place("US"), False),
        (Place("AU"), False),
        (Place("US", "US-NY"), True),
        (Place("GB"), True),
        (Place("INTL"), True),
    ],
)
def test_there_is_more_to_ask_until_the_subdivision_is_known_where_there_are_some(
    place: Place, settled: bool
) -> None:
    assert place.settled is settled


@pytest.mark.parametrize(
    ("old", "read"),
    [
        ("NY", "US-NY"),
        ("ca", "US-CA"),  # California: a bare "CA" in an old listing was never Canada
        ("TX", "US-TX"),
        ("GB", "GB"),
        ("US-NY", "US-NY"),
        ("CA-ON", "CA-ON"),
    ],
)
def test_an_old_listings_bare_state_reads_as_a_us_state(old: str, read: str) -> None:
    assert read_old_jurisdiction(old) == read
