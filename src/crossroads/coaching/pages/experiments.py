"""What gets in the way of a goal and the strategies a person tries against it, as forms on the
goal's page: name an obstacle, plan a strategy as an experiment with a start and an end, and say
how it went. Only the goal's owner may; the services screen what they write, and these pages
show what the screen's level asks for."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from crossroads.coaching.pages.goals import goal_page_response
from crossroads.coaching.rules.experiments import Outcome, plan_strategy
from crossroads.coaching.service import goal_parts, goals
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen, crisis_if_at_risk

router = page_router()


@router.post("/goals/{goal_id}/obstacles", response_class=HTMLResponse)
def add_obstacle(
    request: Request, goal_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    text = form.get("text", "")
    try:
        with runtime.database.transaction() as session:
            saved = goal_parts.add_obstacle(
                session, runtime.master_keys, client, goal_id, text, datetime.now(UTC)
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or goal_page_response(
            request, runtime, client, goal_id, 422, str(error)
        )
    return after_screen(request, saved.screen, f"/goals/{goal_id}#obstacles")


@router.post("/goals/{goal_id}/obstacles/{obstacle_id}/strategies", response_class=HTMLResponse)
def add_strategy(
    request: Request,
    goal_id: str,
    obstacle_id: str,
    runtime: RuntimeDep,
    client: Client,
    form: FormFields,
) -> Response:
    try:
        strategy = plan_strategy(
            form.get("text", ""),
            parse_day(form.get("starts_on", ""), "starts_on"),
            parse_day(form.get("ends_on", ""), "ends_on"),
        )
        with runtime.database.transaction() as session:
            goals.owned_goal(session, client, goal_id)
            saved = goal_parts.add_strategy(
                session, runtime.master_keys, client, obstacle_id, strategy, datetime.now(UTC)
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or goal_page_response(
            request, runtime, client, goal_id, 422, str(error)
        )
    return after_screen(request, saved.screen, f"/goals/{goal_id}#obstacles")


@router.post("/goals/{goal_id}/strategies/{strategy_id}", response_class=HTMLResponse)
def judge_strategy(
    request: Request,
    goal_id: str,
    strategy_id: str,
    runtime: RuntimeDep,
    client: Client,
    form: FormFields,
) -> Response:
    """How the experiment went: worked, partly or did not, with an optional note."""
    try:
        try:
            outcome = Outcome(form.get("outcome", ""))
        except ValueError:
            raise InvalidInput("outcome", "choose how it went") from None
        with runtime.database.transaction() as session:
            goals.owned_goal(session, client, goal_id)
            judged = goal_parts.judge_strategy(
                session, runtime.master_keys, client, strategy_id, outcome, form.get("note", "")
            )
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or goal_page_response(
            request, runtime, client, goal_id, 422, str(error)
        )
    return after_screen(request, judged.screen, f"/goals/{goal_id}#obstacles")
