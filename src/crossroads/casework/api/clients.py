"""A practitioner's clients through the API: only those who granted, only what they granted."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

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
