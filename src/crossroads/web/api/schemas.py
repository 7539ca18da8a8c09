"""The JSON shapes every part of the API shares: the strict base for what comes in, and the
risk screen of what a person wrote with the crisis lines for where they are."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from crossroads.assessment.rules.result import resource_as_dict
from crossroads.kernel.people import Person
from crossroads.kernel.resources import resources_for
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.screening import lines_region


class ContactOut(BaseModel):
    channel: Literal["call", "text", "chat"]
    value: str
    instructions: str
    keyword: str | None = Field(None, description="What to send to a text line to start.")


class ResourceOut(BaseModel):
    name: str
    region: str
    description: str
    contacts: list[ContactOut]
    hours: str
    emergency: bool
    last_checked: str


class Strict(BaseModel):
    # Unknown fields are refused, and so are NaN and Infinity, which come as JSON text too
    # ("Infinity", "1e400" for a number field) and which no measure can hold.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class CrisisOut(BaseModel):
    """The risk screen of what the person wrote. `level` is `none`, `check` or `acute`;
    `at_risk` is true from `check` up, and then the lines come first."""

    at_risk: bool
    level: str
    signals: list[str]
    resources: list[ResourceOut]


class AddedOut(BaseModel):
    id: str


class ScreenedOut(BaseModel):
    """The screen of the words a change brought in (`none` when it brought none)."""

    crisis: CrisisOut


class CreatedOut(BaseModel):
    id: str
    crisis: CrisisOut


def crisis_for(screen: RiskScreen, person: Person) -> CrisisOut:
    """The screen of what `person` wrote, with the lines for where they are (their account's
    region, else their time zone's; the international lines when neither says)."""
    return crisis_out(screen, lines_region(person))


def crisis_out(screen: RiskScreen, region: str | None = None) -> CrisisOut:
    if not screen.flagged:
        return CrisisOut(at_risk=False, level=str(screen.level), signals=[], resources=[])
    return CrisisOut(
        at_risk=True,
        level=str(screen.level),
        signals=[f"{s.source}: {s.evidence} ({s.by}, {s.level})" for s in screen.reasons],
        resources=[ResourceOut(**resource_as_dict(r)) for r in resources_for(region)],
    )
