"""POST and GET /api/v1/assessments: the fit assessment as JSON, in the CLI's format."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from crossroads.assessment.rules.answers import MAX_GOAL_LENGTH, MAX_TEXT_LENGTH, Area
from crossroads.assessment.service.alerts import record_assessment_with_alerts
from crossroads.assessment.service.assessments import (
    assessments_of_person,
    client_assessments,
    load_assessment,
)
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.regions import resolve_region
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import ResourceOut
from crossroads.web.auth import ApiPerson, ApiPractitioner, ApiViewer, RuntimeDep

router = APIRouter(prefix="/api/v1", tags=["assessments"], route_class=CheckedJsonRoute)

Frequency = Annotated[int, Field(ge=0, le=3)]
Wellbeing = Annotated[int, Field(ge=0, le=5)]


class TraumaIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    exposure: bool = Field(description="Ever experienced a frightening or traumatic event.")
    items: list[bool] | None = Field(None, min_length=5, max_length=5)


class AsqIn(BaseModel):
    """The Ask Suicide-Screening Questions (NIMH): four yes/no questions, and whether thoughts
    of killing oneself are there right now, which must be answered after any yes."""

    model_config = ConfigDict(extra="forbid", strict=True)

    wished_dead: bool
    family_better_off: bool
    thoughts_of_killing_self: bool
    tried_before: bool
    thoughts_right_now: bool | None = None


class AssessmentIn(BaseModel):
    """Every field is optional; give the questionnaires you answered."""

    model_config = ConfigDict(extra="forbid", strict=True)

    phq9: list[Frequency] | None = Field(None, min_length=9, max_length=9)
    gad7: list[Frequency] | None = Field(None, min_length=7, max_length=7)
    who5: list[Wellbeing] | None = Field(None, min_length=5, max_length=5)
    phq2: list[Frequency] | None = Field(None, min_length=2, max_length=2)
    gad2: list[Frequency] | None = Field(None, min_length=2, max_length=2)
    pcptsd5: TraumaIn | None = None
    goal: str | None = Field(None, max_length=MAX_GOAL_LENGTH)
    area: Annotated[Area, Field(strict=False)] | None = None  # a JSON string names the area
    steady: int | None = Field(None, ge=0, le=10, description="How steady you feel, 0 to 10.")
    stuck_pattern: bool | None = None
    text: str | None = Field(None, max_length=MAX_TEXT_LENGTH)
    region: str | None = Field(None, pattern=r"^([A-Za-z]{2}|INTL)$")
    asq: AsqIn | None = None


class ReasonOut(BaseModel):
    dimension: str
    text: str
    evidence: str = Field(
        description="What in the answers it rests on; empty for what the route means"
    )
    title: str = Field("", description="A short heading; empty in results stored before titles")


class RiskReasonOut(BaseModel):
    source: str
    by: Literal["answer", "lexicon", "model"]
    evidence: str
    level: Literal["check", "urgent", "acute"]


class ScreenerQuestionOut(BaseModel):
    key: str
    text: str


class ScreenerOut(BaseModel):
    name: str
    questions: list[ScreenerQuestionOut]
    needed: bool = Field(description="A signal needs asking and the ASQ is not answered yet.")
    answered: bool
    answers: dict[str, bool | None] | None
    result: Literal["negative", "non-acute positive", "acute positive"] | None


class RiskOut(BaseModel):
    level: Literal["none", "check", "urgent", "acute"]
    reasons: list[RiskReasonOut]
    screener: ScreenerOut


class AssessmentOut(BaseModel):
    id: str
    route: Literal["crisis", "therapy", "coaching", "both", "undetermined"]
    crisis: bool = Field(description="True exactly when the risk level is acute.")
    risk: RiskOut | None = Field(None, description="Absent only on results stored before it.")
    measures: dict[str, dict[str, Any]]
    reasons: list[ReasonOut]
    missing: list[str]
    resources: list[ResourceOut]
    disclaimer: str


@router.post("/assessments", status_code=201, response_model=AssessmentOut)
def create_assessment(
    body: AssessmentIn,
    runtime: RuntimeDep,
    viewer: ApiViewer,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    """Score the answers, screen them for crisis, recommend a route and store the result:
    under the token's owner when a token is sent, anonymous and unlisted otherwise."""
    with runtime.database.transaction() as session:
        stored = record_assessment_with_alerts(
            session,
            runtime.master_keys,
            body.model_dump(exclude_none=True),
            owner=viewer,
            public_url=runtime.settings.public_url,
            region=resolve_region(
                account=viewer.region if viewer else None,
                answered=body.region,
                accept_language=request.headers.get("accept-language"),
                time_zone=viewer.time_zone if viewer else None,
            ),
        )
    response.headers["location"] = f"/api/v1/assessments/{stored.id}"
    return stored.as_dict()


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut)
def read_assessment(assessment_id: str, runtime: RuntimeDep, viewer: ApiViewer) -> dict[str, Any]:
    """An anonymous result by its id; an owned one for its owner or a granted practitioner."""
    with runtime.database.transaction() as session:
        stored = load_assessment(
            session, runtime.master_keys, assessment_id, viewer=viewer, now=datetime.now(UTC)
        )
        return stored.as_dict()


@router.get(
    "/clients/{client_id}/assessments", tags=["clients"], response_model=list[AssessmentOut]
)
def assessments_of_client(
    client_id: str, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> list[dict[str, Any]]:
    """Each call is written to the client's access log."""
    with runtime.database.transaction() as session:
        try:
            found = client_assessments(
                session, runtime.master_keys, practitioner, client_id, datetime.now(UTC)
            )
        except ConsentMissing:
            raise NotFound(f"no client {client_id} has shared assessments with you") from None
        return [a.as_dict() for a in found]


@router.get("/me/assessments", tags=["me"], response_model=list[AssessmentOut])
def my_assessments(runtime: RuntimeDep, person: ApiPerson) -> list[dict[str, Any]]:
    with runtime.database.transaction() as session:
        return [a.as_dict() for a in assessments_of_person(session, runtime.master_keys, person)]
