"""The care team through the API: a client's team under /api/v1/me/care-team (members, who may
see the team, the coordination note), and a member's view of a client's team under
/api/v1/caseload/{client_id}/care-team, as far as the client lets them see it."""

from datetime import UTC, datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, StrictBool

from crossroads.care_team.rules import MAX_NOTE, JoinedThrough
from crossroads.care_team.service.members import (
    Member,
    add_member,
    candidates_for,
    let_see_team,
    members_of,
    remove_member,
)
from crossroads.care_team.service.note import (
    CoordinationNote,
    note_for_client,
    write_as_client,
    write_as_member,
)
from crossroads.care_team.service.view import team_for
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import CrisisOut, Strict, crisis_for
from crossroads.web.auth import ApiClient, ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/me/care-team", tags=["care team"], route_class=CheckedJsonRoute)
caseload_router = APIRouter(
    prefix="/api/v1/caseload", tags=["care team"], route_class=CheckedJsonRoute
)

_KIND = "Their listing's kind (therapist, coach or both); empty when they have no listing."


class MemberIn(Strict):
    practitioner_id: str = Field(
        max_length=36, description="The person id of a practitioner the client works with."
    )


class ConsentIn(Strict):
    sees_team: StrictBool = Field(
        description="Whether this member sees who else helps and the coordination note."
    )


class NoteIn(Strict):
    text: str = Field(max_length=MAX_NOTE, description="The whole note; empty clears it.")


class MemberOut(BaseModel):
    id: str
    practitioner_id: str
    name: str
    kind: str = Field(description=_KIND)
    joined_at: datetime
    joined_through: JoinedThrough
    sees_team: bool


class CandidateOut(BaseModel):
    practitioner_id: str
    name: str
    kind: str = Field(description=_KIND)


class NoteOut(BaseModel):
    text: str
    updated_at: datetime | None = Field(description="Null before anyone writes it.")
    updated_by: str = Field(description="Who last wrote it, by name.")


class WrittenNoteOut(NoteOut):
    crisis: CrisisOut


class TeamOut(BaseModel):
    members: list[MemberOut]
    candidates: list[CandidateOut] = Field(
        description="Practitioners the client works with (a grant or a booking) not in the team."
    )
    note: NoteOut


class ColleagueOut(BaseModel):
    name: str
    kind: str = Field(description=_KIND)


class MemberViewOut(BaseModel):
    """A client's team as one member sees it."""

    client_id: str
    client: str
    joined_at: datetime
    joined_through: JoinedThrough
    reason: str | None = Field(description="Why they were referred, if the client shared it.")
    sees_team: bool
    others: list[ColleagueOut] | None = Field(description="Null unless the client lets them.")
    note: NoteOut | None = Field(description="Null unless the client lets them see the team.")


@router.get("", response_model=TeamOut)
def my_team(runtime: RuntimeDep, client: ApiClient) -> TeamOut:
    with runtime.database.transaction() as session:
        members = members_of(session, client)
        candidates = candidates_for(session, client)
        note = note_for_client(session, runtime.master_keys, client)
    return TeamOut(
        members=[_member_out(m) for m in members],
        candidates=[CandidateOut(**vars(c)) for c in candidates],
        note=_note_out(note),
    )


@router.post("", status_code=201, response_model=MemberOut)
def add(body: MemberIn, runtime: RuntimeDep, client: ApiClient) -> MemberOut:
    """Add a practitioner the client works with; they do not see the team until allowed."""
    with runtime.database.transaction() as session:
        member = add_member(session, client, body.practitioner_id, datetime.now(UTC))
    return _member_out(member)


@router.put("/note", response_model=WrittenNoteOut)
def replace_note(body: NoteIn, runtime: RuntimeDep, client: ApiClient) -> WrittenNoteOut:
    """Replace the coordination note; what the client writes is screened like all they write."""
    with runtime.database.transaction() as session:
        screen = write_as_client(session, runtime.master_keys, client, body.text, datetime.now(UTC))
        note = note_for_client(session, runtime.master_keys, client)
    return WrittenNoteOut(**_note_out(note).model_dump(), crisis=crisis_for(screen, client))


@router.patch("/{member_id}", response_model=MemberOut)
def consent(member_id: str, body: ConsentIn, runtime: RuntimeDep, client: ApiClient) -> MemberOut:
    with runtime.database.transaction() as session:
        member = let_see_team(session, client, member_id, body.sees_team)
    return _member_out(member)


@router.delete("/{member_id}", status_code=204)
def remove(member_id: str, runtime: RuntimeDep, client: ApiClient) -> Response:
    with runtime.database.transaction() as session:
        remove_member(session, client, member_id, datetime.now(UTC))
    return Response(status_code=204)


@caseload_router.get("/{client_id}/care-team", response_model=MemberViewOut)
def team_of_client(
    client_id: str, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> MemberViewOut:
    """404 unless the practitioner is in the client's team; the reading is audited."""
    with runtime.database.transaction() as session:
        view = team_for(session, runtime.master_keys, practitioner, client_id)
    return MemberViewOut(
        client_id=view.client.id,
        client=view.client.display_name,
        joined_at=view.joined_at,
        joined_through=view.joined_through,
        reason=view.reason,
        sees_team=view.sees_team,
        others=None
        if view.others is None
        else [ColleagueOut(name=o.name, kind=o.kind) for o in view.others],
        note=None if view.note is None else _note_out(view.note),
    )


@caseload_router.put("/{client_id}/care-team/note", response_model=NoteOut)
def replace_note_as_member(
    client_id: str, body: NoteIn, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> NoteOut:
    """404 unless the practitioner is in the client's team and allowed to see it; audited."""
    with runtime.database.transaction() as session:
        note = write_as_member(
            session, runtime.master_keys, practitioner, client_id, body.text, datetime.now(UTC)
        )
    return _note_out(note)


def _member_out(member: Member) -> MemberOut:
    return MemberOut(**vars(member))


def _note_out(note: CoordinationNote) -> NoteOut:
    return NoteOut(text=note.text, updated_at=note.updated_at, updated_by=note.updated_by)
