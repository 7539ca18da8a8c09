"""A practitioner's caseload as pages: the clients who share with them, alerts first; one
client's overview; one client's trend on one questionnaire; and what the practitioner adds there
(session notes, homework, a retake schedule). Only clients who granted access, only the areas
granted, and the clinical questionnaires only under the grant that opens them."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.assessment.rules.retakes import RETAKE_CHOICES
from crossroads.assessment.rules.scope import CLINICAL
from crossroads.assessment.rules.trends import SCALES
from crossroads.casework.schemas import export_out
from crossroads.casework.service import notes as casework
from crossroads.casework.service.caseload import (
    caseload,
    caseload_export,
    client_measure,
    overview,
    schedule_retakes,
)
from crossroads.coaching.rules.goals import SHARPENING_PROMPTS
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.parsing import parse_day, parse_whole
from crossroads.kernel.people import local_day, zone_of
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.measure_charts import measure_chart
from crossroads.web.pages import page_router

router = page_router()


@router.get("/clients", response_class=HTMLResponse)
def clients(request: Request, runtime: RuntimeDep, practitioner: Practitioner) -> HTMLResponse:
    with runtime.database.transaction() as session:
        entries = caseload(session, runtime.master_keys, practitioner, datetime.now(UTC))
    return templates.TemplateResponse(request, "clients/index.html", {"entries": entries})


@router.get("/clients/export.json")
def export(runtime: RuntimeDep, practitioner: Practitioner) -> Response:
    """The caseload as a JSON file for the practitioner's own records: what each grant allows,
    with their own notes and homework; every client's read is audited."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        found = caseload_export(session, runtime.master_keys, practitioner, now)
    body = export_out(practitioner, found, now).model_dump_json(indent=2)
    disposition = f'attachment; filename="caseload-{now:%Y-%m-%d}.json"'
    return Response(
        body, media_type="application/json", headers={"content-disposition": disposition}
    )


@router.get("/clients/{client_id}", response_class=HTMLResponse)
def client_detail(
    request: Request, client_id: str, runtime: RuntimeDep, practitioner: Practitioner
) -> HTMLResponse:
    return _overview(request, runtime, practitioner, client_id)


@router.get("/clients/{client_id}/measures/{instrument}", response_class=HTMLResponse)
def client_measure_page(
    request: Request,
    client_id: str,
    instrument: str,
    runtime: RuntimeDep,
    practitioner: Practitioner,
) -> HTMLResponse:
    """One questionnaire's results over time, drawn as the client sees them; 404 where no grant
    opens it to the practitioner."""
    with runtime.database.transaction() as session:
        found = client_measure(
            session, runtime.master_keys, practitioner, client_id, instrument, datetime.now(UTC)
        )
    zone = zone_of(found.client)
    context = {
        "m": found,
        "scale": found.scale,
        "trend": found.trend,
        "chart": measure_chart(found.trend, zone) if found.trend is not None else None,
        "zone": zone,
    }
    return templates.TemplateResponse(request, "clients/measure.html", context)


@router.post("/clients/{client_id}/notes")
def add_note(
    request: Request,
    client_id: str,
    runtime: RuntimeDep,
    practitioner: Practitioner,
    form: FormFields,
) -> Response:
    try:
        with runtime.database.transaction() as session:
            casework.write_note(
                session,
                runtime.master_keys,
                practitioner,
                client_id,
                form.get("text", ""),
                shared=form.get("shared") == "yes",
                now=datetime.now(UTC),
            )
    except InvalidInput as error:
        return _overview(request, runtime, practitioner, client_id, error=error, form=form)
    return RedirectResponse(f"/clients/{client_id}#notes", status_code=303)


@router.post("/clients/{client_id}/notes/{note_id}")
def share_note(
    client_id: str, note_id: str, runtime: RuntimeDep, practitioner: Practitioner, form: FormFields
) -> Response:
    with runtime.database.transaction() as session:
        casework.share_note(
            session, runtime.master_keys, practitioner, note_id, shared=form.get("shared") == "yes"
        )
    return RedirectResponse(f"/clients/{client_id}#notes", status_code=303)


@router.post("/clients/{client_id}/homework")
def add_homework(
    request: Request,
    client_id: str,
    runtime: RuntimeDep,
    practitioner: Practitioner,
    form: FormFields,
) -> Response:
    try:
        due_on = parse_day(form.get("due_on", ""), "due_on")
        with runtime.database.transaction() as session:
            casework.assign_homework(
                session,
                runtime.master_keys,
                practitioner,
                client_id,
                form.get("text", ""),
                due_on,
                datetime.now(UTC),
            )
    except InvalidInput as error:
        return _overview(request, runtime, practitioner, client_id, error=error, form=form)
    return RedirectResponse(f"/clients/{client_id}#homework", status_code=303)


@router.post("/clients/{client_id}/retakes/{instrument}")
def set_retakes(
    request: Request,
    client_id: str,
    instrument: str,
    runtime: RuntimeDep,
    practitioner: Practitioner,
    form: FormFields,
) -> Response:
    try:
        every_days = parse_whole(form.get("every_days", ""), "every_days")
        with runtime.database.transaction() as session:
            schedule_retakes(
                session,
                runtime.master_keys,
                practitioner,
                client_id,
                instrument,
                every_days or None,  # the page's "0 days" stops the schedule
                datetime.now(UTC),
            )
    except InvalidInput as error:
        return _overview(
            request, runtime, practitioner, client_id, error=error, form=form, scheduling=instrument
        )
    return RedirectResponse(f"/clients/{client_id}#measures", status_code=303)


def _overview(
    request: Request,
    runtime: RuntimeDep,
    practitioner: Practitioner,
    client_id: str,
    *,
    error: InvalidInput | None = None,
    form: dict[str, str] | None = None,
    scheduling: str | None = None,
) -> HTMLResponse:
    """The overview, with the error in a form; a form to schedule a questionnaire the
    practitioner may not see (`scheduling`) finds nothing, whatever was wrong in it."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        found = overview(session, runtime.master_keys, practitioner, client_id, now)
    if scheduling is not None and scheduling not in found.questionnaires:
        raise NotFound(f"no questionnaire {scheduling} of client {client_id} to schedule")
    zone = zone_of(found.client)
    context = {
        "o": found,
        "safety_plan": found.safety_plan,
        "charts": {t.scale.key: measure_chart(t, zone) for t in found.trends or ()},
        "zone": zone,
        "scales": {key: SCALES[key] for key in found.questionnaires},
        "clinical_left_out": CLINICAL.isdisjoint(found.questionnaires),
        "choices": RETAKE_CHOICES,
        "scheduled": {r.instrument: r for r in found.retakes or ()},
        "prompts": SHARPENING_PROMPTS,
        "today": local_day(now, zone),
        "error": error,
        "form": form or {},
    }
    return templates.TemplateResponse(
        request, "clients/detail.html", context, status_code=422 if error else 200
    )
