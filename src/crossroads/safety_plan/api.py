"""The token owner's safety plan through the API: read it, and replace it. Every answer carries
the crisis lines for the person's region, as every page showing the plan does. What is written
in the plan is not screened for crisis (see safety_plan/rules.py)."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from crossroads.assessment.rules.result import resource_as_dict
from crossroads.kernel.people import Person
from crossroads.kernel.regions import resolve_region
from crossroads.kernel.resources import resources_for
from crossroads.safety_plan.rules import SECTIONS
from crossroads.safety_plan.service import KeptPlan, plan_of, save_plan
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import ResourceOut
from crossroads.web.auth import ApiPerson, RuntimeDep

router = APIRouter(prefix="/api/v1/me", tags=["safety plan"], route_class=CheckedJsonRoute)

_PART = "What is written in this part; an empty string when nothing is."


class SafetyPlanIn(BaseModel):
    """The whole plan, part by part; a part left out is blank. Each part's length is checked
    against the plan's limit (4,000 characters) with the others."""

    model_config = ConfigDict(extra="forbid", strict=True)

    warning_signs: str = Field(default="", description=_PART)
    on_my_own: str = Field(default="", description=_PART)
    people_places: str = Field(default="", description=_PART)
    ask_for_help: str = Field(default="", description=_PART)
    professionals: str = Field(default="", description=_PART)
    safer_surroundings: str = Field(default="", description=_PART)
    reasons: str = Field(default="", description=_PART)


class SectionOut(BaseModel):
    key: str
    title: str
    hint: str
    step: int | None


class SafetyPlanOut(BaseModel):
    plan: dict[str, str] = Field(description="What is written in each part, by its key.")
    updated_at: datetime | None = Field(description="When it was last saved; null if never.")
    sections: list[SectionOut] = Field(description="The parts in order, with what each is for.")
    resources: list[ResourceOut] = Field(description="The crisis lines for the person's region.")


@router.get("/safety-plan", response_model=SafetyPlanOut)
def my_safety_plan(request: Request, runtime: RuntimeDep, person: ApiPerson) -> SafetyPlanOut:
    with runtime.database.transaction() as session:
        kept = plan_of(session, runtime.master_keys, person)
    return _out(kept, request, person)


@router.put("/safety-plan", response_model=SafetyPlanOut)
def replace_safety_plan(
    body: SafetyPlanIn, request: Request, runtime: RuntimeDep, person: ApiPerson
) -> SafetyPlanOut:
    """Replace the plan with this one; a plan with every part empty is removed."""
    with runtime.database.transaction() as session:
        kept = save_plan(session, runtime.master_keys, person, body.model_dump(), datetime.now(UTC))
    return _out(kept, request, person)


def _out(kept: KeptPlan, request: Request, person: Person) -> SafetyPlanOut:
    region = resolve_region(
        account=person.region,
        answered=None,
        accept_language=request.headers.get("accept-language"),
        time_zone=person.time_zone,
    )
    resources: list[dict[str, Any]] = [resource_as_dict(r) for r in resources_for(region)]
    return SafetyPlanOut(
        plan=kept.plan.written,
        updated_at=kept.updated_at,
        sections=[SectionOut(key=s.key, title=s.title, hint=s.hint, step=s.step) for s in SECTIONS],
        resources=[ResourceOut.model_validate(r) for r in resources],
    )
