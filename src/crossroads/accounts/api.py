"""The signed-in person's own data through the API: results, sharing, access log, export."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, Strict

from crossroads.accounts.service.accounts import change_region
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.ops.privacy import export_everything
from crossroads.platform.audit import accesses_to
from crossroads.services.consents import Share, grant_access, revoke_grant, shares_given
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import ApiClient, ApiPerson, RuntimeDep

router = APIRouter(prefix="/api/v1/me", tags=["me"], route_class=CheckedJsonRoute)


class PersonOut(BaseModel):
    id: str
    email: str
    display_name: str
    role: str
    two_factor: bool
    region: str | None = Field(
        description="Where the person is, for the crisis lines shown first: a two-letter"
        ' country code or "INTL"; null when not chosen.'
    )


class PersonIn(BaseModel):
    """What a person may change about their account here; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid", strict=True)

    region: str | None = Field(default=None, max_length=4)


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


@router.get("", response_model=PersonOut)
def me(person: ApiPerson) -> PersonOut:
    return _person_out(person)


@router.patch("", response_model=PersonOut)
def change_me(body: PersonIn, runtime: RuntimeDep, person: ApiPerson) -> PersonOut:
    """Change the region (null forgets it)."""
    if "region" not in body.model_fields_set:
        return _person_out(person)
    with runtime.database.transaction() as session:
        changed = change_region(session, person, body.region)
    return _person_out(changed)


def _person_out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.id,
        email=person.email,
        display_name=person.display_name,
        role=str(person.role),
        two_factor=person.totp_enabled,
        region=person.region,
    )


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


@router.get("/export")
def export(runtime: RuntimeDep, person: ApiPerson) -> dict[str, Any]:
    """Everything held about the token's owner, in the same format as `crossroads export`."""
    with runtime.database.transaction() as session:
        return export_everything(session, runtime.master_keys, person, now=datetime.now(UTC))


def _grant_out(share: Share) -> GrantOut:
    return GrantOut(
        id=share.id,
        practitioner_email=share.address,
        area=str(share.area),
        granted_at=share.granted_at,
        revoked_at=share.revoked_at,
    )
