"""Where a licence holds and where a client is: countries, and below them the states, provinces
and territories that issue licences (ISO 3166-2 codes such as "US-NY", "CA-ON", "AU-NSW"),
with the names people know. Pure logic: parsing and naming; the matching rule is the booking
feature's (booking/rules/matching.py).
"""

import re
from dataclasses import dataclass

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.resources import INTERNATIONAL, REGION_NAMES

# ISO 3166-2 subdivisions where a client may be asked which one they are in. In the US and
# Canada, licences to practise therapy are issued by the state, province or territory.
# Australia registers psychologists nationally (AHPRA, since 2010), so an Australian licence may
# name the country alone; its states are listed for the licences that name one.
SUBDIVISIONS: dict[str, dict[str, str]] = {
    "US": {
        "US-AL": "Alabama",
        "US-AK": "Alaska",
        "US-AZ": "Arizona",
        "US-AR": "Arkansas",
        "US-CA": "California",
        "US-CO": "Colorado",
        "US-CT": "Connecticut",
        "US-DE": "Delaware",
        "US-DC": "District of Columbia",
        "US-FL": "Florida",
        "US-GA": "Georgia",
        "US-HI": "Hawaii",
        "US-ID": "Idaho",
        "US-IL": "Illinois",
        "US-IN": "Indiana",
        "US-IA": "Iowa",
        "US-KS": "Kansas",
        "US-KY": "Kentucky",
        "US-LA": "Louisiana",
        "US-ME": "Maine",
        "US-MD": "Maryland",
        "US-MA": "Massachusetts",
        "US-MI": "Michigan",
        "US-MN": "Minnesota",
        "US-MS": "Mississippi",
        "US-MO": "Missouri",
        "US-MT": "Montana",
        "US-NE": "Nebraska",
        "US-NV": "Nevada",
        "US-NH": "New Hampshire",
        "US-NJ": "New Jersey",
        "US-NM": "New Mexico",
        "US-NY": "New York",
        "US-NC": "North Carolina",
        "US-ND": "North Dakota",
        "US-OH": "Ohio",
        "US-OK": "Oklahoma",
        "US-OR": "Oregon",
        "US-PA": "Pennsylvania",
        "US-RI": "Rhode Island",
        "US-SC": "South Carolina",
        "US-SD": "South Dakota",
        "US-TN": "Tennessee",
        "US-TX": "Texas",
        "US-UT": "Utah",
        "US-VT": "Vermont",
        "US-VA": "Virginia",
        "US-WA": "Washington",
        "US-WV": "West Virginia",
        "US-WI": "Wisconsin",
        "US-WY": "Wyoming",
        "US-AS": "American Samoa",
        "US-GU": "Guam",
        "US-MP": "Northern Mariana Islands",
        "US-PR": "Puerto Rico",
        "US-VI": "U.S. Virgin Islands",
    },
    "CA": {
        "CA-AB": "Alberta",
        "CA-BC": "British Columbia",
        "CA-MB": "Manitoba",
        "CA-NB": "New Brunswick",
        "CA-NL": "Newfoundland and Labrador",
        "CA-NS": "Nova Scotia",
        "CA-NT": "Northwest Territories",
        "CA-NU": "Nunavut",
        "CA-ON": "Ontario",
        "CA-PE": "Prince Edward Island",
        "CA-QC": "Quebec",
        "CA-SK": "Saskatchewan",
        "CA-YT": "Yukon",
    },
    "AU": {
        "AU-ACT": "Australian Capital Territory",
        "AU-NSW": "New South Wales",
        "AU-NT": "Northern Territory",
        "AU-QLD": "Queensland",
        "AU-SA": "South Australia",
        "AU-TAS": "Tasmania",
        "AU-VIC": "Victoria",
        "AU-WA": "Western Australia",
    },
}
SUBDIVISION_NAMES = {code: name for names in SUBDIVISIONS.values() for code, name in names.items()}
LICENSED_BELOW_COUNTRY = frozenset({"US", "CA"})  # a licence there must name its subdivision
# The countries a person can choose on their account; someone "somewhere else" (INTL) is in
# none of them.
NAMED_COUNTRIES = frozenset(code for code in REGION_NAMES if code != INTERNATIONAL)

_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class Place:
    """Where a client is, as far as they have said: a country code (or "INTL", somewhere other
    than the countries we name) and, below it, an ISO 3166-2 subdivision; None where unknown."""

    country: str | None = None
    subdivision: str | None = None

    @property
    def settled(self) -> bool:
        """Whether there is nothing more to ask: the subdivision is known, or the country is
        one we do not divide (or "somewhere else")."""
        if self.subdivision is not None:
            return True
        return self.country is not None and self.country not in SUBDIVISIONS


def country_of(code: str) -> str:
    """The country of a jurisdiction or subdivision code: "US-NY" gives "US", "GB" gives "GB"."""
    return code.partition("-")[0]


def name_of(code: str) -> str:
    """What people call a place: "US-NY" is "New York", "GB" "United Kingdom"; a country we
    hold no name for keeps its code."""
    return SUBDIVISION_NAMES.get(code) or REGION_NAMES.get(code) or code


def parse_subdivision(value: str | None, field: str = "subdivision") -> str | None:
    """A state, province or territory as an ISO 3166-2 code on our list, in any case; None for
    nothing. InvalidInput names `field` for anything else."""
    code = (value or "").strip().upper()
    if not code:
        return None
    if code not in SUBDIVISION_NAMES:
        raise InvalidInput(
            field, 'choose a state, province or territory from the list, e.g. "US-NY"'
        )
    return code


def parse_jurisdiction(value: str, field: str = "licences") -> str:
    """Where a licence was issued: a subdivision on our list ("US-NY", "CA-ON") or a two-letter
    country code ("GB"). US and Canadian licences must name their state, province or territory,
    because that is where they hold."""
    code = value.strip().upper()
    if "-" in code:
        return parse_subdivision(code, field) or ""
    if not _COUNTRY.fullmatch(code):
        raise InvalidInput(
            field, 'write where each licence was issued as "US-NY", "CA-ON" or a country, "GB"'
        )
    if code in LICENSED_BELOW_COUNTRY:
        raise InvalidInput(
            field,
            f"licences in {name_of(code)} are issued below the country: write e.g. "
            f'"{next(iter(SUBDIVISIONS[code]))}"',
        )
    return code


def parse_place(value: str | None, field: str = "where") -> Place | None:
    """Where a person says they are: a subdivision ("US-NY"), a country ("GB") or "INTL"
    (somewhere else); None for nothing."""
    code = (value or "").strip().upper()
    if not code:
        return None
    if "-" in code:
        subdivision = parse_subdivision(code, field)
        return Place(country_of(code), subdivision)
    if code == INTERNATIONAL or _COUNTRY.fullmatch(code):
        return Place(code)
    raise InvalidInput(field, 'choose where you are from the list, e.g. "US-NY" or "GB"')


def place_of(region: str | None, subdivision: str | None) -> Place:
    """A person's place from what their account holds; the subdivision names its country."""
    if subdivision:
        return Place(country_of(subdivision), subdivision)
    return Place(region.upper() if region else None)


def read_old_jurisdiction(value: str) -> str:
    """A licence's jurisdiction as listings wrote it before subdivisions had country codes: a
    bare "NY" was a US state, so two bare letters naming a US state read as that state. The
    price: a country whose code is also a state's (DE, IN, GA...) cannot be named bare; its
    licences read as the state's."""
    code = value.strip().upper()
    return f"US-{code}" if f"US-{code}" in SUBDIVISIONS["US"] else value
