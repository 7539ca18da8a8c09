"""/api/v1/caseload: a practitioner's clients, alerts first; one client's overview; one client's
trend on one questionnaire; notes, homework and retake schedules; and an export of the caseload
for the practitioner's own records. Only clients who granted access, only what they granted (the
clinical questionnaires only under the grant that opens them); every read is audited."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Response

from crossroads.assessment.schemas import ScheduleIn
from crossroads.casework.schemas import (
    CaseloadEntryOut,
    CaseloadExport,
    ClientMeasureOut,
    HomeworkIn,
    NoteIn,
    OverviewOut,
    client_measure_out,
    entry_out,
    export_out,
    overview_out,
)
from crossroads.casework.service import notes as casework
from crossroads.casework.service.caseload import (
    caseload,
    caseload_export,
    client_measure,
    overview,
    schedule_retakes,
)
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import AddedOut
from crossroads.web.auth import ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/caseload", tags=["caseload"], route_class=CheckedJsonRoute)


@router.get("", response_model=list[CaseloadEntryOut])
def list_caseload(runtime: RuntimeDep, practitioner: ApiPractitioner) -> list[CaseloadEntryOut]:
    with runtime.database.transaction() as session:
        entries = caseload(session, runtime.master_keys, practitioner, datetime.now(UTC))
    return [entry_out(entry) for entry in entries]


@router.get("/export", response_model=CaseloadExport)
def export(runtime: RuntimeDep, practitioner: ApiPractitioner) -> CaseloadExport:
    """Everything each client's grants let you see, with your own notes and homework."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        found = caseload_export(session, runtime.master_keys, practitioner, now)
    return export_out(practitioner, found, now)


@router.get("/{client_id}", response_model=OverviewOut)
def client_overview(
    client_id: str, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> OverviewOut:
    with runtime.database.transaction() as session:
        found = overview(session, runtime.master_keys, practitioner, client_id, datetime.now(UTC))
    return overview_out(found)


@router.get("/{client_id}/measures/{instrument}", response_model=ClientMeasureOut)
def client_measure_trend(
    client_id: str, instrument: str, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> ClientMeasureOut:
    """One questionnaire's results over time; 404 where no grant opens it to you (the PHQ-9,
    GAD-7 and PC-PTSD-5 need a current therapy licence or the client's clinical grant)."""
    with runtime.database.transaction() as session:
        found = client_measure(
            session, runtime.master_keys, practitioner, client_id, instrument, datetime.now(UTC)
        )
    return client_measure_out(found)


@router.post("/{client_id}/notes", status_code=201, response_model=AddedOut)
def add_note(
    client_id: str, body: NoteIn, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> Any:
    with runtime.database.transaction() as session:
        note_id = casework.write_note(
            session,
            runtime.master_keys,
            practitioner,
            client_id,
            body.text,
            shared=body.shared,
            now=datetime.now(UTC),
        )
    return AddedOut(id=note_id)


@router.post("/{client_id}/homework", status_code=201, response_model=AddedOut)
def add_homework(
    client_id: str, body: HomeworkIn, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> Any:
    with runtime.database.transaction() as session:
        homework_id = casework.assign_homework(
            session,
            runtime.master_keys,
            practitioner,
            client_id,
            body.text,
            body.due_on,
            datetime.now(UTC),
        )
    return AddedOut(id=homework_id)


@router.put("/{client_id}/schedules/{instrument}", status_code=204)
def set_schedule(
    client_id: str,
    instrument: str,
    body: ScheduleIn,
    runtime: RuntimeDep,
    practitioner: ApiPractitioner,
) -> Response:
    with runtime.database.transaction() as session:
        schedule_retakes(
            session,
            runtime.master_keys,
            practitioner,
            client_id,
            instrument,
            body.every_days,
            datetime.now(UTC),
        )
    return Response(status_code=204)
