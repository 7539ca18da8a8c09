"""Matching: who fits each route where the client is, each practitioner once, how those who
fit are ranked, and the reasons each match gives."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.result import Result, assess, result_of
from crossroads.assessment.rules.triage import Route
from crossroads.booking.rules.matching import (
    Match,
    Matches,
    Needs,
    licence_holds,
    match,
    needs_from_result,
)
from crossroads.booking.rules.practitioners import Licence, LicenceType, PractitionerKind, Profile
from crossroads.kernel.jurisdictions import Place

TODAY = date(2027, 3, 1)
CURRENT = Licence(LicenceType.LPC, "US-NY", "NY-1", date(2028, 3, 1))
EXPIRED = Licence(LicenceType.LPC, "US-NY", "NY-2", TODAY - timedelta(days=1))
NEW_YORK = Place("US", "US-NY")

# Scores nothing on its own: slow to reply, no free consultation, no specialty.
PLAIN = Profile(
    name="Plain",
    kind=PractitionerKind.COACH,
    replies_within_hours=48,
    free_consultation=False,
)

ROSTER = (
    ("therapist", Profile("Tess", PractitionerKind.THERAPIST, licences=(CURRENT,))),
    ("lapsed-therapist", Profile("Theo", PractitionerKind.THERAPIST, licences=(EXPIRED,))),
    ("coach", Profile("Cora", PractitionerKind.COACH)),
    ("both", Profile("Bo", PractitionerKind.BOTH, licences=(CURRENT, EXPIRED))),
    ("lapsed-both", Profile("Bea", PractitionerKind.BOTH, licences=(EXPIRED,))),
)


def ids(found: tuple[Match, ...]) -> set[str]:
    return {each.id for each in found}


def only(needs: Needs, profile: Profile) -> Match:
    (found,) = match(needs, [("p", profile)], TODAY).together
    return found


# Who fits each route


@pytest.mark.parametrize("route", [Route.CRISIS, Route.UNDETERMINED])
def test_crisis_and_undetermined_routes_match_nobody(route: Route) -> None:
    found = match(Needs(route, frozenset({"anxiety"}), "en"), ROSTER, TODAY)
    assert found == Matches(crisis=route is Route.CRISIS, together=())


def test_only_a_crisis_says_crisis() -> None:
    for route in Route:
        assert match(Needs(route), ROSTER, TODAY).crisis is (route is Route.CRISIS)


def test_therapy_matches_only_practitioners_with_a_current_licence() -> None:
    found = match(Needs(Route.THERAPY), ROSTER, TODAY)
    assert ids(found.together) == {"therapist", "both"}
    assert {each.offers for each in found.together} == {("therapy",)}
    assert (found.therapists, found.coaches) == ((), ())


def test_coaching_matches_coaches_and_those_offering_both_even_with_a_lapsed_licence() -> None:
    found = match(Needs(Route.COACHING), ROSTER, TODAY)
    assert ids(found.together) == {"coach", "both", "lapsed-both"}
    assert {each.offers for each in found.together} == {("coaching",)}
    assert (found.therapists, found.coaches) == ((), ())


def test_both_puts_each_practitioner_once_in_the_section_that_fits_best() -> None:
    found = match(Needs(Route.BOTH), ROSTER, TODAY)
    assert ids(found.together) == {"both"}
    assert found.together[0].offers == ("therapy", "coaching")
    assert ids(found.therapists) == {"therapist"}
    assert {each.offers for each in found.therapists} == {("therapy",)}
    assert ids(found.coaches) == {"coach", "lapsed-both"}
    assert {each.offers for each in found.coaches} == {("coaching",)}
    assert not found.crisis


def test_a_licence_that_expires_today_still_fits_therapy_today() -> None:
    on_the_day = replace(CURRENT, expires_on=TODAY)
    therapist = Profile("Tess", PractitionerKind.THERAPIST, licences=(on_the_day,))
    assert ids(match(Needs(Route.THERAPY), [("t", therapist)], TODAY).together) == {"t"}
    tomorrow = TODAY + timedelta(days=1)
    assert match(Needs(Route.THERAPY), [("t", therapist)], tomorrow).together == ()


@pytest.mark.parametrize(
    ("online", "expected"),
    [
        (None, {"online", "in-person", "hybrid"}),
        (True, {"online", "hybrid"}),
        (False, {"in-person", "hybrid"}),
    ],
)
def test_the_way_of_meeting_asked_for_must_be_offered(
    online: bool | None, expected: set[str]
) -> None:
    roster = [
        ("online", replace(PLAIN, online=True, in_person=False)),
        ("in-person", replace(PLAIN, online=False, in_person=True, location="Leeds")),
        ("hybrid", replace(PLAIN, online=True, in_person=True, location="Leeds")),
    ]
    found = match(Needs(Route.COACHING, online=online), roster, TODAY)
    assert ids(found.together) == expected


# Ranking


NEEDS = Needs(Route.COACHING, frozenset({"career", "stress", "confidence"}), "es")


@pytest.mark.parametrize(
    ("profile", "score"),
    [
        pytest.param(PLAIN, 0, id="nothing in common"),
        pytest.param(replace(PLAIN, specialties=("career",)), 3, id="one shared specialty"),
        pytest.param(replace(PLAIN, specialties=("career", "stress")), 6, id="two shared"),
        pytest.param(
            replace(PLAIN, specialties=("career", "stress", "confidence")), 9, id="three shared"
        ),
        pytest.param(replace(PLAIN, specialties=("grief", "trauma")), 0, id="none shared"),
        pytest.param(replace(PLAIN, specialties=("grief", "career")), 3, id="one of two shared"),
        pytest.param(replace(PLAIN, languages=("en", "es")), 2, id="speaks the language"),
        pytest.param(replace(PLAIN, languages=("en", "fr")), 0, id="another language"),
        pytest.param(replace(PLAIN, replies_within_hours=1), 1, id="replies in 1 h"),
        pytest.param(replace(PLAIN, replies_within_hours=24), 1, id="replies in 24 h"),
        pytest.param(replace(PLAIN, replies_within_hours=25), 0, id="replies in 25 h"),
        pytest.param(replace(PLAIN, free_consultation=True), 1, id="free consultation"),
        pytest.param(
            replace(
                PLAIN,
                specialties=("career", "stress", "confidence", "grief"),
                languages=("es",),
                replies_within_hours=24,
                free_consultation=True,
            ),
            9 + 2 + 1 + 1,
            id="everything",
        ),
    ],
)
def test_each_shared_specialty_weighs_three_language_two_and_the_rest_one(
    profile: Profile, score: int
) -> None:
    assert only(NEEDS, profile).score == score


def test_no_language_asked_for_earns_no_language_points() -> None:
    speaker = replace(PLAIN, languages=("en", "es"))
    assert only(replace(NEEDS, language=None), speaker).score == 0


def test_matches_are_ranked_by_score_then_name_then_id() -> None:
    roster = [
        ("p3", replace(PLAIN, name="Bea", languages=("es",))),  # 2
        ("p5", replace(PLAIN, name="Cy", free_consultation=True)),  # 1
        ("p1", replace(PLAIN, name="Zed", specialties=("career",))),  # 3
        ("p2", replace(PLAIN, name="Bea", languages=("es",))),  # 2
        ("p4", replace(PLAIN, name="Ada", languages=("es",))),  # 2
    ]
    found = match(NEEDS, roster, TODAY).together
    assert [(each.id, each.score) for each in found] == [
        ("p1", 3),
        ("p4", 2),
        ("p2", 2),
        ("p3", 2),
        ("p5", 1),
    ]


@pytest.mark.parametrize(
    "rival",
    [
        pytest.param(replace(PLAIN, languages=("es",)), id="speaks the language"),
        pytest.param(replace(PLAIN, replies_within_hours=24), id="replies within a day"),
        pytest.param(replace(PLAIN, free_consultation=True), id="free consultation"),
    ],
)
def test_a_shared_specialty_outranks_any_one_other_point(rival: Profile) -> None:
    specialist = replace(PLAIN, name="Zed", specialties=("career",))
    found = match(NEEDS, [("a", replace(rival, name="Ada")), ("z", specialist)], TODAY).together
    assert [each.id for each in found] == ["z", "a"]


# Reasons


def test_every_reason_a_well_matched_therapist_earns_is_given_in_order() -> None:
    therapist = Profile(
        "Tess",
        PractitionerKind.THERAPIST,
        licences=(
            Licence(LicenceType.LPC, "US-NY", "NY-1", date(2028, 1, 1)),
            Licence(LicenceType.LMFT, "US-CA", "CA-1", date(2029, 1, 1)),
            Licence(LicenceType.PSYD, "US-TX", "TX-1", date(2026, 1, 1)),
        ),
        specialties=("grief", "anxiety", "trauma"),
        languages=("en", "es"),
        replies_within_hours=12,
    )
    needs = Needs(Route.THERAPY, frozenset({"anxiety", "grief"}), "es", place=NEW_YORK)
    assert only(needs, therapist).reasons == (
        "Licensed in New York (LPC)",
        "Works with grief and loss, anxiety and worry",
        "Speaks Spanish",
        "Taking new clients",
        "Usually replies within 12 hours",
        "Offers a free first consultation",
    )


@pytest.mark.parametrize(
    ("licences", "named"),
    [
        pytest.param(
            (
                Licence(LicenceType.PSYD, "US-TX", "TX-1", date(2031, 1, 1)),
                Licence(LicenceType.LCSW, "CA-ON", "ON-1", date(2027, 6, 1)),
            ),
            "Licensed in Texas (PsyD) and Ontario (LCSW)",
            id="the latest-expiring first",
        ),
        pytest.param(
            (
                Licence(LicenceType.LCSW, "CA-ON", "ON-1", date(2027, 6, 1)),
                Licence(LicenceType.PHD, "US-MA", "MA-1", TODAY),
            ),
            "Licensed in Ontario (LCSW) and Massachusetts (PhD)",
            id="the latest-expiring last",
        ),
        pytest.param(
            (
                Licence(LicenceType.LMHC, "US-WA", "WA-1", TODAY),
                Licence(LicenceType.LPC, "US-NY", "NY-9", TODAY - timedelta(days=1)),
            ),
            "Licensed in Washington (LMHC)",
            id="the only current one, on its expiry day",
        ),
        pytest.param(
            (
                Licence(LicenceType.LPC, "US-NJ", "NJ-1", date(2030, 1, 1)),
                Licence(LicenceType.LCSW, "US-NJ", "NJ-2", date(2029, 1, 1)),
                Licence(LicenceType.LPC, "US-NJ", "NJ-3", date(2028, 1, 1)),
            ),
            "Licensed in New Jersey (LPC) and New Jersey (LCSW)",
            id="each place and type once",
        ),
    ],
)
def test_where_the_place_is_unknown_every_current_licence_is_named_the_latest_expiring_first(
    licences: tuple[Licence, ...], named: str
) -> None:
    therapist = Profile("Tess", PractitionerKind.THERAPIST, licences=licences)
    assert only(Needs(Route.THERAPY), therapist).reasons[0] == named


def test_where_the_place_is_known_only_the_licence_valid_there_is_named() -> None:
    therapist = Profile(
        "Tess",
        PractitionerKind.THERAPIST,
        licences=(
            Licence(LicenceType.PSYD, "US-NJ", "NJ-1", date(2031, 1, 1)),
            Licence(LicenceType.PSYD, "US-NY", "NY-1", date(2028, 1, 1)),
        ),
    )
    found = only(Needs(Route.THERAPY, place=NEW_YORK), therapist)
    assert found.reasons[0] == "Licensed in New York (PsyD)"
    assert found.licence_holds is True


def test_a_coaching_match_names_no_licence() -> None:
    both = Profile("Bo", PractitionerKind.BOTH, licences=(CURRENT,))
    reasons = only(Needs(Route.COACHING), both).reasons
    assert not any(reason.startswith("Licensed") for reason in reasons)


@pytest.mark.parametrize("route", [Route.THERAPY, Route.COACHING, Route.BOTH])
def test_a_practitioner_not_taking_new_clients_is_not_matched(route: Route) -> None:
    closed = Profile("Cal", PractitionerKind.BOTH, licences=(CURRENT,), accepting=False)
    found = match(Needs(route, place=NEW_YORK), [("closed", closed)], TODAY)
    assert found.together + found.therapists + found.coaches == ()


def test_every_match_says_it_takes_new_clients() -> None:
    assert "Taking new clients" in only(NEEDS, PLAIN).reasons


def test_a_reply_time_over_a_day_is_not_mentioned() -> None:
    reasons = only(NEEDS, replace(PLAIN, replies_within_hours=25)).reasons
    assert not any("replies" in reason for reason in reasons)


@pytest.mark.parametrize(
    ("hours", "reason"),
    [(1, "Usually replies within 1 hour"), (24, "Usually replies within 24 hours")],
)
def test_a_quick_reply_time_is_given_in_plain_words(hours: int, reason: str) -> None:
    assert reason in only(NEEDS, replace(PLAIN, replies_within_hours=hours)).reasons


def test_a_language_not_asked_for_is_not_mentioned() -> None:
    reasons = only(replace(NEEDS, language=None), replace(PLAIN, languages=("es",))).reasons
    assert not any(reason.startswith("Speaks") for reason in reasons)


def test_after_a_positive_safety_screener_the_soonest_therapists_come_first() -> None:
    therapist = replace(PLAIN, kind=PractitionerKind.THERAPIST, licences=(CURRENT,))
    roster = [
        (
            "specialist",
            replace(therapist, name="Sol", specialties=("depression", "anxiety")),
        ),
        ("slow", replace(therapist, name="Sam", replies_within_hours=48)),
        ("quick", replace(therapist, name="Qi", replies_within_hours=2)),
    ]
    needs = Needs(Route.THERAPY, frozenset({"depression", "anxiety"}))

    assert match(needs, roster, TODAY).together[0].id == "specialist"
    urgent = match(replace(needs, urgent=True), roster, TODAY).together
    assert [m.id for m in urgent] == ["quick", "specialist", "slow"]


def _result_of(**raw: object) -> Result:
    return result_of(assess(parse_answers(raw)))


def test_moderate_or_worse_mood_and_worry_and_a_positive_trauma_screen_point_to_specialties():
    result = _result_of(
        phq9=[2] * 8 + [0],
        gad7=[2] * 7,
        pcptsd5={"exposure": True, "items": [True, True, True, False, False]},
    )

    assert needs_from_result(result, "career") == {"depression", "anxiety", "trauma", "career"}


def test_mild_scores_and_an_other_area_point_to_no_specialty():
    result = _result_of(phq9=[1] * 5 + [0] * 4, gad7=[1] * 4 + [0] * 3)

    assert needs_from_result(result, "other") == frozenset()


# Where a licence holds


def therapist_in(
    *jurisdictions: str, kind: PractitionerKind = PractitionerKind.THERAPIST
) -> Profile:
    licences = tuple(
        Licence(LicenceType.OTHER, where, f"N-{n}", date(2030, 1, 1))
        for n, where in enumerate(jurisdictions)
    )
    return Profile(f"Licensed in {'/'.join(jurisdictions)}", kind, licences=licences)


@pytest.mark.parametrize(
    ("jurisdiction", "place", "holds"),
    [
        pytest.param("US-NY", Place("US", "US-NY"), True, id="the same state"),
        pytest.param("US-NJ", Place("US", "US-NY"), False, id="another state"),
        pytest.param("GB", Place("US", "US-NY"), False, id="another country"),
        pytest.param("CA-ON", Place("US", "US-NY"), False, id="a province for a US state"),
        pytest.param("US-NY", Place("US"), None, id="a state, the client's state unknown"),
        pytest.param("US-NY", Place("GB"), False, id="a state for a client in GB"),
        pytest.param("GB", Place("GB"), True, id="the same country"),
        pytest.param("AU", Place("AU", "AU-NSW"), True, id="a national licence, a state"),
        pytest.param("AU", Place("AU"), True, id="a national licence, the state unknown"),
        pytest.param("AU-VIC", Place("AU", "AU-NSW"), False, id="another Australian state"),
        pytest.param("US-NY", Place(), None, id="nothing known of the client"),
        pytest.param("GB", Place("INTL"), False, id="a named country, a client elsewhere"),
        pytest.param("DE", Place("INTL"), None, id="another country, a client elsewhere"),
    ],
)
def test_a_licence_holds_in_its_country_and_only_its_subdivision(
    jurisdiction: str, place: Place, holds: bool | None
) -> None:
    assert licence_holds(jurisdiction, place) is holds


@pytest.mark.parametrize("route", [Route.THERAPY, Route.BOTH])
@pytest.mark.parametrize("elsewhere", ["GB", "CA-ON", "US-NJ"])
def test_a_new_york_client_is_never_matched_for_therapy_to_a_therapist_licensed_elsewhere(
    route: Route, elsewhere: str
) -> None:
    roster = [("here", therapist_in("US-NY")), ("elsewhere", therapist_in(elsewhere))]
    found = match(Needs(route, place=NEW_YORK), roster, TODAY)
    assert ids(found.together + found.therapists) == {"here"}
    assert not found.place_unknown


def test_a_practitioner_offering_both_but_licensed_elsewhere_is_matched_as_a_coach() -> None:
    roster = [("bo", therapist_in("GB", kind=PractitionerKind.BOTH))]
    found = match(Needs(Route.BOTH, place=NEW_YORK), roster, TODAY)
    assert (found.together, found.therapists) == ((), ())
    assert [(each.id, each.offers) for each in found.coaches] == [("bo", ("coaching",))]
    assert match(Needs(Route.THERAPY, place=NEW_YORK), roster, TODAY).together == ()


@pytest.mark.parametrize(
    "place", [NEW_YORK, Place("GB"), Place("CA", "CA-ON"), Place("INTL"), Place()]
)
def test_a_coach_matches_wherever_the_client_is(place: Place) -> None:
    coach = Profile("Cora", PractitionerKind.COACH)
    assert ids(match(Needs(Route.COACHING, place=place), [("c", coach)], TODAY).together) == {"c"}
    assert ids(match(Needs(Route.BOTH, place=place), [("c", coach)], TODAY).coaches) == {"c"}


def test_where_the_state_is_unknown_therapists_of_that_country_are_shown_and_the_page_asks() -> (
    None
):
    roster = [("ny", therapist_in("US-NY")), ("gb", therapist_in("GB"))]
    found = match(Needs(Route.THERAPY, place=Place("US")), roster, TODAY)
    assert ids(found.together) == {"ny"}
    assert found.together[0].licence_holds is None
    assert found.place_unknown


def test_where_nothing_is_known_every_licensed_therapist_is_shown_and_the_page_asks() -> None:
    roster = [("ny", therapist_in("US-NY")), ("gb", therapist_in("GB"))]
    found = match(Needs(Route.THERAPY), roster, TODAY)
    assert ids(found.together) == {"ny", "gb"}
    assert found.place_unknown


def test_a_coaching_route_never_asks_where_the_client_is() -> None:
    found = match(Needs(Route.COACHING), ROSTER, TODAY)
    assert not found.place_unknown


JURISDICTIONS = ["US-NY", "US-NJ", "US-CA", "CA-ON", "GB", "AU", "AU-NSW"]
PLACES = [Place(), Place("US"), NEW_YORK, Place("CA", "CA-ON"), Place("GB"), Place("INTL")]
practitioners = st.builds(
    lambda kind, where, accepting: replace(
        therapist_in(*where, kind=kind) if kind is not PractitionerKind.COACH else PLAIN,
        kind=kind,
        accepting=accepting,
    ),
    st.sampled_from(PractitionerKind),
    st.lists(st.sampled_from(JURISDICTIONS), min_size=1, max_size=3),
    st.booleans(),
)


@settings(database=None)
@given(
    st.lists(practitioners, max_size=8),
    st.sampled_from([Route.THERAPY, Route.COACHING, Route.BOTH]),
    st.sampled_from(PLACES),
)
def test_no_practitioner_appears_twice_nor_closed_nor_for_therapy_where_no_licence_holds(
    profiles: list[Profile], route: Route, place: Place
) -> None:
    roster = [(f"p{n}", profile) for n, profile in enumerate(profiles)]
    found = match(Needs(route, place=place), roster, TODAY)
    shown = [each.id for each in found.together + found.therapists + found.coaches]
    assert len(shown) == len(set(shown))
    assert all(dict(roster)[each].accepting for each in shown)
    for each in found.together + found.therapists:
        if "therapy" in each.offers:
            holds = [licence_holds(lic.jurisdiction, place) for lic in each.profile.licences]
            assert True in holds or (None in holds and found.place_unknown)
