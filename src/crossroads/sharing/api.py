"""Sharing through the API: a client's grants and the log of every access to their data, and a
practitioner's clients (only those who granted, only what they granted)."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, Strict

from crossroads.kernel.consent import Area
from crossroads.platform.audit import accesses_to
from crossroads.sharing.service.grants import (
    Share,
    clients_of,
    grant_access,
    revoke_grant,
    shares_given,
)
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import ApiClient, ApiPerson, ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/me", tags=["me"], route_class=CheckedJsonRoute)
clients_router = APIRouter(prefix="/api/v1/clients", tags=["clients"], route_class=CheckedJsonRoute)


class GrantIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    practitioner_email: str = Field(max_length=254)
    # Strict for the address, but an area comes as its name: JSON has no enums to be strict about.
    areas: list[Annotated[Area, Strict(False)]] = Field(min_length=1, max_length=len(Area))


class GrantOut(BaseModel):
    id: str
    practitioner_email: str
    area: str
    granted_at: datetime
    revoked_at: datetime | None


class AccessOut(BaseModel):
    at: datetime
    actor: str
    action: str
    target: str
    grant_id: str | None


class SharedClientOut(BaseModel):
    client_id: str
    display_name: str
    area: str
    granted_at: datetime


@clients_router.get("", response_model=list[SharedClientOut])
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


@router.get("/grants", response_model=list[GrantOut])
def my_grants(runtime: RuntimeDep, client: ApiClient) -> list[GrantOut]:
    with runtime.database.transaction() as session:
        return [_grant_out(share) for share in shares_given(session, client)]


@router.post("/grants", status_code=201, response_model=list[GrantOut])
def grant(body: GrantIn, runtime: RuntimeDep, client: ApiClient) -> list[GrantOut]:
    with runtime.database.transaction() as session:
        grants = grant_access(
            session,
            client,
            practitioner_email=body.practitioner_email,
            areas=body.areas,
            now=datetime.now(UTC),
        )
    return [_grant_out(share) for share in grants]


@router.delete("/grants/{grant_id}", status_code=204)
def revoke(grant_id: str, runtime: RuntimeDep, client: ApiClient) -> Response:
    with runtime.database.transaction() as session:
        revoke_grant(session, client, grant_id, datetime.now(UTC))
    return Response(status_code=204)


@router.get("/access-log", response_model=list[AccessOut])
def access_log(runtime: RuntimeDep, person: ApiPerson) -> list[AccessOut]:
    with runtime.database.transaction() as session:
        return [
            AccessOut(at=a.at, actor=a.actor, action=a.action, target=a.target, grant_id=a.grant_id)
            for a in accesses_to(session, person.id)
        ]


def _grant_out(share: Share) -> GrantOut:
    return GrantOut(
        id=share.id,
        practitioner_email=share.address,
        area=str(share.area),
        granted_at=share.granted_at,
        revoked_at=share.revoked_at,
    )
