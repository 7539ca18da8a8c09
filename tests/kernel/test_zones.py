"""A time zone from a city, a country or an IANA name, and what a mistyped one is told."""

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import time_zones
from crossroads.kernel.places import COUNTRY_ZONES, EXAMPLE_CITIES, MORE_CITIES, MOSTLY_IN
from crossroads.kernel.zones import city_of, parse_time_zone, place_of, places, zone_label


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("New York", "America/New_York"),
        ("new york", "America/New_York"),
        ("  NEW   YORK ", "America/New_York"),
        ("New York, United States", "America/New_York"),
        ("London", "Europe/London"),
        ("Paris", "Europe/Paris"),
        ("Mexico City", "America/Mexico_City"),
        ("mexico_city", "America/Mexico_City"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("St. John's", "America/St_Johns"),
        ("Japan", "Asia/Tokyo"),
        ("japan", "Asia/Tokyo"),
        ("France", "Europe/Paris"),
        ("Germany", "Europe/Berlin"),
        ("UK", "Europe/London"),
        ("england", "Europe/London"),
        ("Ivory Coast", "Africa/Abidjan"),
        ("San Francisco", "America/Los_Angeles"),
        ("America/New_York", "America/New_York"),
        ("america/new_york", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("US/Eastern", "US/Eastern"),
    ],
)
def test_a_city_country_or_zone_name_is_read_in_any_case(typed: str, zone: str) -> None:
    assert parse_time_zone(typed) == zone


def test_a_country_with_several_clocks_asks_for_the_nearest_city() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_time_zone("United States")
    assert refused.value.field == "time_zone"
    assert "more than one time zone" in refused.value.problem
    assert "New York" in refused.value.problem
    assert "Los Angeles" in refused.value.problem


def test_other_names_for_a_country_with_several_clocks_ask_too() -> None:
    with pytest.raises(InvalidInput, match="United States has more than one"):
        parse_time_zone("usa")


@pytest.mark.parametrize(("typed", "suggested"), [("Nw York", "New York"), ("Londn", "London")])
def test_a_mistyped_place_is_told_the_closest_ones(typed: str, suggested: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_time_zone(typed)
    assert f"we don't know a place called “{typed}”" in refused.value.problem
    assert f"Did you mean {suggested}," in refused.value.problem


def test_a_place_unlike_any_is_told_what_to_type() -> None:
    with pytest.raises(InvalidInput, match="Type a city or a country, such as London"):
        parse_time_zone("Xyzzy")


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_zone_is_refused(blank: str) -> None:
    with pytest.raises(InvalidInput, match="type the city or country where you live"):
        parse_time_zone(blank)


def test_every_place_in_the_list_reads_back_as_its_own_zone() -> None:
    for place in places():
        assert parse_time_zone(place.name) == place.zone, place


def test_every_zone_in_the_tables_is_known_to_this_machine() -> None:
    known = set(time_zones())
    listed = {zone for zones in COUNTRY_ZONES.values() for zone in zones}
    assert listed <= known
    assert set(MOSTLY_IN.values()) <= listed
    assert set(MORE_CITIES.values()) <= listed


def test_the_example_cities_of_a_country_are_its_own() -> None:
    for country, cities in EXAMPLE_CITIES.items():
        own = {city_of(zone) for zone in COUNTRY_ZONES[country]}
        assert set(cities) <= own, country


def test_a_saved_zone_is_written_back_as_its_own_city() -> None:
    assert place_of("America/New_York") == "New York, United States"
    assert place_of("UTC") == "UTC"
    assert place_of("Etc/GMT+5") == "Etc/GMT+5"


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("America/New_York", "New York time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
        ("UTC", "UTC"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_a_time_is_labelled_with_its_city(zone: str, label: str) -> None:
    assert zone_label(zone) == label
