"""/api/v1/records: a practitioner's session notes as their practice's records, and how long the
practice keeps them. Reading them is audited in each client's log who still has an account."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter

from crossroads.casework.schemas import KeepingIn, RecordsOut, records_out
from crossroads.casework.service.records import records_of, set_keeping_years
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/records", tags=["records"], route_class=CheckedJsonRoute)


@router.get("", response_model=RecordsOut)
def my_records(runtime: RuntimeDep, practitioner: ApiPractitioner) -> Any:
    return _records(runtime, practitioner)


@router.put("/keeping", response_model=RecordsOut)
def set_keeping(body: KeepingIn, runtime: RuntimeDep, practitioner: ApiPractitioner) -> Any:
    with runtime.database.transaction() as session:
        set_keeping_years(session, practitioner, body.records_kept_years)
    return _records(runtime, practitioner)


def _records(runtime: RuntimeDep, practitioner: ApiPractitioner) -> RecordsOut:
    with runtime.database.transaction() as session:
        found = records_of(
            session,
            runtime.master_keys,
            practitioner,
            default_years=runtime.settings.records_kept_years,
            now=datetime.now(UTC),
        )
    return records_out(found)
