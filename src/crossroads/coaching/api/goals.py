"""/api/v1/goals: a client's coaching goals, their steps, obstacles, strategies and check-ins.

The services screen whatever a person writes; every route that takes their words answers with
`crisis`, the screen's level and, from `check` up, the crisis lines. What they wrote is saved
whatever the level. A coach's comments and homework are not the client's words and carry none.
"""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Response

from crossroads.coaching.rules.checkins import plan_schedule, report_check_in
from crossroads.coaching.rules.experiments import plan_strategy
from crossroads.coaching.rules.goals import Goal, plan_goal, plan_step
from crossroads.coaching.schemas import (
    ChangedGoalOut,
    CheckInIn,
    CommentIn,
    GoalDetailOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    JudgedOut,
    ObstacleIn,
    StepIn,
    StepPatch,
    StrategyIn,
    StrategyOutcomeIn,
    detail_out,
    goal_out,
)
from crossroads.coaching.service import goal_parts, goals
from crossroads.coaching.service.coach_input import add_comment, assign_homework
from crossroads.coaching.service.goal_detail import goal_detail
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.people import Person, local_today
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.screening import Saved
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import AddedOut, CreatedOut, ScreenedOut, crisis_for
from crossroads.web.auth import ApiClient, ApiPerson, ApiPractitioner, RuntimeDep

router = APIRouter(prefix="/api/v1/goals", tags=["goals"], route_class=CheckedJsonRoute)
# A practitioner reads a client's goals beside the client's other shared areas.
clients_router = APIRouter(prefix="/api/v1/clients", tags=["clients"], route_class=CheckedJsonRoute)


def _created(response: Response, location: str, saved: Saved, writer: Person) -> CreatedOut:
    response.headers["location"] = location
    return CreatedOut(id=saved.id, crisis=crisis_for(saved.screen, writer))


@router.get("", response_model=list[GoalOut])
def list_goals(runtime: RuntimeDep, client: ApiClient) -> list[GoalOut]:
    with runtime.database.transaction() as session:
        found = goals.goals_of_person(session, runtime.master_keys, client, datetime.now(UTC))
    return [goal_out(each) for each in found]


@router.post("", status_code=201, response_model=CreatedOut)
def create_goal(body: GoalIn, runtime: RuntimeDep, client: ApiClient, response: Response) -> Any:
    now = datetime.now(UTC)
    today = local_today(client, now)
    goal = plan_goal(
        what=body.what,
        why=body.why,
        area=body.area,
        measure=body.measure.as_measure() if body.measure else None,
        starts_on=today,
        target_date=body.target_date,
    )
    schedule = plan_schedule(body.cadence, today, body.every_days)
    with runtime.database.transaction() as session:
        saved = goals.add_goal(session, runtime.master_keys, client, goal, schedule, now=now)
    return _created(response, f"/api/v1/goals/{saved.id}", saved, client)


@router.get("/{goal_id}", response_model=GoalDetailOut)
def read_goal(goal_id: str, runtime: RuntimeDep, viewer: ApiPerson) -> GoalDetailOut:
    """For its owner, or for a coach with the owner's coaching grant (audited)."""
    with runtime.database.transaction() as session:
        detail = goal_detail(session, runtime.master_keys, viewer, goal_id, datetime.now(UTC))
    return detail_out(detail)


@router.patch("/{goal_id}", response_model=ChangedGoalOut)
def change_goal(
    goal_id: str, body: GoalPatch, runtime: RuntimeDep, client: ApiClient
) -> ChangedGoalOut:
    """The goal as changed, with the screen of any words the change brought in."""
    now = datetime.now(UTC)
    screen = RiskScreen()
    with runtime.database.transaction() as session:
        current = goals.goal_for_viewer(session, runtime.master_keys, client, goal_id, now)
        changes = body.model_dump(exclude_unset=True, exclude={"status"})
        if changes:
            goal, schedule = _changed(current.goal, current.schedule.cadence, body)
            screen = goals.change_goal(
                session, runtime.master_keys, client, goal_id, goal, schedule
            )
        if body.status is not None:
            goals.set_goal_status(session, client, goal_id, body.status)
        updated = goals.goal_for_viewer(session, runtime.master_keys, client, goal_id, now)
    return ChangedGoalOut(**goal_out(updated).model_dump(), crisis=crisis_for(screen, client))


def _changed(goal: Goal, cadence: Any, body: GoalPatch) -> tuple[Goal, Any]:
    given = body.model_dump(exclude_unset=True)
    measure = goal.measure
    if "measure" in given:
        measure = body.measure.as_measure() if body.measure else None
    changed = plan_goal(
        what=body.what if body.what is not None else goal.what,
        why=body.why if body.why is not None else goal.why,
        area=body.area or goal.area,
        measure=measure,
        starts_on=goal.starts_on,
        target_date=body.target_date if "target_date" in given else goal.target_date,
    )
    return changed, plan_schedule(body.cadence or cadence, goal.starts_on, body.every_days)


@router.post("/{goal_id}/steps", status_code=201, response_model=CreatedOut)
def add_step(
    goal_id: str, body: StepIn, runtime: RuntimeDep, client: ApiClient, response: Response
) -> Any:
    step = plan_step(body.text, body.due_on)
    with runtime.database.transaction() as session:
        saved = goal_parts.add_step(
            session, runtime.master_keys, client, goal_id, step, datetime.now(UTC)
        )
    return _created(response, f"/api/v1/goals/{goal_id}", saved, client)


@router.patch("/{goal_id}/steps/{step_id}", response_model=ScreenedOut)
def change_step(
    goal_id: str, step_id: str, body: StepPatch, runtime: RuntimeDep, client: ApiClient
) -> ScreenedOut:
    """Mark, re-plan or move a step; the screen of new words comes back."""
    given = body.model_dump(exclude_unset=True)
    with runtime.database.transaction() as session:
        replan = None
        if "text" in given or "due_on" in given:
            current = goal_parts.planned_step(session, runtime.master_keys, client, step_id)
            text = body.text if body.text is not None else current.text
            replan = plan_step(text, body.due_on if "due_on" in given else current.due_on)
        screen = goal_parts.change_step(
            session,
            runtime.master_keys,
            client,
            step_id,
            status=body.status,
            replan=replan,
            position=body.position,
        )
    return ScreenedOut(crisis=crisis_for(screen, client))


@router.post("/{goal_id}/obstacles", status_code=201, response_model=CreatedOut)
def add_obstacle(
    goal_id: str, body: ObstacleIn, runtime: RuntimeDep, client: ApiClient, response: Response
) -> Any:
    with runtime.database.transaction() as session:
        saved = goal_parts.add_obstacle(
            session, runtime.master_keys, client, goal_id, body.text, datetime.now(UTC)
        )
    return _created(response, f"/api/v1/goals/{goal_id}", saved, client)


@router.post(
    "/{goal_id}/obstacles/{obstacle_id}/strategies", status_code=201, response_model=CreatedOut
)
def add_strategy(
    goal_id: str,
    obstacle_id: str,
    body: StrategyIn,
    runtime: RuntimeDep,
    client: ApiClient,
    response: Response,
) -> Any:
    strategy = plan_strategy(body.text, body.starts_on, body.ends_on)
    with runtime.database.transaction() as session:
        goals.owned_goal(session, client, goal_id)
        saved = goal_parts.add_strategy(
            session, runtime.master_keys, client, obstacle_id, strategy, datetime.now(UTC)
        )
    return _created(response, f"/api/v1/goals/{goal_id}", saved, client)


@router.patch("/{goal_id}/strategies/{strategy_id}", response_model=JudgedOut)
def judge_strategy(
    goal_id: str,
    strategy_id: str,
    body: StrategyOutcomeIn,
    runtime: RuntimeDep,
    client: ApiClient,
) -> JudgedOut:
    """How the experiment went: worked, partly or did not, with the note's screen."""
    with runtime.database.transaction() as session:
        goals.owned_goal(session, client, goal_id)
        judged = goal_parts.judge_strategy(
            session, runtime.master_keys, client, strategy_id, body.outcome, body.note
        )
    crisis = crisis_for(judged.screen, client)
    return JudgedOut(id=strategy_id, **vars(judged.strategy), crisis=crisis)


@router.post("/{goal_id}/check-ins", status_code=201, response_model=CreatedOut)
def check_in(
    goal_id: str, body: CheckInIn, runtime: RuntimeDep, client: ApiClient, response: Response
) -> Any:
    report = report_check_in(
        value=body.value,
        done=body.done,
        did=body.did,
        blocked=body.blocked,
        confidence=body.confidence,
    )
    with runtime.database.transaction() as session:
        saved = goal_parts.record_check_in(
            session,
            runtime.master_keys,
            client,
            goal_id,
            report,
            now=datetime.now(UTC),
            day=body.day,
        )
    return _created(response, f"/api/v1/goals/{goal_id}", saved, client)


@router.post("/{goal_id}/comments", status_code=201, response_model=AddedOut)
def comment(
    goal_id: str, body: CommentIn, runtime: RuntimeDep, coach: ApiPractitioner, response: Response
) -> AddedOut:
    """A coach's comment on a client's goal; needs the client's coaching grant, audited."""
    with runtime.database.transaction() as session:
        comment_id = add_comment(
            session, runtime.master_keys, coach, goal_id, body.text, datetime.now(UTC)
        )
    response.headers["location"] = f"/api/v1/goals/{goal_id}"
    return AddedOut(id=comment_id)


@router.post("/{goal_id}/homework", status_code=201, response_model=AddedOut)
def homework(
    goal_id: str, body: StepIn, runtime: RuntimeDep, coach: ApiPractitioner, response: Response
) -> AddedOut:
    """A step with a date to be done by, which the client sees as homework from the coach."""
    step = plan_step(body.text, body.due_on)
    with runtime.database.transaction() as session:
        step_id = assign_homework(
            session, runtime.master_keys, coach, goal_id, step, datetime.now(UTC)
        )
    response.headers["location"] = f"/api/v1/goals/{goal_id}"
    return AddedOut(id=step_id)


@clients_router.get("/{client_id}/goals", response_model=list[GoalOut])
def goals_of_client(
    client_id: str, runtime: RuntimeDep, practitioner: ApiPractitioner
) -> list[GoalOut]:
    """A client's coaching goals, for a coach they granted coaching to; audited."""
    with runtime.database.transaction() as session:
        try:
            found = goals.client_goals(
                session, runtime.master_keys, practitioner, client_id, datetime.now(UTC)
            )
        except ConsentMissing:
            raise NotFound(f"no client {client_id} has shared coaching with you") from None
        return [goal_out(each) for each in found]
