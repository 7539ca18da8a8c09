"""A client's trusted people through the API, under /api/v1/me/trusted-people: list, invite,
change what one sees, send a fresh link, stop sharing. The trusted person's own page is reached
by its emailed link only; the API never hands a link out."""

from datetime import UTC, datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StrictBool

from crossroads.trusted_people.rules import MAX_NAME, TrustedArea
from crossroads.trusted_people.service.invitations import (
    TrustedPerson,
    change_what_is_shared,
    invite_trusted_person,
    send_fresh_link,
    stop_sharing,
    trusted_people_of,
)
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import Strict
from crossroads.web.auth import ApiClient, RuntimeDep

router = APIRouter(
    prefix="/api/v1/me/trusted-people", tags=["trusted people"], route_class=CheckedJsonRoute
)
_AREAS = "What they may see: safety_plan, moods (a weekly summary, never the entries)."


class ChoiceIn(Strict):
    areas: list[TrustedArea] = Field(min_length=1, max_length=len(TrustedArea), description=_AREAS)
    show_my_name: StrictBool = Field(description="Whether the email and their page name you.")


class InvitationIn(ChoiceIn):
    name: str = Field(max_length=MAX_NAME, description="Their name as you call them.")
    email: str = Field(max_length=254, json_schema_extra={"format": "email"})


class TrustedPersonOut(BaseModel):
    id: str
    name: str
    email: str
    areas: list[TrustedArea]
    show_my_name: bool
    invited_at: datetime
    link_sent_at: datetime
    link_expires_at: datetime
    revoked_at: datetime | None = Field(description="When you stopped sharing; null while on.")


@router.get("", response_model=list[TrustedPersonOut])
def my_trusted_people(runtime: RuntimeDep, client: ApiClient) -> list[TrustedPersonOut]:
    with runtime.database.reading() as session:
        return [_out(each) for each in trusted_people_of(session, runtime.master_keys, client)]


@router.post("", status_code=201, response_model=TrustedPersonOut)
def invite(body: InvitationIn, runtime: RuntimeDep, client: ApiClient) -> TrustedPersonOut:
    """Invite them and email them their link."""
    with runtime.database.transaction() as session:
        invited = invite_trusted_person(
            session,
            runtime.master_keys,
            client,
            name=body.name,
            email=body.email,
            areas=body.areas,
            show_my_name=body.show_my_name,
            public_url=runtime.settings.public_url,
            now=datetime.now(UTC),
        )
    return _out(invited)


@router.patch("/{invitation_id}", response_model=TrustedPersonOut)
def change(
    invitation_id: str, body: ChoiceIn, runtime: RuntimeDep, client: ApiClient
) -> TrustedPersonOut:
    """Takes effect on their very next visit."""
    with runtime.database.transaction() as session:
        changed = change_what_is_shared(
            session,
            runtime.master_keys,
            client,
            invitation_id,
            areas=body.areas,
            show_my_name=body.show_my_name,
        )
    return _out(changed)


@router.post("/{invitation_id}/fresh-link", response_model=TrustedPersonOut)
def fresh_link(invitation_id: str, runtime: RuntimeDep, client: ApiClient) -> TrustedPersonOut:
    """Email them a new link; the old one stops working."""
    with runtime.database.transaction() as session:
        sent = send_fresh_link(
            session,
            runtime.master_keys,
            client,
            invitation_id,
            public_url=runtime.settings.public_url,
            now=datetime.now(UTC),
        )
    return _out(sent)


@router.delete("/{invitation_id}", status_code=204)
def stop(invitation_id: str, runtime: RuntimeDep, client: ApiClient) -> Response:
    with runtime.database.transaction() as session:
        stop_sharing(session, client, invitation_id, datetime.now(UTC))
    return Response(status_code=204)


def _out(each: TrustedPerson) -> TrustedPersonOut:
    return TrustedPersonOut(
        id=each.id,
        name=each.name,
        email=each.email,
        areas=sorted(each.choice.areas),
        show_my_name=each.choice.show_my_name,
        invited_at=each.invited_at,
        link_sent_at=each.link_sent_at,
        link_expires_at=each.link_expires_at,
        revoked_at=each.revoked_at,
    )
