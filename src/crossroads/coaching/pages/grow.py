"""The guided coaching conversation as pages, one stage at a time: Goal, Reality, Options, Will.
Answers are saved at each stage, so a person can leave and pick up where they left off; crisis
language in any answer brings the crisis lines at once."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.coaching.pages.goals import AREAS, CADENCES
from crossroads.coaching.rules.grow import (
    MAX_STEPS,
    QUESTIONS,
    STAGE_TITLES,
    Stage,
    obstacles_named,
)
from crossroads.coaching.service import conversations
from crossroads.coaching.service.carried import CarriedGoal, goal_from_assessment
from crossroads.coaching.service.conversations import Conversation
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.regions import money_word
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen, crisis_if_at_risk
from crossroads.web.region import crisis_region

router = page_router()


def _stage(name: str) -> Stage:
    try:
        return Stage(name)
    except ValueError:
        raise NotFound(f"no conversation stage called {name}") from None


@router.get("/grow", response_class=HTMLResponse)
def grow_start(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    with runtime.database.transaction() as session:
        unfinished = conversations.conversations_in_progress(session, runtime.master_keys, client)
    return templates.TemplateResponse(
        request, "grow/index.html", {"unfinished": unfinished, "titles": STAGE_TITLES}
    )


@router.post("/grow")
def begin(runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        conversation_id = conversations.start_conversation(
            session, runtime.master_keys, client, datetime.now(UTC)
        )
    return RedirectResponse(f"/grow/{conversation_id}/{Stage.GOAL.value}", status_code=303)


@router.get("/grow/{conversation_id}/{stage_name}", response_class=HTMLResponse)
def stage_form(
    request: Request, conversation_id: str, stage_name: str, runtime: RuntimeDep, client: Client
) -> Response:
    stage = _stage(stage_name)
    with runtime.database.transaction() as session:
        conversation = conversations.conversation_of(
            session, runtime.master_keys, client, conversation_id
        )
    if conversation.goal_id is not None:
        return RedirectResponse(f"/goals/{conversation.goal_id}", status_code=303)
    if not conversation.may_answer(stage):
        return RedirectResponse(_stage_url(conversation), status_code=303)
    fields = conversation.answers.get(stage, {})
    carried = None
    if stage is Stage.GOAL and not fields:
        with runtime.database.reading() as session:
            carried = goal_from_assessment(session, runtime.master_keys, client, datetime.now(UTC))
    return _stage_page(
        request, conversation, stage, carried.fields if carried else fields, carried=carried
    )


@router.post("/grow/{conversation_id}/{stage_name}", response_class=HTMLResponse)
def answer(
    request: Request,
    conversation_id: str,
    stage_name: str,
    runtime: RuntimeDep,
    client: Client,
    form: FormFields,
) -> Response:
    stage = _stage(stage_name)
    try:
        with runtime.database.transaction() as session:
            answered = conversations.answer_stage(
                session,
                runtime.master_keys,
                client,
                conversation_id,
                stage,
                form,
                datetime.now(UTC),
            )
    except InvalidInput as error:
        if (crisis := crisis_if_at_risk(request, form)) is not None:
            return crisis
        with runtime.database.transaction() as session:
            conversation = conversations.conversation_of(
                session, runtime.master_keys, client, conversation_id
            )
        return _stage_page(request, conversation, stage, form, str(error), 422)
    conversation = answered.conversation
    return after_screen(request, answered.screen, _stage_url(conversation))


def _stage_url(conversation: Conversation) -> str:
    if conversation.goal_id is not None:
        return f"/goals/{conversation.goal_id}"
    stage = conversation.next_stage or Stage.GOAL
    return f"/grow/{conversation.id}/{stage.value}"


def _stage_page(
    request: Request,
    conversation: Conversation,
    stage: Stage,
    fields: dict[str, str],
    error: str = "",
    status: int = 200,
    carried: CarriedGoal | None = None,
) -> HTMLResponse:
    """One stage's form; on the goal stage not yet answered, `carried` says that its fields
    come from the person's assessment."""
    context = {
        "conversation": conversation,
        "stage": stage,
        "stages": list(Stage),
        "titles": STAGE_TITLES,
        "questions": QUESTIONS[stage],
        "fields": fields,
        "error": error,
        "areas": AREAS,
        "cadences": CADENCES,
        "obstacles": obstacles_named(conversation.answers),
        "step_numbers": range(1, MAX_STEPS + 1),
        "carried": carried,
        "money": money_word(crisis_region(request)),
    }
    return templates.TemplateResponse(request, "grow/stage.html", context, status_code=status)
