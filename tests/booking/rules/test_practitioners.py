"""Practitioner profiles: each field checked and refused by name, therapy only under a current
licence, and the confidentiality statements that follow from what a practitioner offers."""

from datetime import date, timedelta
from typing import Any

import pytest

from crossroads.booking.rules.practitioners import (
    CONFIDENTIALITY,
    Licence,
    LicenceType,
    PractitionerKind,
    Profile,
    plan_licence,
    plan_profile,
)
from crossroads.kernel.errors import InvalidInput

TODAY = date(2027, 3, 1)
YESTERDAY = TODAY - timedelta(days=1)
NEXT_YEAR = date(2028, 3, 1)
THERAPY = CONFIDENTIALITY["therapy"]
COACHING = CONFIDENTIALITY["coaching"]


def licence(
    expires_on: date = NEXT_YEAR,
    *,
    number: str = "NY-12345",
    jurisdiction: str = "US-NY",
    type_: LicenceType = LicenceType.LPC,
) -> Licence:
    return Licence(type_, jurisdiction, number, expires_on)


CURRENT = licence(NEXT_YEAR)
EXPIRED = licence(YESTERDAY, number="NY-99999")


def plan(**overrides: Any) -> Profile:
    """A licensed therapist working online, changed by `overrides`."""
    fields: dict[str, Any] = {"name": "Ada Ng", "kind": "therapist", "licences": [CURRENT]}
    return plan_profile(**{**fields, **overrides})


def practitioner(kind: PractitionerKind, *licences: Licence) -> Profile:
    return Profile(name="Ada Ng", kind=kind, licences=licences)


# Refusals, each naming its field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"name": ""}, "name", id="no name"),
        pytest.param({"name": "   "}, "name", id="a blank name"),
        pytest.param({"name": "A" * 101}, "name", id="a name over 100 characters"),
        pytest.param({"kind": "psychiatrist"}, "kind", id="an unknown kind"),
        pytest.param({"kind": ""}, "kind", id="no kind"),
        pytest.param({"licences": []}, "licences", id="a therapist without a licence"),
        pytest.param({"kind": "both", "licences": []}, "licences", id="both without a licence"),
        pytest.param({"licences": [licence(number="7")]}, "licences", id="a 1-character number"),
        pytest.param(
            {"licences": [licence(number="N" * 31)]}, "licences", id="a 31-character number"
        ),
        pytest.param(
            {"licences": [licence(number="NY 12345")]}, "licences", id="a number with a space"
        ),
        pytest.param(
            {"licences": [CURRENT, licence(number="#1234")]},
            "licences",
            id="a bad number after a good licence",
        ),
        pytest.param(
            {"licences": [licence(jurisdiction="  ")]}, "licences", id="an empty jurisdiction"
        ),
        pytest.param({"online": False}, "online", id="neither online nor in person"),
        pytest.param({"in_person": True}, "location", id="in person without a location"),
        pytest.param(
            {"in_person": True, "location": "   "}, "location", id="in person at a blank location"
        ),
        pytest.param({"fee": -1}, "fee", id="a negative fee"),
        pytest.param({"replies_within_hours": 0}, "replies_within_hours", id="replies in 0 h"),
        pytest.param({"replies_within_hours": 337}, "replies_within_hours", id="replies in 337 h"),
        pytest.param({"specialties": ["astrology"]}, "specialties", id="an unknown specialty"),
        pytest.param({"approaches": ["hypnosis"]}, "approaches", id="an unknown approach"),
        pytest.param({"languages": ["en", "xx"]}, "languages", id="an unknown language"),
        pytest.param({"currency": "US"}, "currency", id="a two-letter currency"),
        pytest.param({"currency": "USDT"}, "currency", id="a four-letter currency"),
        pytest.param({"currency": "US1"}, "currency", id="a currency with a digit"),
        pytest.param({"currency": ""}, "currency", id="no currency"),
        pytest.param(
            {"meeting_link": "http://meet.example.com/ada"}, "meeting_link", id="an http link"
        ),
        pytest.param(
            {"meeting_link": "meet.example.com/ada"}, "meeting_link", id="a link with no scheme"
        ),
        pytest.param(
            {"meeting_link": "https://meet.example.com/ada room"},
            "meeting_link",
            id="a link with a space",
        ),
    ],
)
def test_a_bad_profile_is_refused_naming_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan(**overrides)
    assert refused.value.field == field


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"replies_within_hours": 1}, id="replies in 1 h"),
        pytest.param({"replies_within_hours": 336}, id="replies in two weeks"),
        pytest.param({"fee": 0}, id="a free session"),
        pytest.param({"name": "A" * 100}, id="a name of 100 characters"),
        pytest.param({"licences": [licence(number="N7")]}, id="a 2-character number"),
        pytest.param({"licences": [licence(number="N" * 30)]}, id="a 30-character number"),
        pytest.param({"licences": [EXPIRED]}, id="an expired licence, judged on the day"),
        pytest.param({"kind": "coach", "licences": []}, id="a coach without a licence"),
        pytest.param({"online": False, "in_person": True, "location": "Leeds"}, id="in person"),
        pytest.param({"meeting_link": "https://meet.example.com/ada"}, id="an https link"),
    ],
)
def test_a_profile_at_the_edge_of_each_rule_is_accepted(overrides: dict[str, Any]) -> None:
    profile = plan(**overrides)
    for name, value in overrides.items():
        expected = tuple(value) if isinstance(value, list) else value
        assert getattr(profile, name) == expected


def test_written_fields_are_trimmed_and_lists_deduplicated_in_order() -> None:
    profile = plan(
        name="  Ada Ng  ",
        kind=" both ",
        specialties=[" grief", "anxiety", "grief ", "", "  "],
        approaches=["cbt", "cbt", " act "],
        languages=["es", " es ", "en"],
        in_person=True,
        location="  Leeds  ",
        currency=" eur ",
        bio="  Twenty years in practice.  ",
        meeting_link="  https://meet.example.com/ada  ",
    )
    assert profile.name == "Ada Ng"
    assert profile.kind is PractitionerKind.BOTH
    assert profile.specialties == ("grief", "anxiety")
    assert profile.approaches == ("cbt", "act")
    assert profile.languages == ("es", "en")
    assert profile.location == "Leeds"
    assert profile.currency == "EUR"
    assert profile.bio == "Twenty years in practice."
    assert profile.meeting_link == "https://meet.example.com/ada"


@pytest.mark.parametrize("languages", [[], [""], ["  ", ""]])
def test_a_profile_listing_no_language_speaks_english(languages: list[str]) -> None:
    assert plan(languages=languages).languages == ("en",)


def test_a_licence_is_planned_with_its_jurisdiction_trimmed_in_capitals() -> None:
    planned = plan_licence(" LMFT ", "  us-ca ", "CA-1", NEXT_YEAR)
    assert planned == Licence(LicenceType.LMFT, "US-CA", "CA-1", NEXT_YEAR)


@pytest.mark.parametrize(
    ("jurisdiction", "where"),
    [
        ("US-NY", "New York"),
        ("CA-ON", "Ontario"),
        ("AU-NSW", "New South Wales"),
        ("AU", "Australia"),
        ("GB", "United Kingdom"),
        ("DE", "DE"),
    ],
)
def test_a_licence_holds_in_a_country_or_a_subdivision_named_as_people_know_it(
    jurisdiction: str, where: str
) -> None:
    assert plan_licence("other", jurisdiction, "N-1", NEXT_YEAR).place == where


@pytest.mark.parametrize(
    "jurisdiction",
    [
        pytest.param("US", id="the US as a whole: licences there are issued by state"),
        pytest.param("CA", id="Canada as a whole: licences there are issued by province"),
        pytest.param("US-ZZ", id="a state not on the list"),
        pytest.param("USA", id="three letters"),
        pytest.param("New York", id="a name"),
        pytest.param("  ", id="nothing"),
    ],
)
def test_a_licence_must_say_where_it_holds_as_a_country_or_a_subdivision(
    jurisdiction: str,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_licence("LPC", jurisdiction, "N-1", NEXT_YEAR)
    assert refused.value.field == "licences"


def test_a_profile_is_licensed_in_the_places_of_its_current_licences_each_once() -> None:
    profile = practitioner(
        PractitionerKind.THERAPIST,
        licence(jurisdiction="US-NY"),
        licence(jurisdiction="US-NJ", number="NJ-1"),
        licence(jurisdiction="US-NY", number="NY-2"),
        licence(YESTERDAY, jurisdiction="GB", number="GB-1"),
    )
    assert profile.licensed_in(TODAY) == ("New York", "New Jersey")


def test_an_unknown_licence_type_is_refused_as_a_licence_problem() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_licence("MD", "CA", "CA-1", NEXT_YEAR)
    assert refused.value.field == "licences"


# Licences on the day


@pytest.mark.parametrize(
    ("today", "current"),
    [
        (NEXT_YEAR - timedelta(days=1), True),
        (NEXT_YEAR, True),  # still good on its expiry day
        (NEXT_YEAR + timedelta(days=1), False),
    ],
)
def test_a_licence_is_current_up_to_and_including_its_expiry_day(
    today: date, current: bool
) -> None:
    assert CURRENT.current(today) is current


@pytest.mark.parametrize(
    ("profile", "offers"),
    [
        pytest.param(practitioner(PractitionerKind.THERAPIST, CURRENT), True, id="therapist"),
        pytest.param(practitioner(PractitionerKind.BOTH, CURRENT), True, id="both"),
        pytest.param(practitioner(PractitionerKind.COACH), False, id="coach"),
        pytest.param(
            practitioner(PractitionerKind.COACH, CURRENT), False, id="coach listing a licence"
        ),
        pytest.param(
            practitioner(PractitionerKind.THERAPIST, EXPIRED), False, id="therapist, expired"
        ),
        pytest.param(practitioner(PractitionerKind.BOTH, EXPIRED), False, id="both, expired"),
        pytest.param(
            practitioner(PractitionerKind.THERAPIST, EXPIRED, CURRENT, EXPIRED),
            True,
            id="therapist, one current among expired",
        ),
    ],
)
def test_therapy_is_offered_only_under_a_current_licence(profile: Profile, offers: bool) -> None:
    assert profile.offers_therapy(TODAY) is offers


def test_therapy_stops_the_day_after_the_only_licence_expires() -> None:
    therapist = practitioner(PractitionerKind.THERAPIST, licence(TODAY))
    assert therapist.offers_therapy(TODAY)
    assert not therapist.offers_therapy(TODAY + timedelta(days=1))


@pytest.mark.parametrize(
    ("kind", "offers"),
    [
        (PractitionerKind.COACH, True),
        (PractitionerKind.BOTH, True),
        (PractitionerKind.THERAPIST, False),
    ],
)
def test_coaching_is_offered_by_coaches_and_by_those_offering_both(
    kind: PractitionerKind, offers: bool
) -> None:
    assert practitioner(kind, EXPIRED).offers_coaching() is offers


def test_expired_licences_are_those_past_their_expiry_day_in_listed_order() -> None:
    older = licence(date(2025, 1, 1), number="OLD-1")
    on_the_day = licence(TODAY, number="TODAY-1")
    profile = practitioner(PractitionerKind.THERAPIST, EXPIRED, CURRENT, on_the_day, older)
    assert profile.expired_licences(TODAY) == (EXPIRED, older)


def test_a_practitioner_with_current_licences_has_none_expired() -> None:
    assert practitioner(PractitionerKind.THERAPIST, CURRENT).expired_licences(TODAY) == ()


# Confidentiality


@pytest.mark.parametrize(
    ("profile", "statements"),
    [
        pytest.param(practitioner(PractitionerKind.THERAPIST, CURRENT), (THERAPY,), id="therapist"),
        pytest.param(practitioner(PractitionerKind.COACH), (COACHING,), id="coach"),
        pytest.param(practitioner(PractitionerKind.BOTH, CURRENT), (THERAPY, COACHING), id="both"),
        pytest.param(
            practitioner(PractitionerKind.BOTH, EXPIRED), (COACHING,), id="both, licence expired"
        ),
        pytest.param(
            practitioner(PractitionerKind.THERAPIST, EXPIRED), (), id="therapist, licence expired"
        ),
    ],
)
def test_confidentiality_follows_what_is_offered_on_the_day(
    profile: Profile, statements: tuple[str, ...]
) -> None:
    assert profile.confidentiality(TODAY) == statements


def test_the_statements_say_which_rules_bind_each_offer() -> None:
    assert "licensed therapist" in THERAPY
    assert "bound by law" in THERAPY
    assert "not a licensed health service" in COACHING
    assert "code of ethics" in COACHING


@pytest.mark.parametrize(
    ("overrides", "until"),
    [
        pytest.param({}, NEXT_YEAR, id="a therapist: the licence's last day"),
        pytest.param({"licences": [EXPIRED, CURRENT]}, NEXT_YEAR, id="the latest of two"),
        pytest.param({"licences": [EXPIRED]}, YESTERDAY, id="expired: a day gone by"),
        pytest.param({"kind": "both"}, NEXT_YEAR, id="both"),
        pytest.param({"kind": "coach", "licences": []}, None, id="a coach"),
        pytest.param({"kind": "coach"}, None, id="a coach listing a licence"),
    ],
)
def test_a_profile_says_until_when_a_licence_lets_it_practise_therapy(
    overrides: dict[str, Any], until: date | None
) -> None:
    assert plan(**overrides).clinical_until() == until
