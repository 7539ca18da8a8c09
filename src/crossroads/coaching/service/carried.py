"""Carry what a person said in the assessment into a new goal: the goal they wrote there and
the part of life it is about fill in the first questions of a new goal and of the coaching
conversation, so that nobody types it twice. They can change it; nothing is saved until they do."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.answers import Area
from crossroads.assessment.service.assessments import assessments_of_person
from crossroads.coaching.rules.goals import MAX_WHAT
from crossroads.coaching.service.goals import goals_of_person
from crossroads.kernel.people import Person, local_day, zone_of
from crossroads.security.encryption import MasterKeys


@dataclass(frozen=True)
class CarriedGoal:
    """The goal from an assessment, fitted to a goal's fields."""

    what: str
    area: Area | None
    said_on: date  # the day the assessment was taken, where the person lives

    @property
    def fields(self) -> dict[str, str]:
        """The goal form's fields it fills in."""
        return {"what": self.what, **({"area": self.area.value} if self.area else {})}


def goal_from_assessment(
    session: Session, master_keys: MasterKeys, person: Person, now: datetime
) -> CarriedGoal | None:
    """The goal the person wrote in their latest assessment that named one; None when none
    did, when that assessment pointed to a crisis (the crisis lines come first there, not a
    plan), or when one of their goals already says the same."""
    for stored in reversed(assessments_of_person(session, master_keys, person)):
        said = str(stored.answers.get("goal") or "").strip()
        if not said:
            continue
        if stored.result.crisis:
            return None
        kept = {_plain(g.goal.what) for g in goals_of_person(session, master_keys, person, now)}
        what = _fitted(said)
        if _plain(what) in kept:
            return None
        area = next((each for each in Area if each.value == stored.answers.get("area")), None)
        return CarriedGoal(what, area, local_day(stored.created_at, zone_of(person)))
    return None


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _fitted(said: str) -> str:
    """The words as said, on one line; cut at the last whole word that fits a goal (the
    assessment takes a longer answer than a goal's title), so the form can be sent as it is."""
    said = " ".join(said.split())
    if len(said) <= MAX_WHAT:
        return said
    cut = said[: MAX_WHAT - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.-") + "…"
