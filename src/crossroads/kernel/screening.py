"""What a use case that takes a person's own words gives back: what it saved and the risk
screen of those words. The service screens; pages, the API and the CLI only render the screen.
What a person wrote is saved whatever its level, so nothing they said is lost.

A coach's words (comments, homework, notes) are not the client's and are not screened.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from crossroads.kernel.people import Person
from crossroads.kernel.regions import resolve_region
from crossroads.kernel.risk import RiskScreen


@dataclass(frozen=True)
class Saved:
    """The id of what was saved, and the screen of the words in it."""

    id: str
    screen: RiskScreen = field(default_factory=RiskScreen)


def changed_words(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str]:
    """The fields whose words a change altered: words already screened when first written
    are not read again when something else about them changes (a date, an order)."""
    return {name: text for name, text in after.items() if text != before.get(name)}


def screen_of_all(screens: Iterable[RiskScreen]) -> RiskScreen:
    """Many screens as one (an import), keeping every reason."""
    return RiskScreen(tuple(reason for screen in screens for reason in screen.reasons))


def lines_region(person: Person) -> str | None:
    """Whose crisis lines to give with a screen outside a page (the API, the CLI): the
    person's saved region, else their time zone's country; None for the international ones."""
    return resolve_region(
        account=person.region, answered=None, accept_language=None, time_zone=person.time_zone
    )
