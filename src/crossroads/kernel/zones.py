"""A person's time zone from what they type: an IANA name ("America/New_York"), a city ("New
York", "são paulo") or a country with one clock ("Japan"), in any case; the places closest to
a name we do not know; and the short name a time is shown with ("New York time").

Pure: the places are the tables in places.py; the zone names this machine knows come from
people.time_zones().
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import time_zones
from crossroads.kernel.places import (
    ALSO_CALLED,
    COUNTRY_ZONES,
    EXAMPLE_CITIES,
    MORE_CITIES,
    MOSTLY_IN,
)

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"})
FIELD = "time_zone"


@dataclass(frozen=True)
class Place:
    """One entry of the searchable list: "New York, United States" and its zone. `own` is
    false for a city on another's clock (Boston on New York's), which a zone is never shown as."""

    name: str
    zone: str
    own: bool = True


def city_of(zone: str) -> str:
    """ "New York" for America/New_York, "Buenos Aires" for America/Argentina/Buenos_Aires."""
    if zone in UTC_NAMES:
        return "UTC"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(zone: str) -> str:
    """What a time is followed by: "New York time", or "UTC"."""
    city = city_of(zone)
    return city if city == "UTC" else f"{city} time"


@cache
def places() -> tuple[Place, ...]:
    """Every city we can name with its country, and UTC, in alphabetical order."""
    found = [Place("UTC", "UTC")]
    for country, zones in COUNTRY_ZONES.items():
        found += [Place(f"{city_of(zone)}, {country}", zone) for zone in zones]
    found += [Place(f"{city}, {c}", zone, own=False) for (city, c), zone in MORE_CITIES.items()]
    return tuple(sorted(found, key=lambda place: _key(place.name)))


def place_of(zone: str) -> str:
    """How a saved zone is written back into the field: its own city ("New York, United
    States", not Atlanta on the same clock), or the zone's name where it has none."""
    if zone in UTC_NAMES:
        return "UTC"
    countries = (country for country, zones in COUNTRY_ZONES.items() if zone in zones)
    country = next(countries, None)
    return f"{city_of(zone)}, {country}" if country else zone


def parse_time_zone(text: str) -> str:
    """The IANA zone `text` names, or InvalidInput saying what to type instead."""
    key = _key(text)
    if not key:
        raise InvalidInput(FIELD, "type the city or country where you live, such as London")
    if key in _several_clocks():
        country = _several_clocks()[key]
        cities = EXAMPLE_CITIES.get(country) or tuple(map(city_of, COUNTRY_ZONES[country]))
        raise InvalidInput(
            FIELD,
            f"{country} has more than one time zone: type the city nearest you, such as "
            f"{_either(cities[:6])}",
        )
    zone = _known_names().get(key)
    if zone is None:
        raise InvalidInput(FIELD, _not_known(text, key))
    return zone


def _not_known(text: str, key: str) -> str:
    close = get_close_matches(key, _shown_as(), n=4, cutoff=0.75)
    said = f"we don't know a place called “{text.strip()[:60]}”"
    if close:
        return f"{said}. Did you mean {_either([_shown_as()[match] for match in close])}?"
    return f"{said}. Type a city or a country, such as London or Japan, or choose from the list"


def _either(names: list[str] | tuple[str, ...]) -> str:
    unique = list(dict.fromkeys(names))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} or {unique[-1]}"


def _key(text: str) -> str:
    """Case, accents, underscores and punctuation ignored: "são_paulo" is "sao paulo"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("'", "")  # "St John's"; the curly one goes with the accents
    words = re.sub(r"[^a-z0-9/+-]+", " ", plain).split()
    return " ".join("saint" if word == "st" else word for word in words)


@cache
def _known_names() -> dict[str, str]:
    """Everything a person may type, as a key, with its zone. The first meaning wins: a place
    ("America/New_York", "New York, United States", "New York"), then a country, then the
    other names the zone database keeps ("US/Eastern", "Japan"), which it links to a place."""
    names: dict[str, str] = {}
    for place in places():
        names.setdefault(_key(place.zone), place.zone)
        names.setdefault(_key(place.name), place.zone)
        names.setdefault(_key(place.name.split(",")[0]), place.zone)
    for country, zone in _countries().items():
        names.setdefault(_key(country), zone)
    for other, country in ALSO_CALLED.items():
        if country in _countries():
            names.setdefault(_key(other), _countries()[country])
    for zone in time_zones():
        names.setdefault(_key(zone), zone)
    return names


def _countries() -> dict[str, str]:
    """The countries that mean one zone: those with one clock, and MOSTLY_IN."""
    single = {country: zones[0] for country, zones in COUNTRY_ZONES.items() if len(zones) == 1}
    return single | MOSTLY_IN


@cache
def _several_clocks() -> dict[str, str]:
    """The key of each country where a city is needed, by any of its names, with the country."""
    several = [country for country in COUNTRY_ZONES if country not in _countries()]
    keys = {_key(country): country for country in several}
    keys |= {_key(other): country for other, country in ALSO_CALLED.items() if country in several}
    return keys


@cache
def _shown_as() -> dict[str, str]:
    """Each place's key, for finding close matches, with how to write it back to the person."""
    shown = {_key(place.name.split(",")[0]): place.name for place in places()}
    shown |= {_key(place.name): place.name for place in places()}
    shown |= {_key(country): country for country in COUNTRY_ZONES}
    return shown
