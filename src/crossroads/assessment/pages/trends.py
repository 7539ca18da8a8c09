"""Repeated measures as pages: a client's trends over the published bands, a retake of one
questionnaire at a time, and retake schedules. PHQ-9 item 9 above 0 shows the crisis lines at
once, before anything else."""

import json
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.assessment.rules.form import answers_from_form
from crossroads.assessment.rules.instruments import GAD7, PCPTSD5, PCPTSD5_EXPOSURE, PHQ9, WHO5
from crossroads.assessment.rules.retakes import MAX_RETAKE_DAYS, MIN_RETAKE_DAYS, RETAKE_CHOICES
from crossroads.assessment.rules.trends import SCALES
from crossroads.assessment.service import results as measures
from crossroads.assessment.service import retakes
from crossroads.kernel.errors import InvalidInput, NotFound, Unanswered
from crossroads.kernel.parsing import parse_whole
from crossroads.kernel.people import zone_of
from crossroads.kernel.resources import resources_for
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.measure_charts import measure_chart
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen

router = page_router()

INSTRUMENTS = {each.key: each for each in (PHQ9, GAD7, WHO5, PCPTSD5)}


@router.get("/measures", response_class=HTMLResponse)
def measures_page(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    return _measures_page(request, runtime, client)


@router.get("/measures/export.fhir.json")
def export_fhir(runtime: RuntimeDep, client: Client) -> Response:
    """Every completed questionnaire as a FHIR R4 Bundle, to take to another clinic."""
    with runtime.database.transaction() as session:
        history = measures.history_of(session, runtime.master_keys, client)
    body = json.dumps(measures.fhir_bundle(history), indent=2, ensure_ascii=False)
    disposition = 'attachment; filename="questionnaires.fhir.json"'
    return Response(
        body, media_type="application/fhir+json", headers={"content-disposition": disposition}
    )


@router.get("/measures/{instrument}", response_class=HTMLResponse)
def retake_form(
    request: Request, instrument: str, runtime: RuntimeDep, client: Client
) -> HTMLResponse:
    return _retake_form(request, _instrument(instrument))


@router.post("/measures/{instrument}")
def retake(
    request: Request, instrument: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    key = _instrument(instrument)
    try:
        raw = answers_from_form(form).get(key)
        with runtime.database.transaction() as session:
            recorded = measures.record_measure(
                session,
                runtime.master_keys,
                client,
                key,
                raw,
                now=datetime.now(UTC),
                public_url=runtime.settings.public_url,
            )
            region = measures.crisis_region(session, client)
    except InvalidInput as error:
        return _retake_form(request, key, form=form, error=error, status=422)
    return after_screen(request, recorded.crisis, f"/measures#{key}", region=region)


@router.post("/measures/schedules/{instrument}")
def schedule(
    request: Request, instrument: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    key = _instrument(instrument)
    try:
        every_days = parse_whole(form.get("every_days", ""), "every_days")
        with runtime.database.transaction() as session:
            if every_days == 0:
                retakes.stop_schedule(
                    session, runtime.master_keys, client, client.id, key, datetime.now(UTC)
                )
            else:
                retakes.set_schedule(
                    session,
                    runtime.master_keys,
                    client,
                    client.id,
                    key,
                    every_days,
                    datetime.now(UTC),
                )
    except InvalidInput as error:
        return _measures_page(request, runtime, client, error=error, status=422)
    return RedirectResponse("/measures#retakes", status_code=303)


def _instrument(key: str) -> str:
    if key not in INSTRUMENTS:
        raise NotFound(f"no questionnaire called {key}; there are {', '.join(INSTRUMENTS)}")
    return key


def _measures_page(
    request: Request,
    runtime: RuntimeDep,
    client: Client,
    *,
    error: InvalidInput | None = None,
    status: int = 200,
) -> HTMLResponse:
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        history = measures.history_of(session, runtime.master_keys, client)
        scheduled = {
            r.instrument: r for r in retakes.retakes_of(session, runtime.master_keys, client, now)
        }
        region = measures.crisis_region(session, client)
    found = measures.trends(history)
    at_risk = measures.standing_crisis(history).flagged
    context = {
        "resources": resources_for(region) if at_risk else (),
        "trends": [(trend, measure_chart(trend, zone_of(client))) for trend in found],
        "zone": zone_of(client),
        "scales": SCALES,
        "scheduled": scheduled,
        "choices": RETAKE_CHOICES,
        "limits": (MIN_RETAKE_DAYS, MAX_RETAKE_DAYS),
        "error": error,
    }
    return templates.TemplateResponse(request, "measures/index.html", context, status_code=status)


def _retake_form(
    request: Request,
    key: str,
    *,
    form: dict[str, str] | None = None,
    error: InvalidInput | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "instrument": INSTRUMENTS[key],
        "exposure": PCPTSD5_EXPOSURE,
        "form": form or {},
        "error": error,
        "unanswered": isinstance(error, Unanswered),
    }
    return templates.TemplateResponse(request, "measures/take.html", context, status_code=status)
