"""/api/v1/referrals: a practitioner suggests therapy or coaching to a client who shares with
them; the client reads it and goes ahead (choosing whom, and what to share) or declines. The
referrer sees only the status."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from crossroads.casework.service import referrals
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Role
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import Strict
from crossroads.web.auth import ApiClient, ApiPerson, ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/referrals", tags=["referrals"], route_class=CheckedJsonRoute)


class ReferralIn(Strict):
    client_id: str
    to: referrals.ReferTo
    reason: str = Field(max_length=2000)


class AcceptIn(Strict):
    practitioner_id: str
    areas: list[Area] = Field(default_factory=list)
    share_reason: bool = Field(
        default=False, description="Let the chosen practitioner read why the client was referred."
    )
    sees_team: bool = Field(
        default=False,
        description="Let them see who else is in the client's care team, and its note.",
    )


class ReferralOut(BaseModel):
    id: str
    to: referrals.ReferTo
    status: str
    created_at: datetime
    referrer: str | None = None  # for the client
    reason: str | None = None  # for the client
    client: str | None = None  # for the referrer


class CreatedOut(BaseModel):
    id: str


@router.get("", response_model=list[ReferralOut])
def list_referrals(runtime: RuntimeDep, person: ApiPerson) -> list[ReferralOut]:
    """A client's referrals received, or a practitioner's sent (status only)."""
    with runtime.database.transaction() as session:
        if person.role is Role.PRACTITIONER:
            return [
                ReferralOut(
                    id=r.id, to=r.to, status=r.status, created_at=r.created_at, client=r.client
                )
                for r in referrals.sent(session, runtime.master_keys, person)
            ]
        return [
            ReferralOut(
                id=r.id,
                to=r.to,
                status=r.status,
                created_at=r.created_at,
                referrer=r.referrer,
                reason=r.reason,
            )
            for r in referrals.received(session, runtime.master_keys, person)
        ]


@router.post("", status_code=201, response_model=CreatedOut)
def create_referral(
    body: ReferralIn, runtime: RuntimeDep, practitioner: ApiPractitioner, response: Response
) -> Any:
    with runtime.database.transaction() as session:
        referral_id = referrals.refer(
            session,
            runtime.master_keys,
            practitioner,
            body.client_id,
            body.to,
            body.reason,
            datetime.now(UTC),
        )
    response.headers["location"] = "/api/v1/referrals"
    return CreatedOut(id=referral_id)


@router.post("/{referral_id}/accept", status_code=204)
def accept(referral_id: str, body: AcceptIn, runtime: RuntimeDep, client: ApiClient) -> Response:
    """The chosen practitioner joins the client's care team (GET /api/v1/me/care-team), unless
    their listing has no account yet."""
    with runtime.database.transaction() as session:
        referrals.accept(
            session,
            runtime.master_keys,
            client,
            referral_id,
            body.practitioner_id,
            body.areas,
            datetime.now(UTC),
            share_reason=body.share_reason,
            sees_team=body.sees_team,
            public_url=runtime.settings.public_url,
        )
    return Response(status_code=204)


@router.post("/{referral_id}/decline", status_code=204)
def decline(referral_id: str, runtime: RuntimeDep, client: ApiClient) -> Response:
    with runtime.database.transaction() as session:
        referrals.decline(session, client, referral_id, datetime.now(UTC))
    return Response(status_code=204)
