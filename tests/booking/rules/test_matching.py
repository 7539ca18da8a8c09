"""Matching: who fits each route, how those who fit are ranked, and the reasons each match
gives."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.result import Result, assess, result_of
from crossroads.assessment.rules.triage import Route
from crossroads.booking.rules.matching import Match, Matches, Needs, match, needs_from_result
from crossroads.booking.rules.practitioners import Licence, LicenceType, PractitionerKind, Profile

TODAY = date(2027, 3, 1)
CURRENT = Licence(LicenceType.LPC, "NY", "NY-1", date(2028, 3, 1))
EXPIRED = Licence(LicenceType.LPC, "NY", "NY-2", TODAY - timedelta(days=1))

# Scores nothing on its own: closed, slow to reply, no free consultation, no specialty.
PLAIN = Profile(
    name="Plain",
    kind=PractitionerKind.COACH,
    accepting=False,
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


def test_both_puts_those_offering_both_together_and_lists_therapists_and_coaches_apart() -> None:
    found = match(Needs(Route.BOTH), ROSTER, TODAY)
    assert ids(found.together) == {"both"}
    assert found.together[0].offers == ("therapy", "coaching")
    assert ids(found.therapists) == {"therapist", "both"}
    assert {each.offers for each in found.therapists} == {("therapy",)}
    assert ids(found.coaches) == {"coach", "both", "lapsed-both"}
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
        pytest.param(replace(PLAIN, accepting=True), 2, id="taking new clients"),
        pytest.param(replace(PLAIN, replies_within_hours=1), 1, id="replies in 1 h"),
        pytest.param(replace(PLAIN, replies_within_hours=24), 1, id="replies in 24 h"),
        pytest.param(replace(PLAIN, replies_within_hours=25), 0, id="replies in 25 h"),
        pytest.param(replace(PLAIN, free_consultation=True), 1, id="free consultation"),
        pytest.param(
            replace(
                PLAIN,
                specialties=("career", "stress", "confidence", "grief"),
                languages=("es",),
                accepting=True,
                replies_within_hours=24,
                free_consultation=True,
            ),
            9 + 2 + 2 + 1 + 1,
            id="everything",
        ),
    ],
)
def test_each_shared_specialty_weighs_three_language_two_accepting_two_and_the_rest_one(
    profile: Profile, score: int
) -> None:
    assert only(NEEDS, profile).score == score


def test_no_language_asked_for_earns_no_language_points() -> None:
    speaker = replace(PLAIN, languages=("en", "es"))
    assert only(replace(NEEDS, language=None), speaker).score == 0


def test_matches_are_ranked_by_score_then_name_then_id() -> None:
    roster = [
        ("p3", replace(PLAIN, name="Bea", accepting=True)),  # 2
        ("p5", replace(PLAIN, name="Cy", free_consultation=True)),  # 1
        ("p1", replace(PLAIN, name="Zed", specialties=("career",))),  # 3
        ("p2", replace(PLAIN, name="Bea", languages=("es",))),  # 2
        ("p4", replace(PLAIN, name="Ada", accepting=True)),  # 2
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
        pytest.param(replace(PLAIN, accepting=True), id="taking new clients"),
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
            Licence(LicenceType.LPC, "NY", "NY-1", date(2028, 1, 1)),
            Licence(LicenceType.LMFT, "CA", "CA-1", date(2029, 1, 1)),
            Licence(LicenceType.PSYD, "TX", "TX-1", date(2026, 1, 1)),
        ),
        specialties=("grief", "anxiety", "trauma"),
        languages=("en", "es"),
        replies_within_hours=12,
    )
    needs = Needs(Route.THERAPY, frozenset({"anxiety", "grief"}), "es")
    assert only(needs, therapist).reasons == (
        "Licensed (LMFT, CA)",
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
                Licence(LicenceType.PSYD, "TX", "TX-1", date(2031, 1, 1)),
                Licence(LicenceType.LCSW, "ON", "ON-1", date(2027, 6, 1)),
            ),
            "Licensed (PsyD, TX)",
            id="the latest-expiring first",
        ),
        pytest.param(
            (
                Licence(LicenceType.LCSW, "ON", "ON-1", date(2027, 6, 1)),
                Licence(LicenceType.PHD, "MA", "MA-1", TODAY),
            ),
            "Licensed (LCSW, ON)",
            id="the latest-expiring last",
        ),
        pytest.param(
            (
                Licence(LicenceType.LMHC, "WA", "WA-1", TODAY),
                Licence(LicenceType.LPC, "NY", "NY-9", TODAY - timedelta(days=1)),
            ),
            "Licensed (LMHC, WA)",
            id="the only current one, on its expiry day",
        ),
    ],
)
def test_the_licence_named_is_the_current_one_expiring_last(
    licences: tuple[Licence, ...], named: str
) -> None:
    therapist = Profile("Tess", PractitionerKind.THERAPIST, licences=licences)
    assert only(Needs(Route.THERAPY), therapist).reasons[0] == named


def test_a_coaching_match_names_no_licence() -> None:
    both = Profile("Bo", PractitionerKind.BOTH, licences=(CURRENT,))
    reasons = only(Needs(Route.COACHING), both).reasons
    assert not any(reason.startswith("Licensed") for reason in reasons)


def test_a_closed_practice_says_so_and_earns_nothing_for_it() -> None:
    found = only(NEEDS, PLAIN)
    assert found.reasons == ("Not taking new clients just now",)
    assert found.score == 0


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
        ("slow", replace(therapist, name="Sam", accepting=True, replies_within_hours=48)),
        ("quick", replace(therapist, name="Qi", accepting=True, replies_within_hours=2)),
    ]
    needs = Needs(Route.THERAPY, frozenset({"depression", "anxiety"}))

    assert match(needs, roster, TODAY).together[0].id == "specialist"
    urgent = match(replace(needs, urgent=True), roster, TODAY).together
    assert [m.id for m in urgent] == ["quick", "slow", "specialist"]


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
