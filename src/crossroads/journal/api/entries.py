"""/api/v1/journal: a client's journal entries and exercises, corrections of how their own
words about coping were read, and the patterns the journal finds. The journal service screens
whatever a person writes; the response carries its level in `crisis`, and from `check` up the
crisis lines."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import Field

from crossroads.journal.rules.entries import MAX_TEXT, EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.rules.tools import Tool
from crossroads.journal.schemas import (
    AddedEntryOut,
    CorrectionIn,
    EntryIn,
    EntryOut,
    InsightsOut,
    entry_out,
    insights_out,
)
from crossroads.journal.service import entries as journal
from crossroads.journal.service.insights import insights_of
from crossroads.journal.service.right_now import log_tool_use
from crossroads.kernel.errors import InvalidInput
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import crisis_for
from crossroads.web.auth import ApiClient, RuntimeDep

router = APIRouter(prefix="/api/v1/journal", tags=["journal"], route_class=CheckedJsonRoute)

Answer = Annotated[str, Field(max_length=MAX_TEXT)]


@router.get("", response_model=list[EntryOut])
def list_entries(runtime: RuntimeDep, client: ApiClient) -> list[EntryOut]:
    """Every entry and exercise, oldest first."""
    with runtime.database.transaction() as session:
        found = journal.journal_of(session, runtime.master_keys, client)
    return [entry_out(each) for each in found]


@router.post("", status_code=201, response_model=AddedEntryOut)
def add_entry(body: EntryIn, runtime: RuntimeDep, client: ApiClient, response: Response) -> Any:
    now = datetime.now(UTC)
    at = body.at or now
    if at.tzinfo is None:
        raise InvalidInput("at", "give the time with its offset, such as 2027-03-04T21:30+01:00")
    if at > now:
        raise InvalidInput("at", "an entry cannot be for a time still to come")
    entry = plan_entry(
        at=at,
        mood=body.mood,
        emotions=body.emotions,
        situation=body.situation.value if body.situation else "",
        what_happened=body.what_happened,
        coping=[kind.value for kind in body.coping],
        own_coping=body.own_coping,
        helped=body.helped,
        note=body.note,
    )
    with runtime.database.transaction() as session:
        added = journal.add_entry(session, runtime.master_keys, client, entry, now)
    response.headers["location"] = f"/api/v1/journal/{added.id}"
    return AddedEntryOut(
        id=added.id,
        own_coping_kind=added.own_coping_kind,
        crisis=crisis_for(added.screen, client),
    )


@router.get("/insights", response_model=InsightsOut)
def read_insights(runtime: RuntimeDep, client: ApiClient) -> InsightsOut:
    with runtime.database.transaction() as session:
        found = insights_of(session, runtime.master_keys, client, datetime.now(UTC))
    return insights_out(found)


@router.post("/exercises/{kind}", status_code=201, response_model=AddedEntryOut)
def add_exercise(
    kind: EntryKind,
    body: dict[str, Answer],
    runtime: RuntimeDep,
    client: ApiClient,
    response: Response,
) -> Any:
    """A healing exercise's answers, by the field names on its page (thought_record, grief,
    self_compassion, belief, self_trust, feeling), with "readiness" (0 to 10) if asked first,
    "stepped_back": "yes" for one left midway, and for a feeling "started", the moment the
    person began staying with it, from which the whole minutes are kept."""
    now = datetime.now(UTC)
    entry = plan_exercise(kind, body, now)
    with runtime.database.transaction() as session:
        added = journal.add_entry(session, runtime.master_keys, client, entry, now)
    response.headers["location"] = f"/api/v1/journal/{added.id}"
    return AddedEntryOut(id=added.id, own_coping_kind=None, crisis=crisis_for(added.screen, client))


@router.post("/tools/{tool}", status_code=201, response_model=AddedEntryOut)
def log_tool(
    tool: Tool,
    body: dict[str, Answer],
    runtime: RuntimeDep,
    client: ApiClient,
    response: Response,
) -> Any:
    """A tool for the moment, kept as coping (breathing, grounding, urge_surfing,
    reaching_out), with any of "rhythm" (even, longer_out, box), "minutes", "started" (when
    waiting out an urge began, from which the whole minutes are kept), "urge", "outcome"
    (passed, eased, rose, acted), "note" and "mood" (0 to 10; none unless given)."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        added = log_tool_use(session, runtime.master_keys, client, tool.value, body, now)
    response.headers["location"] = f"/api/v1/journal/{added.id}"
    return AddedEntryOut(id=added.id, own_coping_kind=None, crisis=crisis_for(added.screen, client))


@router.get("/{entry_id}", response_model=EntryOut)
def read_entry(entry_id: str, runtime: RuntimeDep, client: ApiClient) -> EntryOut:
    with runtime.database.transaction() as session:
        return entry_out(journal.entry_of(session, runtime.master_keys, client, entry_id))


@router.patch("/{entry_id}", response_model=EntryOut)
def correct_entry(
    entry_id: str, body: CorrectionIn, runtime: RuntimeDep, client: ApiClient
) -> EntryOut:
    """Say what kind of coping the entry's own words describe; later entries follow it."""
    with runtime.database.transaction() as session:
        journal.correct_coping(
            session, runtime.master_keys, client, entry_id, body.own_coping_kind, datetime.now(UTC)
        )
        return entry_out(journal.entry_of(session, runtime.master_keys, client, entry_id))


@router.delete("/{entry_id}", status_code=204)
def delete_entry(entry_id: str, runtime: RuntimeDep, client: ApiClient) -> Response:
    with runtime.database.transaction() as session:
        journal.delete_entry(session, runtime.master_keys, client, entry_id)
    return Response(status_code=204)
