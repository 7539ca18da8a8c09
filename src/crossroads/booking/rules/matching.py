"""Match a person to practitioners from what their assessment found, and where they are.

The route decides who fits at all: therapy needs a practitioner with a current licence that
holds where the client is, coaching a coach, and both a practitioner who offers both, or else a
therapist and a coach side by side; each practitioner appears once, in the section that fits
best. A licence holds in its country and, where it names a state or province, only there; when
the client has not said where they are, therapists are shown with where they are licensed so
that the page can ask. Coaching is not a licensed profession: coaches match wherever the client
is. Practitioners not taking new clients are left out. A crisis route matches nobody, because
the crisis lines come first; an undetermined route matches nobody until the assessment can say
more. Within those who fit, shared specialties count most, then speaking the person's language,
then replying quickly and a free consultation; every match says why it was made. After a
positive safety screener (`urgent`), therapists who reply soonest come first, whatever else
fits. Pure logic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crossroads.assessment.rules.result import Result
from crossroads.assessment.rules.triage import Route
from crossroads.booking.rules.practitioners import LANGUAGES, SPECIALTIES, Licence, Profile
from crossroads.kernel.jurisdictions import NAMED_COUNTRIES, Place, country_of
from crossroads.kernel.resources import INTERNATIONAL

QUICK_REPLY_HOURS = 24
UNKNOWN_PLACE = Place()  # a client who has not said where they are


@dataclass(frozen=True)
class Needs:
    route: Route
    specialties: frozenset[str] = frozenset()
    language: str | None = None  # a LANGUAGES code
    online: bool | None = None  # None: either
    urgent: bool = False  # a positive ASQ: soonest therapists first
    place: Place = UNKNOWN_PLACE  # where the client is


@dataclass(frozen=True)
class Match:
    id: str
    profile: Profile
    offers: tuple[str, ...]  # "therapy", "coaching"
    score: int
    reasons: tuple[str, ...]
    licence_holds: bool | None = None  # for therapy: True, or None when the place is unknown


@dataclass(frozen=True)
class Matches:
    crisis: bool
    together: tuple[Match, ...]  # for both: practitioners who offer both; otherwise everyone
    therapists: tuple[Match, ...] = ()  # for both: a therapist to pair with a coach
    coaches: tuple[Match, ...] = ()
    place_unknown: bool = False  # some therapy match may not hold where the client is: ask


def licence_holds(jurisdiction: str, place: Place) -> bool | None:
    """Whether a licence issued in `jurisdiction` ("US-NY", "GB") lets its holder see a client
    in `place`: the same country, and the same subdivision where the licence names one. None
    when the place is too little known to tell."""
    country = country_of(jurisdiction)
    if place.country is None:
        return None
    if place.country == INTERNATIONAL:  # somewhere other than the countries we name
        return False if country in NAMED_COUNTRIES else None
    if country != place.country:
        return False
    if jurisdiction == country:
        return True
    return None if place.subdivision is None else jurisdiction == place.subdivision


def licences_for(profile: Profile, place: Place, today: date) -> tuple[tuple[Licence, ...], bool]:
    """The current licences that hold for a client in `place` (with True), else those that may
    (with False: the place is not known well enough); () when none can."""
    current = [each for each in profile.licences if each.current(today)]
    verdicts = [(each, licence_holds(each.jurisdiction, place)) for each in current]
    holding = tuple(each for each, holds in verdicts if holds)
    if holding:
        return holding, True
    return tuple(each for each, holds in verdicts if holds is None), False


def match(needs: Needs, practitioners: Sequence[tuple[str, Profile]], today: date) -> Matches:
    if needs.route is Route.CRISIS:
        return Matches(crisis=True, together=())
    if needs.route is Route.UNDETERMINED:
        return Matches(crisis=False, together=())
    found = [_fit(needs, each, profile, today) for each, profile in practitioners]
    fits = [each for each in found if each.offers]
    if needs.route is Route.BOTH:
        sections = (("therapy", "coaching"), ("therapy",), ("coaching",))
        together, therapists, coaches = (_ranked(needs, fits, offers, today) for offers in sections)
    else:
        offer = "therapy" if needs.route is Route.THERAPY else "coaching"
        together = _ranked(needs, [_only(each, offer) for each in fits], (offer,), today)
        therapists = coaches = ()
    unknown = any(
        "therapy" in each.offers and each.licence_holds is None
        for each in together + therapists + coaches
    )
    return Matches(False, together, therapists, coaches, place_unknown=unknown)


def _fit(needs: Needs, practitioner_id: str, profile: Profile, today: date) -> Match:
    """What this practitioner may offer this client (nothing when they take no new clients or
    cannot meet them the way asked), with the licences that count for therapy."""
    offers: list[str] = []
    holds: bool | None = None
    met = (needs.online is not True or profile.online) and (
        needs.online is not False or profile.in_person
    )
    if profile.accepting and met:
        licences, known = licences_for(profile, needs.place, today)
        if profile.offers_therapy(today) and licences:
            offers.append("therapy")
            holds = True if known else None
        if profile.offers_coaching():
            offers.append("coaching")
    return Match(practitioner_id, profile, tuple(offers), 0, (), holds)


def _only(found: Match, offer: str) -> Match:
    """The match for one route: the offer it asks for, or nothing."""
    offers = (offer,) if offer in found.offers else ()
    holds = found.licence_holds if offer == "therapy" else None
    return Match(found.id, found.profile, offers, 0, (), holds)


def _ranked(
    needs: Needs, fits: Sequence[Match], offers: tuple[str, ...], today: date
) -> tuple[Match, ...]:
    """Those whose offers are exactly `offers`, scored and ranked, each with its reasons."""
    found = []
    for each in fits:
        if each.offers != offers:
            continue
        score, reasons = _score(needs, each.profile, today, therapy="therapy" in offers)
        found.append(Match(each.id, each.profile, offers, score, reasons, each.licence_holds))
    found.sort(key=lambda each: (-each.score, each.profile.name, each.id))
    if needs.urgent and "therapy" in offers:
        found.sort(key=lambda each: each.profile.replies_within_hours)
    return tuple(found)


def _score(
    needs: Needs, profile: Profile, today: date, *, therapy: bool
) -> tuple[int, tuple[str, ...]]:
    score, reasons = 0, []
    if therapy:
        reasons.append(_licensed(profile, needs.place, today))
    shared = [each for each in profile.specialties if each in needs.specialties]
    if shared:
        score += 3 * len(shared)
        names = ", ".join(SPECIALTIES[each].lower() for each in shared)
        reasons.append(f"Works with {names}")
    if needs.language and needs.language in profile.languages:
        score += 2
        reasons.append(f"Speaks {LANGUAGES[needs.language]}")
    reasons.append("Taking new clients")
    if profile.replies_within_hours <= QUICK_REPLY_HOURS:
        score += 1
        hours = profile.replies_within_hours
        reasons.append(f"Usually replies within {hours} hour{'' if hours == 1 else 's'}")
    if profile.free_consultation:
        score += 1
        reasons.append("Offers a free first consultation")
    return score, tuple(reasons)


def _licensed(profile: Profile, place: Place, today: date) -> str:
    """Where the licences that count are valid, the latest-expiring first: "Licensed in New
    York (LPC)"."""
    licences = sorted(
        licences_for(profile, place, today)[0], key=lambda each: each.expires_on, reverse=True
    )
    named = dict.fromkeys(f"{each.place} ({each.type.value})" for each in licences)
    return "Licensed in " + " and ".join(named)


SEVERE_ENOUGH = {"moderate", "moderately severe", "severe"}  # bands that point to a specialty


def needs_from_result(result: Result, area: str | None) -> frozenset[str]:
    """The specialties an assessment points to: moderate or worse mood or worry, a positive
    trauma screen, and the area of the person's goal."""
    scores = result.scores
    found = set()
    if scores.phq9 is not None and scores.phq9.band in SEVERE_ENOUGH:
        found.add("depression")
    if scores.gad7 is not None and scores.gad7.band in SEVERE_ENOUGH:
        found.add("anxiety")
    if scores.pcptsd5 is not None and scores.pcptsd5.positive:
        found.add("trauma")
    if area and area != "other":
        found.add(str(area))
    return frozenset(found)
