"""/api/v1/conversations: the guided coaching conversation (GROW) for scripts and apps. Each
stage's answers are sent as a flat object of text fields named as in the stage's `questions`;
the last stage creates the goal. A crisis reading of any answer comes back with the lines."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from crossroads.coaching.rules.grow import MAX_ANSWER, QUESTIONS, STAGE_TITLES, Stage
from crossroads.coaching.service import conversations
from crossroads.coaching.service.conversations import Conversation
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import CrisisOut, crisis_for
from crossroads.web.auth import ApiClient, RuntimeDep

router = APIRouter(
    prefix="/api/v1/conversations", tags=["coaching conversation"], route_class=CheckedJsonRoute
)

Answer = Annotated[str, Field(max_length=MAX_ANSWER)]


class StageOut(BaseModel):
    stage: Stage
    title: str
    questions: dict[str, str]


class ConversationOut(BaseModel):
    id: str
    created_at: datetime
    next: StageOut | None  # None once the conversation has become a goal
    answers: dict[Stage, dict[str, str]]
    goal_id: str | None


class AnsweredOut(ConversationOut):
    crisis: CrisisOut


def _out(conversation: Conversation) -> dict[str, Any]:
    stage = conversation.next_stage
    return {
        "id": conversation.id,
        "created_at": conversation.created_at,
        "next": None
        if stage is None
        else StageOut(stage=stage, title=STAGE_TITLES[stage], questions=QUESTIONS[stage]),
        "answers": conversation.answers,
        "goal_id": conversation.goal_id,
    }


@router.post("", status_code=201, response_model=ConversationOut)
def start(runtime: RuntimeDep, client: ApiClient, response: Response) -> Any:
    with runtime.database.transaction() as session:
        conversation_id = conversations.start_conversation(
            session, runtime.master_keys, client, datetime.now(UTC)
        )
        conversation = conversations.conversation_of(
            session, runtime.master_keys, client, conversation_id
        )
    response.headers["location"] = f"/api/v1/conversations/{conversation_id}"
    return ConversationOut(**_out(conversation))


@router.get("/{conversation_id}", response_model=ConversationOut)
def read(conversation_id: str, runtime: RuntimeDep, client: ApiClient) -> Any:
    with runtime.database.transaction() as session:
        conversation = conversations.conversation_of(
            session, runtime.master_keys, client, conversation_id
        )
    return ConversationOut(**_out(conversation))


@router.put("/{conversation_id}/{stage}", response_model=AnsweredOut)
def answer(
    conversation_id: str,
    stage: Stage,
    body: dict[str, Answer],
    runtime: RuntimeDep,
    client: ApiClient,
) -> Any:
    """Answer one stage (or change an earlier one); the next stage to answer comes back."""
    with runtime.database.transaction() as session:
        answered = conversations.answer_stage(
            session, runtime.master_keys, client, conversation_id, stage, body, datetime.now(UTC)
        )
    return AnsweredOut(**_out(answered.conversation), crisis=crisis_for(answered.screen, client))
