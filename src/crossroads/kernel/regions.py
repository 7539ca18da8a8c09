"""Which country's crisis lines to show a person first, from what we know of where they are,
and the words that follow the country (what money is counted in).

Pure logic: the caller passes the account's region, the assessment's answer, the browser's
Accept-Language header and the person's IANA time zone; nothing here reads a request or a clock.
"""

import re

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.resources import INTERNATIONAL

_CODE = re.compile(r"[A-Za-z]{2}")
_SUBTAG = re.compile(r"[A-Za-z0-9]{1,8}")

# Zone names from the IANA database's zone.tab for the countries we hold lines for, with the
# older names it keeps as links (US/Eastern, Canada/Pacific, GB, Eire, NZ).
_US_ZONES = frozenset(
    {
        "America/Adak",
        "America/Anchorage",
        "America/Boise",
        "America/Chicago",
        "America/Denver",
        "America/Detroit",
        "America/Fort_Wayne",
        "America/Indianapolis",
        "America/Juneau",
        "America/Knox_IN",
        "America/Los_Angeles",
        "America/Louisville",
        "America/Menominee",
        "America/Metlakatla",
        "America/New_York",
        "America/Nome",
        "America/Phoenix",
        "America/Sitka",
        "America/Yakutat",
        "Navajo",
        "Pacific/Honolulu",
    }
)
_US_PREFIXES = ("America/Indiana/", "America/Kentucky/", "America/North_Dakota/")
_US_LEGACY = frozenset(
    f"US/{name}"
    for name in (
        "Alaska",
        "Aleutian",
        "Arizona",
        "Central",
        "East-Indiana",
        "Eastern",
        "Hawaii",
        "Indiana-Starke",
        "Michigan",
        "Mountain",
        "Pacific",
    )
)
_CA_ZONES = frozenset(
    f"America/{name}"
    for name in (
        "Atikokan",
        "Blanc-Sablon",
        "Cambridge_Bay",
        "Creston",
        "Dawson",
        "Dawson_Creek",
        "Edmonton",
        "Fort_Nelson",
        "Glace_Bay",
        "Goose_Bay",
        "Halifax",
        "Inuvik",
        "Iqaluit",
        "Moncton",
        "Montreal",
        "Nipigon",
        "Pangnirtung",
        "Rainy_River",
        "Rankin_Inlet",
        "Regina",
        "Resolute",
        "St_Johns",
        "Swift_Current",
        "Thunder_Bay",
        "Toronto",
        "Vancouver",
        "Whitehorse",
        "Winnipeg",
        "Yellowknife",
    )
)
_EXACT_ZONES = {
    "Europe/London": "GB",
    "Europe/Belfast": "GB",
    "GB": "GB",
    "GB-Eire": "GB",
    "Europe/Dublin": "IE",
    "Eire": "IE",
    "Pacific/Auckland": "NZ",
    "Pacific/Chatham": "NZ",
    "NZ": "NZ",
    "NZ-CHAT": "NZ",
    "Antarctica/Macquarie": "AU",
}


def parse_region(value: str | None, field: str = "region") -> str | None:
    """A region as a person or a program gives it: a two-letter country code or "INTL", in
    any case, or nothing (None or blank). InvalidInput names `field` for anything else."""
    value = (value or "").strip()
    if not value:
        return None
    if value.upper() == INTERNATIONAL or _CODE.fullmatch(value):
        return value.upper()
    raise InvalidInput(field, 'choose a two-letter country code such as "US", or "INTL"')


def resolve_region(
    *,
    account: str | None,
    answered: str | None,
    accept_language: str | None,
    time_zone: str | None,
) -> str | None:
    """The region whose lines to show first: the one saved on the account, else the one
    answered in the assessment, else the browser's language region, else the time zone's
    country; None when none of them says."""
    for said in (account, answered):
        if said and said.strip():
            return said.strip().upper()
    return region_of_languages(accept_language) or region_of_zone(time_zone)


def region_of_languages(header: str | None) -> str | None:
    """The region of the browser's preferred language ("en-US,en;q=0.9" gives "US").

    Only the most preferred language counts, or a tagged variant of that same language
    ("en,en-GB;q=0.9" gives "GB"): a language further down says what someone can read, not
    where they are, and "de,en-US;q=0.5" is far more likely a person in Germany than in the US.
    """
    ranked = _ranked_languages(header or "")
    if not ranked:
        return None
    first_language = ranked[0][0]
    for language, region in ranked:
        if language == first_language and region is not None:
            return region
    return None


def _ranked_languages(header: str) -> list[tuple[str, str | None]]:
    """(language, region) for each acceptable tag, most preferred first; ties keep their order."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        quality = _quality(parameters)
        subtags = tag.replace("_", "-").split("-")
        if quality <= 0 or tag == "*" or not all(_SUBTAG.fullmatch(s) for s in subtags):
            continue
        weighted.append((-quality, position, subtags[0].lower(), _region_subtag(subtags[1:])))
    return [(language, region) for _, _, language, region in sorted(weighted)]


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0 <= quality <= 1 else 0.0
    return 1.0


def _region_subtag(rest: list[str]) -> str | None:
    """The two-letter region after the language and an optional four-letter script
    ("zh-Hant-TW" gives "TW"); a numeric area such as "es-419" is no one country."""
    if rest and len(rest[0]) == 4:
        rest = rest[1:]
    if rest and _CODE.fullmatch(rest[0]):
        return rest[0].upper()
    return None


def region_of_zone(time_zone: str | None) -> str | None:
    """The country of an IANA zone, for the countries whose zones we list; None otherwise,
    and for UTC, which says nothing about where a person is."""
    zone = (time_zone or "").strip()
    if zone in _US_ZONES or zone in _US_LEGACY or zone.startswith(_US_PREFIXES):
        return "US"
    if zone in _CA_ZONES or zone.startswith("Canada/"):
        return "CA"
    if zone.startswith("Australia/"):
        return "AU"
    return _EXACT_ZONES.get(zone)


# What money is counted in, for the regions we know; examples of a unit follow it.
_MONEY = {
    "US": "dollars",
    "CA": "dollars",
    "AU": "dollars",
    "NZ": "dollars",
    "GB": "pounds",
    "IE": "euros",
}


def money_word(region: str | None) -> str:
    """What people in `region` count money in ("dollars", "pounds", "euros"), for an example
    such as "dollars saved"; plain "money" where the region is not one we know."""
    return _MONEY.get((region or "").strip().upper(), "money")
