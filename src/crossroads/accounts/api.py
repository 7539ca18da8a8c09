"""The signed-in person's own account through the API: who they are, where they are, export."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from crossroads.accounts.service.accounts import change_region, change_subdivision
from crossroads.kernel.people import Person
from crossroads.ops.privacy import export_everything
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import ApiPerson, RuntimeDep

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
    subdivision: str | None = Field(
        description="The state, province or territory the person is in, as an ISO 3166-2 code"
        ' such as "US-NY" or "CA-ON", for matching them to therapists licensed there; null when'
        " not chosen."
    )


class PersonIn(BaseModel):
    """What a person may change about their account here; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid", strict=True)

    region: str | None = Field(default=None, max_length=4)
    subdivision: str | None = Field(default=None, max_length=6)


@router.get("", response_model=PersonOut)
def me(person: ApiPerson) -> PersonOut:
    return _person_out(person)


@router.patch("", response_model=PersonOut)
def change_me(body: PersonIn, runtime: RuntimeDep, person: ApiPerson) -> PersonOut:
    """Change the region or the subdivision (null forgets either). Given both, the region is
    changed first; a subdivision names its country, which becomes the region if none was set."""
    given = body.model_fields_set
    if not given & {"region", "subdivision"}:
        return _person_out(person)
    changed = person
    with runtime.database.transaction() as session:
        if "region" in given:
            changed = change_region(session, changed, body.region)
        if "subdivision" in given:
            changed = change_subdivision(session, changed, body.subdivision)
    return _person_out(changed)


def _person_out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.id,
        email=person.email,
        display_name=person.display_name,
        role=str(person.role),
        two_factor=person.totp_enabled,
        region=person.region,
        subdivision=person.subdivision,
    )


@router.get("/export")
def export(runtime: RuntimeDep, person: ApiPerson) -> dict[str, Any]:
    """Everything held about the token's owner, in the same format as `crossroads export`."""
    with runtime.database.transaction() as session:
        return export_everything(session, runtime.master_keys, person, now=datetime.now(UTC))
