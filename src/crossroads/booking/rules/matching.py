"""Match a person to practitioners from what their assessment found.

The route decides who fits at all: therapy needs a practitioner with a current licence,
coaching a coach, and both a practitioner who offers both, or else a therapist and a coach side
by side. A crisis route matches nobody, because the crisis lines come first; an undetermined
route matches nobody until the assessment can say more. Within those who fit, shared
specialties count most, then speaking the person's language, then taking new clients, replying
quickly and a free consultation; every match says why it was made. After a positive safety
screener (`urgent`), therapists who take new clients and reply soonest come first, whatever
else fits. Pure logic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crossroads.assessment.rules.result import Result
from crossroads.assessment.rules.triage import Route
from crossroads.booking.rules.practitioners import LANGUAGES, SPECIALTIES, Profile

QUICK_REPLY_HOURS = 24


@dataclass(frozen=True)
class Needs:
    route: Route
    specialties: frozenset[str] = frozenset()
    language: str | None = None  # a LANGUAGES code
    online: bool | None = None  # None: either
    urgent: bool = False  # a positive ASQ: soonest therapists first


@dataclass(frozen=True)
class Match:
    id: str
    profile: Profile
    offers: tuple[str, ...]  # "therapy", "coaching"
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Matches:
    crisis: bool
    together: tuple[Match, ...]  # for both: practitioners who offer both; otherwise everyone
    therapists: tuple[Match, ...] = ()  # for both: a therapist to pair with a coach
    coaches: tuple[Match, ...] = ()


def match(needs: Needs, practitioners: Sequence[tuple[str, Profile]], today: date) -> Matches:
    if needs.route is Route.CRISIS:
        return Matches(crisis=True, together=())
    if needs.route is Route.UNDETERMINED:
        return Matches(crisis=False, together=())
    if needs.route is Route.BOTH:
        return Matches(
            crisis=False,
            together=_ranked(needs, practitioners, today, therapy=True, coaching=True),
            therapists=_ranked(needs, practitioners, today, therapy=True, coaching=False),
            coaches=_ranked(needs, practitioners, today, therapy=False, coaching=True),
        )
    therapy = needs.route is Route.THERAPY
    return Matches(
        crisis=False,
        together=_ranked(needs, practitioners, today, therapy=therapy, coaching=not therapy),
    )


def _ranked(
    needs: Needs,
    practitioners: Sequence[tuple[str, Profile]],
    today: date,
    *,
    therapy: bool,
    coaching: bool,
) -> tuple[Match, ...]:
    found = []
    for practitioner_id, profile in practitioners:
        offers = []
        if therapy:
            if not profile.offers_therapy(today):
                continue
            offers.append("therapy")
        if coaching:
            if not profile.offers_coaching():
                continue
            offers.append("coaching")
        if needs.online is True and not profile.online:
            continue
        if needs.online is False and not profile.in_person:
            continue
        score, reasons = _score(needs, profile, today, therapy)
        found.append(Match(practitioner_id, profile, tuple(offers), score, reasons))
    found.sort(key=lambda each: (-each.score, each.profile.name, each.id))
    if needs.urgent and therapy:
        found.sort(key=lambda each: (not each.profile.accepting, each.profile.replies_within_hours))
    return tuple(found)


def _score(
    needs: Needs, profile: Profile, today: date, therapy: bool
) -> tuple[int, tuple[str, ...]]:
    score, reasons = 0, []
    if therapy:
        current = [each for each in profile.licences if each.current(today)]
        licence = max(current, key=lambda each: each.expires_on)
        reasons.append(f"Licensed ({licence.type.value}, {licence.jurisdiction})")
    shared = [each for each in profile.specialties if each in needs.specialties]
    if shared:
        score += 3 * len(shared)
        names = ", ".join(SPECIALTIES[each].lower() for each in shared)
        reasons.append(f"Works with {names}")
    if needs.language and needs.language in profile.languages:
        score += 2
        reasons.append(f"Speaks {LANGUAGES[needs.language]}")
    if profile.accepting:
        score += 2
        reasons.append("Taking new clients")
    else:
        reasons.append("Not taking new clients just now")
    if profile.replies_within_hours <= QUICK_REPLY_HOURS:
        score += 1
        hours = profile.replies_within_hours
        reasons.append(f"Usually replies within {hours} hour{'' if hours == 1 else 's'}")
    if profile.free_consultation:
        score += 1
        reasons.append("Offers a free first consultation")
    return score, tuple(reasons)


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
