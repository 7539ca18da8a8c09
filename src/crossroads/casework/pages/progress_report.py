"""The progress report as pages: the client chooses a period, reads the report with its charts,
downloads it as a PDF (the same charts) or shares a copy with a practitioner; that practitioner
opens it from the client's overview, as HTML or PDF."""

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.casework.service import progress_report as reports
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day
from crossroads.web.auth import Client, Practitioner, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.report_charts import report_charts
from crossroads.web.report_pdf import report_pdf

router = page_router()


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    query = request.query_params
    try:
        report = _report(runtime, client, query.get("from", ""), query.get("to", ""))
    except InvalidInput as error:
        return _page(request, runtime, client, None, error=error)
    return _page(
        request,
        runtime,
        client,
        report,
        shared=query.get("shared") == "1",
        withdrawn=query.get("withdrawn") == "1",
    )


@router.get("/report.pdf")
def report_download(request: Request, runtime: RuntimeDep, client: Client) -> Response:
    query = request.query_params
    report = _report(runtime, client, query.get("from", ""), query.get("to", ""))
    return _pdf(report)


@router.post("/report/share")
def share(request: Request, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    first, last = form.get("from", ""), form.get("to", "")
    try:
        report = _report(runtime, client, first, last)
        with runtime.database.transaction() as session:
            reports.share_report(
                session,
                runtime.master_keys,
                client,
                form.get("practitioner", ""),
                report,
                datetime.now(UTC),
            )
    except InvalidInput as error:
        return _page(request, runtime, client, None, error=error)
    period = {"from": report["starts_on"], "to": report["ends_on"], "shared": "1"}
    return RedirectResponse(f"/report?{urlencode(period)}", status_code=303)


@router.post("/report/shared/{report_id}/withdraw")
def withdraw(report_id: str, runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        reports.withdraw_report(session, client, report_id)
    return RedirectResponse("/report?withdrawn=1#given-heading", status_code=303)


@router.get("/clients/{client_id}/reports/{report_id}.pdf")
def shared_download(
    client_id: str, report_id: str, runtime: RuntimeDep, practitioner: Practitioner
) -> Response:
    with runtime.database.transaction() as session:
        report = reports.shared_report(
            session, runtime.master_keys, practitioner, client_id, report_id, datetime.now(UTC)
        )
    return _pdf(report)


@router.get("/clients/{client_id}/reports/{report_id}", response_class=HTMLResponse)
def shared_page(
    request: Request,
    client_id: str,
    report_id: str,
    runtime: RuntimeDep,
    practitioner: Practitioner,
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        report = reports.shared_report(
            session, runtime.master_keys, practitioner, client_id, report_id, datetime.now(UTC)
        )
    context = {
        "report": report,
        "charts": report_charts(report),
        "client_id": client_id,
        "report_id": report_id,
    }
    return templates.TemplateResponse(request, "report/shared.html", context)


def _report(runtime: RuntimeDep, client: Client, first: str, last: str) -> dict[str, object]:
    starts, ends = parse_day(first, "from"), parse_day(last, "to")
    with runtime.database.transaction() as session:
        return reports.progress_report(
            session, runtime.master_keys, client, starts, ends, datetime.now(UTC)
        )


def _pdf(report: dict[str, object]) -> Response:
    name = f"progress-report-{report['starts_on']}-to-{report['ends_on']}.pdf"
    return Response(
        report_pdf(report),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def _page(
    request: Request,
    runtime: RuntimeDep,
    client: Client,
    report: dict[str, object] | None,
    *,
    error: InvalidInput | None = None,
    shared: bool = False,
    withdrawn: bool = False,
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        practitioners = reports.practitioners_to_share_with(session, client)
        given = reports.reports_given_summary(session, client)
    context = {
        "report": report,
        "charts": report_charts(report) if report else None,
        "practitioners": practitioners,
        "given": given,
        "withdrawn": withdrawn,
        "error": error,
        "shared": shared,
        "query": request.query_params,
    }
    return templates.TemplateResponse(
        request, "report/index.html", context, status_code=422 if error else 200
    )
