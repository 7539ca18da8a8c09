"""Who fits an assessment, from the directory: the practitioners whose offer fits its route,
where the person is (a therapist only where their licence holds), ranked with their reasons."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from crossroads.assessment.rules.triage import Route
from crossroads.assessment.service.assessments import (
    StoredAssessment,
    assessments_of_person,
    load_assessment,
)
from crossroads.booking.rules.matching import (
    UNKNOWN_PLACE,
    Matches,
    Needs,
    match,
    needs_from_result,
)
from crossroads.booking.service.directory import listings
from crossroads.kernel.jurisdictions import Place, place_of
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskLevel
from crossroads.security.encryption import MasterKeys


def matches_for(
    session: Session,
    route: Route,
    specialties: frozenset[str],
    language: str | None,
    today: date,
    *,
    urgent: bool = False,
    place: Place | None = None,
) -> Matches:
    """Who fits the route where the person is (unknown when `place` is None); `urgent` (a
    positive safety screener) puts the therapists who can see the person soonest first."""
    needs = Needs(route, specialties, language, urgent=urgent, place=place or UNKNOWN_PLACE)
    return match(needs, [(each.id, each.profile) for each in listings(session)], today)


@dataclass(frozen=True)
class AssessmentMatches:
    """The assessment the matches were found for (None when the visitor has none to show), the
    matches (None without an assessment) and where the person was taken to be."""

    assessment: StoredAssessment | None
    matches: Matches | None
    place: Place = UNKNOWN_PLACE


def matches_for_assessment(
    session: Session,
    master_keys: MasterKeys,
    viewer: Person | None,
    assessment_id: str,
    language: str | None,
    today: date,
    where: Place | None = None,
) -> AssessmentMatches:
    """Matches for an assessment the visitor may see (by id), or else their latest one, where
    the visitor is: where they just said (`where`), else where their account says, else the
    region answered in the assessment."""
    stored = None
    if assessment_id:
        stored = load_assessment(session, master_keys, assessment_id, viewer=viewer)
    elif viewer is not None:
        mine = assessments_of_person(session, master_keys, viewer)
        stored = mine[-1] if mine else None
    if stored is None:
        return AssessmentMatches(None, None)
    result = stored.result
    needs = needs_from_result(result, stored.answers.get("area"))
    urgent = result.risk is not None and result.risk.level is RiskLevel.URGENT
    place = where or _place_of(viewer, stored)
    found = matches_for(session, result.route, needs, language, today, urgent=urgent, place=place)
    return AssessmentMatches(stored, found, place)


def _place_of(viewer: Person | None, stored: StoredAssessment) -> Place:
    if viewer is not None and (viewer.subdivision or viewer.region):
        return place_of(viewer.region, viewer.subdivision)
    answered = stored.answers.get("region")
    return place_of(answered if isinstance(answered, str) else None, None)
