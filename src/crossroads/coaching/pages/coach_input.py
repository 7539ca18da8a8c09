"""What a coach adds to a client's goal from its page: a comment the client reads, and homework
(a step with a date to be done by). Only a practitioner holding the client's coaching grant may;
to anyone else the goal does not exist. Each addition is in the client's access log."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.coaching.pages.goals import goal_page_response
from crossroads.coaching.rules.goals import plan_step
from crossroads.coaching.service.coach_input import add_comment, assign_homework
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import FormFields
from crossroads.web.pages import page_router

router = page_router()


@router.post("/goals/{goal_id}/comments", response_class=HTMLResponse)
def comment(
    request: Request, goal_id: str, runtime: RuntimeDep, coach: Practitioner, form: FormFields
) -> Response:
    try:
        with runtime.database.transaction() as session:
            add_comment(
                session,
                runtime.master_keys,
                coach,
                goal_id,
                form.get("text", ""),
                datetime.now(UTC),
            )
    except InvalidInput as error:
        return goal_page_response(request, runtime, coach, goal_id, 422, str(error))
    return RedirectResponse(f"/goals/{goal_id}#comments", status_code=303)


@router.post("/goals/{goal_id}/homework", response_class=HTMLResponse)
def homework(
    request: Request, goal_id: str, runtime: RuntimeDep, coach: Practitioner, form: FormFields
) -> Response:
    try:
        step = plan_step(form.get("text", ""), parse_day(form.get("due_on", ""), "due_on"))
        with runtime.database.transaction() as session:
            assign_homework(session, runtime.master_keys, coach, goal_id, step, datetime.now(UTC))
    except InvalidInput as error:
        return goal_page_response(request, runtime, coach, goal_id, 422, str(error))
    return RedirectResponse(f"/goals/{goal_id}#steps", status_code=303)
