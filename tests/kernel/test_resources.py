"""Crisis lines per region: the numbers people will dial, so each one is pinned."""

from datetime import date

import pytest

from crossroads.kernel.resources import (
    INTERNATIONAL,
    REGIONS,
    RESOURCES,
    Channel,
    CrisisResource,
    resources_for,
)


def named(region: str, name: str) -> CrisisResource:
    (resource,) = [each for each in resources_for(region) if each.name == name]
    return resource


def ways_to_reach(resource: CrisisResource) -> set[tuple[Channel, str]]:
    return {(contact.channel, contact.value) for contact in resource.contacts}


def test_the_supported_regions_are_us_ca_gb_ie_au_nz():
    assert set(REGIONS) == {"US", "CA", "GB", "IE", "AU", "NZ"}


@pytest.mark.parametrize("region", [*REGIONS, INTERNATIONAL])
def test_every_region_has_a_support_line_and_exactly_one_emergency_entry(region):
    resources = resources_for(region)
    assert [each for each in resources if not each.emergency]
    assert len([each for each in resources if each.emergency]) == 1


@pytest.mark.parametrize(
    ("region", "number"),
    [("US", "911"), ("CA", "911"), ("GB", "999"), ("IE", "112"), ("AU", "000"), ("NZ", "111")],
)
def test_the_emergency_entry_calls_the_regions_emergency_number(region, number):
    (emergency,) = [each for each in resources_for(region) if each.emergency]
    assert ways_to_reach(emergency) == {(Channel.CALL, number)}


@pytest.mark.parametrize(
    ("region", "name"),
    [("US", "988 Suicide & Crisis Lifeline"), ("CA", "9-8-8 Suicide Crisis Helpline")],
)
def test_988_takes_calls_and_texts_in_the_us_and_canada(region, name):
    assert {(Channel.CALL, "988"), (Channel.TEXT, "988")} <= ways_to_reach(named(region, name))


def test_crisis_text_line_is_reached_by_texting_home_to_741741():
    (contact,) = named("US", "Crisis Text Line").contacts
    assert (contact.channel, contact.value) == (Channel.TEXT, "741741")
    assert contact.instructions == "Text HOME to 741741"


@pytest.mark.parametrize("region", ["GB", "IE"])
def test_samaritans_answer_116_123_in_britain_and_ireland(region):
    assert ways_to_reach(named(region, "Samaritans")) == {(Channel.CALL, "116 123")}


def test_shout_is_reached_by_texting_shout_to_85258():
    (contact,) = named("GB", "Shout").contacts
    assert (contact.channel, contact.value) == (Channel.TEXT, "85258")
    assert contact.instructions == "Text SHOUT to 85258"


def test_lifeline_australia_answers_13_11_14():
    assert (Channel.CALL, "13 11 14") in ways_to_reach(named("AU", "Lifeline"))


def test_1737_takes_calls_and_texts_in_new_zealand():
    assert ways_to_reach(named("NZ", "1737, Need to talk?")) == {
        (Channel.CALL, "1737"),
        (Channel.TEXT, "1737"),
    }


@pytest.mark.parametrize("region", [None, "", "FR", "XX", "INTL"])
def test_an_unknown_or_missing_region_falls_back_to_the_international_list(region):
    assert resources_for(region) == RESOURCES[INTERNATIONAL]


@pytest.mark.parametrize(("asked", "region"), [("gb", "GB"), ("Nz", "NZ"), ("us", "US")])
def test_region_lookup_ignores_case(asked, region):
    assert resources_for(asked) == RESOURCES[region]


@pytest.mark.parametrize("region", list(RESOURCES))
def test_every_entry_is_dated_and_belongs_to_its_region(region):
    for resource in RESOURCES[region]:
        assert isinstance(resource.last_checked, date)
        assert resource.region == region
        assert resource.contacts
        assert all(contact.value and contact.instructions for contact in resource.contacts)


@pytest.mark.parametrize(
    ("region", "name", "keyword"),
    [("US", "Crisis Text Line", "HOME"), ("GB", "Shout", "SHOUT"), ("IE", "50808", "HELLO")],
)
def test_text_lines_that_ask_for_a_word_first_carry_it(region, name, keyword):
    (contact,) = named(region, name).contacts
    assert contact.keyword == keyword
    assert keyword in contact.instructions


def test_lines_that_need_no_word_carry_none():
    assert all(
        contact.keyword is None
        for region in ("US", "CA", "AU", "NZ")
        for resource in RESOURCES[region]
        if resource.name != "Crisis Text Line"
        for contact in resource.contacts
    )
