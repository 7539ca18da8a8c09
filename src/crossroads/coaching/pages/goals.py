"""A client's coaching goals as pages: the list with what is due, a new goal, one goal with its
chart, steps and check-ins. The services screen whatever a person writes; these pages show
what the screen's level asks for (see crisis.py)."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules.checkins import CADENCE_DAYS, Cadence, report_check_in
from crossroads.coaching.rules.experiments import OUTCOME_NAMES
from crossroads.coaching.rules.goals import SHARPENING_PROMPTS, MeasureKind, StepStatus, plan_step
from crossroads.coaching.rules.grow import goal_from_fields, schedule_from_fields
from crossroads.coaching.service import goal_parts, goals
from crossroads.coaching.service.carried import CarriedGoal, goal_from_assessment
from crossroads.coaching.service.goal_detail import goal_detail
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day, parse_number, parse_whole
from crossroads.kernel.people import Person, local_today
from crossroads.kernel.regions import money_word
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import Client, RuntimeDep, SignedInPerson
from crossroads.web.charts import line_chart
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen, crisis_if_at_risk
from crossroads.web.region import crisis_region

router = page_router()

AREAS = {area.value: area.label for area in Area}
CADENCES = {
    Cadence.DAILY: "Every day",
    Cadence.WEEKLY: "Every week",
    Cadence.FORTNIGHTLY: "Every two weeks",
    Cadence.CUSTOM: "My own rhythm",
}


@router.get("/goals", response_class=HTMLResponse)
def goal_list(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    with runtime.database.reading() as session:
        found = goals.goals_of_person(session, runtime.master_keys, client, datetime.now(UTC))
    return templates.TemplateResponse(
        request, "goals/index.html", {"goals": found, "prompts": SHARPENING_PROMPTS}
    )


def _goal_form(
    request: Request,
    status: int = 200,
    error: str = "",
    fields: dict[str, str] | None = None,
    carried: CarriedGoal | None = None,
) -> HTMLResponse:
    context = {
        "areas": AREAS,
        "cadences": CADENCES,
        "error": error,
        "fields": fields or {"cadence": Cadence.WEEKLY.value},
        "carried": carried,
        "money": money_word(crisis_region(request)),
    }
    return templates.TemplateResponse(request, "goals/new.html", context, status_code=status)


@router.get("/goals/new", response_class=HTMLResponse)
def new_goal_form(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    """The form, with the goal the client wrote in their assessment filled in."""
    with runtime.database.reading() as session:
        carried = goal_from_assessment(session, runtime.master_keys, client, datetime.now(UTC))
    fields = {"cadence": Cadence.WEEKLY.value, **(carried.fields if carried else {})}
    return _goal_form(request, fields=fields, carried=carried)


@router.post("/goals/new", response_class=HTMLResponse)
def new_goal(request: Request, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    now = datetime.now(UTC)
    today = local_today(client, now)
    try:
        goal = goal_from_fields(form, today)
        schedule = schedule_from_fields(form, today)
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _goal_form(request, 422, str(error), form)
    with runtime.database.transaction() as session:
        saved = goals.add_goal(session, runtime.master_keys, client, goal, schedule, now=now)
    return after_screen(request, saved.screen, f"/goals/{saved.id}")


@router.get("/goals/{goal_id}", response_class=HTMLResponse)
def goal_page(
    request: Request, goal_id: str, runtime: RuntimeDep, viewer: SignedInPerson
) -> HTMLResponse:
    """For its owner, or for a coach holding the owner's coaching grant (audited)."""
    return goal_page_response(request, runtime, viewer, goal_id)


def goal_page_response(
    request: Request,
    runtime: Runtime,
    viewer: Person,
    goal_id: str,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    """The goal's page, for its owner or their coach; with `error` when a form on it was
    refused."""
    with runtime.database.transaction() as session:
        detail = goal_detail(session, runtime.master_keys, viewer, goal_id, datetime.now(UTC))
    summary = detail.summary
    goal, measure = summary.goal, summary.goal.measure
    chart = None
    if measure is not None and measure.kind is MeasureKind.NUMBER:
        guide = None
        if measure.target is not None and goal.target_date is not None:
            guide = ((goal.starts_on, measure.start), (goal.target_date, measure.target))
        series = [(goal.starts_on, measure.start)] + [
            (c.day, c.value) for c in summary.check_ins if c.value is not None
        ]
        chart = line_chart(series, guide=guide, unit=measure.unit, title=goal.what)
    context = {
        "detail": detail,
        "outcomes": OUTCOME_NAMES,
        "summary": summary,
        "chart": chart,
        "owner": summary.owner_id == viewer.id,
        "prompts": SHARPENING_PROMPTS,
        "error": error,
        "cadence_days": CADENCE_DAYS,
    }
    return templates.TemplateResponse(request, "goals/detail.html", context, status_code=status)


@router.post("/goals/{goal_id}/check-ins", response_class=HTMLResponse)
def check_in(
    request: Request, goal_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    try:
        done = {"done": True, "not_done": False}.get(form.get("done", ""))
        confidence = form.get("confidence", "")
        report = report_check_in(
            value=parse_number(form.get("value", ""), "value"),
            done=done,
            did=form.get("did", ""),
            blocked=form.get("blocked", ""),
            confidence=parse_whole(confidence, "confidence") if confidence else None,
        )
        day = parse_day(form.get("day", ""), "day")
        with runtime.database.transaction() as session:
            saved = goal_parts.record_check_in(
                session,
                runtime.master_keys,
                client,
                goal_id,
                report,
                now=datetime.now(UTC),
                day=day,
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or goal_page_response(
            request, runtime, client, goal_id, 422, str(error)
        )
    return after_screen(request, saved.screen, f"/goals/{goal_id}#progress")


@router.post("/goals/{goal_id}/steps", response_class=HTMLResponse)
def add_step(
    request: Request, goal_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    try:
        step = plan_step(form.get("text", ""), parse_day(form.get("due_on", ""), "due_on"))
        with runtime.database.transaction() as session:
            saved = goal_parts.add_step(
                session, runtime.master_keys, client, goal_id, step, datetime.now(UTC)
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or goal_page_response(
            request, runtime, client, goal_id, 422, str(error)
        )
    return after_screen(request, saved.screen, f"/goals/{goal_id}#steps")


@router.post("/goals/{goal_id}/steps/{step_id}", response_class=HTMLResponse)
def change_step(
    request: Request,
    goal_id: str,
    step_id: str,
    runtime: RuntimeDep,
    client: Client,
    form: FormFields,
) -> Response:
    """Mark a step done, skipped or open again; or re-plan it with new words or a new date."""
    try:
        if "text" in form:
            replan = plan_step(form["text"], parse_day(form.get("due_on", ""), "due_on"))
            status = None
        else:
            replan = None
            try:
                status = StepStatus(form.get("status", ""))
            except ValueError:
                raise InvalidInput("status", "choose done, skipped or open") from None
        with runtime.database.transaction() as session:
            goals.owned_goal(session, client, goal_id)
            screen = goal_parts.change_step(
                session, runtime.master_keys, client, step_id, status=status, replan=replan
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or goal_page_response(
            request, runtime, client, goal_id, 422, str(error)
        )
    return after_screen(request, screen, f"/goals/{goal_id}#steps")
