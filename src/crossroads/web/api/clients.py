"""A practitioner's clients through the API: only those who granted, only what they granted."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from crossroads.assessment.api import AssessmentOut
from crossroads.assessment.service.assessments import client_assessments
from crossroads.coaching.api.schemas import GoalOut, goal_out
from crossroads.coaching.service.goals import client_goals
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.services.consents import clients_of
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/clients", tags=["clients"], route_class=CheckedJsonRoute)


class SharedClientOut(BaseModel):
    client_id: str
    display_name: str
    area: str
    granted_at: datetime


@router.get("", response_model=list[SharedClientOut])
def clients(runtime: RuntimeDep, practitioner: ApiPractitioner) -> list[SharedClientOut]:
    with runtime.database.transaction() as session:
        return [
            SharedClientOut(
                client_id=g.other.id,
                display_name=g.other.display_name,
                area=str(g.grant.area),
                granted_at=g.grant.granted_at,
            )
            for g in clients_of(session, practitioner)
        ]


@router.get("/{client_id}/assessments", response_model=list[AssessmentOut])
def assessments(
    client_id: str, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> list[dict[str, Any]]:
    """Each call is written to the client's access log."""
    with runtime.database.transaction() as session:
        try:
            found = client_assessments(session, runtime.master_keys, practitioner, client_id)
        except ConsentMissing:
            raise NotFound(f"no client {client_id} has shared assessments with you") from None
        return [a.as_dict() for a in found]


@router.get("/{client_id}/goals", response_model=list[GoalOut])
def goals(client_id: str, runtime: RuntimeDep, practitioner: ApiPractitioner) -> list[GoalOut]:
    """A client's coaching goals, for a coach they granted coaching to; audited."""
    with runtime.database.transaction() as session:
        try:
            found = client_goals(
                session, runtime.master_keys, practitioner, client_id, datetime.now(UTC)
            )
        except ConsentMissing:
            raise NotFound(f"no client {client_id} has shared coaching with you") from None
        return [goal_out(each) for each in found]
