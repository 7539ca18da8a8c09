"""Which country's crisis lines come first: the account, then the assessment's answer, then
the browser's language, then the time zone; and how each of them is read."""

from zoneinfo import available_timezones

import pytest

from crossroads.kernel import regions
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.regions import (
    parse_region,
    region_of_languages,
    region_of_zone,
    resolve_region,
)

EVERYTHING = {
    "account": "IE",
    "answered": "GB",
    "accept_language": "en-AU",
    "time_zone": "America/Toronto",
}


@pytest.mark.parametrize(
    ("known", "region"),
    [
        (EVERYTHING, "IE"),
        ({**EVERYTHING, "account": None}, "GB"),
        ({**EVERYTHING, "account": None, "answered": None}, "AU"),
        ({**EVERYTHING, "account": None, "answered": None, "accept_language": None}, "CA"),
        ({**EVERYTHING, "account": None, "answered": None, "accept_language": "en"}, "CA"),
        ({"account": None, "answered": None, "accept_language": None, "time_zone": None}, None),
        ({"account": None, "answered": None, "accept_language": "fr", "time_zone": "UTC"}, None),
    ],
)
def test_each_source_is_used_only_when_the_ones_before_it_say_nothing(
    known: dict[str, str | None], region: str | None
) -> None:
    assert resolve_region(**known) == region


@pytest.mark.parametrize(("said", "region"), [("gb", "GB"), (" intl ", "INTL"), ("", None)])
def test_a_saved_or_answered_region_is_read_in_any_case_and_blank_is_nothing(
    said: str, region: str | None
) -> None:
    assert (
        resolve_region(account=said, answered=None, accept_language=None, time_zone=None) == region
    )
    assert (
        resolve_region(account=None, answered=said, accept_language=None, time_zone=None) == region
    )


def test_a_us_browser_with_nothing_else_known_gets_the_us() -> None:
    assert (
        resolve_region(
            account=None, answered=None, accept_language="en-US,en;q=0.9", time_zone=None
        )
        == "US"
    )


@pytest.mark.parametrize(
    ("header", "region"),
    [
        ("en-US,en;q=0.9", "US"),
        ("en-GB", "GB"),
        ("en-gb", "GB"),
        ("en_IE", "IE"),
        ("en", None),
        ("fr", None),
        ("", None),
        (None, None),
        ("*", None),
        ("en;q=0.5,en-NZ;q=0.9", "NZ"),
        ("en-CA;q=0.2,en-AU", "AU"),
        ("en,en-GB;q=0.9", "GB"),
        ("de,en-US;q=0.7", None),
        ("de-DE,en-US;q=0.7", "DE"),
        ("en-US;q=0,en-GB;q=0.5", "GB"),
        ("zh-Hant-TW", "TW"),
        ("es-419", None),
        ("en-US;q=abc,en-GB;q=0.4", "GB"),
        ("en-US;q=2", None),
        ("en US, <script>", None),
        ("x-very-long-subtag-here", None),
    ],
)
def test_the_region_of_the_most_preferred_language(header: str | None, region: str | None) -> None:
    assert region_of_languages(header) == region


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("America/Indiana/Indianapolis", "US"),
        ("America/Kentucky/Louisville", "US"),
        ("Pacific/Honolulu", "US"),
        ("US/Eastern", "US"),
        ("Europe/London", "GB"),
        ("Europe/Dublin", "IE"),
        ("Australia/Sydney", "AU"),
        ("Australia/Perth", "AU"),
        ("Pacific/Auckland", "NZ"),
        ("America/Toronto", "CA"),
        ("America/Vancouver", "CA"),
        ("America/St_Johns", "CA"),
        ("Canada/Pacific", "CA"),
        ("UTC", None),
        ("Europe/Paris", None),
        ("America/Mexico_City", None),
        ("America/Sao_Paulo", None),
        ("", None),
        (None, None),
    ],
)
def test_the_country_of_a_time_zone(zone: str | None, region: str | None) -> None:
    assert region_of_zone(zone) == region


def test_every_zone_named_in_the_tables_is_a_real_iana_zone() -> None:
    named = (
        set(regions._US_ZONES)
        | set(regions._US_LEGACY)
        | set(regions._CA_ZONES)
        | set(regions._EXACT_ZONES)
    )
    assert named - available_timezones() == set()


@pytest.mark.parametrize(
    ("given", "region"),
    [("us", "US"), (" GB ", "GB"), ("intl", "INTL"), ("", None), (None, None), ("FR", "FR")],
)
def test_a_region_given_by_a_person_is_a_country_code_or_intl(
    given: str | None, region: str | None
) -> None:
    assert parse_region(given) == region


@pytest.mark.parametrize("given", ["USA", "U", "1A", "United States", "INTLX"])
def test_anything_else_is_refused_naming_the_field(given: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_region(given)
    assert refused.value.field == "region"


@pytest.mark.parametrize(
    ("region", "word"),
    [
        ("US", "dollars"),
        ("ca", "dollars"),
        ("AU", "dollars"),
        ("NZ", "dollars"),
        ("GB", "pounds"),
        ("IE", "euros"),
        ("INTL", "money"),
        ("FR", "money"),
        (None, "money"),
    ],
)
def test_money_is_named_as_people_in_the_region_count_it(region: str | None, word: str) -> None:
    assert regions.money_word(region) == word
