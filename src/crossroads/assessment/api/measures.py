"""/api/v1/measures: a client retakes questionnaires, reads their trends, sets retake schedules
and exports every completed questionnaire as FHIR. PHQ-9 item 9 above 0 brings the crisis
lines in the response."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Response

from crossroads.assessment.rules.trends import SCALES
from crossroads.assessment.schemas import (
    MeasureIn,
    MeasuresOut,
    RecordedOut,
    RetakeOut,
    ScheduleIn,
    alert_out,
    result_out,
    retake_out,
    trend_out,
)
from crossroads.assessment.service import results as measures
from crossroads.assessment.service import retakes
from crossroads.kernel.errors import NotFound
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import crisis_out
from crossroads.web.auth import ApiClient, RuntimeDep

router = APIRouter(prefix="/api/v1/measures", tags=["measures"], route_class=CheckedJsonRoute)


@router.get("", response_model=MeasuresOut)
def list_trends(runtime: RuntimeDep, client: ApiClient) -> MeasuresOut:
    """One trend per questionnaire taken, assessments included, oldest result first; the
    crisis lines while the latest PHQ-9 has item 9 above 0."""
    with runtime.database.transaction() as session:
        history = measures.history_of(session, runtime.master_keys, client)
        region = measures.crisis_region(session, client)
    return MeasuresOut(
        trends=[trend_out(trend) for trend in measures.trends(history)],
        crisis=crisis_out(measures.standing_crisis(history), region),
    )


@router.post("", status_code=201, response_model=RecordedOut)
def retake(body: MeasureIn, runtime: RuntimeDep, client: ApiClient, response: Response) -> Any:
    with runtime.database.transaction() as session:
        recorded = measures.record_measure(
            session,
            runtime.master_keys,
            client,
            body.instrument,
            body.answers,
            now=datetime.now(UTC),
            public_url=runtime.settings.public_url,
        )
        region = measures.crisis_region(session, client)
    measure = recorded.taken.measure
    response.headers["location"] = f"/api/v1/measures/{measure.id}/fhir"
    return RecordedOut(
        result=result_out(measure, recorded.trend.scale),
        trend=trend_out(recorded.trend),
        alerts=[alert_out(alert) for alert in recorded.alerts],
        crisis=crisis_out(recorded.crisis, region),
    )


@router.get("/fhir")
def export_fhir(runtime: RuntimeDep, client: ApiClient) -> dict[str, Any]:
    """Every completed questionnaire as a FHIR R4 collection Bundle of QuestionnaireResponses."""
    with runtime.database.transaction() as session:
        history = measures.history_of(session, runtime.master_keys, client)
    return measures.fhir_bundle(history)


@router.get("/schedules", response_model=list[RetakeOut])
def list_schedules(runtime: RuntimeDep, client: ApiClient) -> list[RetakeOut]:
    with runtime.database.transaction() as session:
        found = retakes.retakes_of(session, runtime.master_keys, client, datetime.now(UTC))
    return [retake_out(each) for each in found]


@router.put("/schedules/{instrument}", status_code=204)
def set_schedule(
    instrument: str, body: ScheduleIn, runtime: RuntimeDep, client: ApiClient
) -> Response:
    with runtime.database.transaction() as session:
        retakes.set_schedule(
            session,
            runtime.master_keys,
            client,
            client.id,
            instrument,
            body.every_days,
            datetime.now(UTC),
        )
    return Response(status_code=204)


@router.delete("/schedules/{instrument}", status_code=204)
def stop_schedule(instrument: str, runtime: RuntimeDep, client: ApiClient) -> Response:
    if instrument not in SCALES:
        raise NotFound(f"no retake schedule for {instrument}")
    with runtime.database.transaction() as session:
        retakes.stop_schedule(
            session, runtime.master_keys, client, client.id, instrument, datetime.now(UTC)
        )
    return Response(status_code=204)


@router.get("/{measure_id}/fhir")
def one_fhir(measure_id: str, runtime: RuntimeDep, client: ApiClient) -> dict[str, Any]:
    """One completed questionnaire as a FHIR R4 QuestionnaireResponse; the id is a result's
    id from the trends."""
    with runtime.database.transaction() as session:
        history = measures.history_of(session, runtime.master_keys, client)
    for taken in history:
        if taken.measure.id == measure_id:
            return measures.as_fhir(taken)
    raise NotFound(f"no result with id {measure_id}")
