"""The guided coaching conversation (GROW) as a person goes through it: each stage's answers
are checked, read by the crisis check and saved as a sealed draft, so a person can stop and come
back; the last stage turns the whole conversation into a goal with its obstacles, strategies and
first steps. Only its owner ever sees a conversation."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.grow import Fields, Stage, check_stage, free_text, plan_from_answers
from crossroads.coaching.service.goal_parts import add_plan
from crossroads.coaching.store import FINISHED, ConversationRow
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, local_today
from crossroads.kernel.risk import RiskLevel, RiskScreen
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import sealed_screen, tell_about_words
from crossroads.text.classification import screen_writing

CONVERSATION_FIELD = "coaching conversation"
SCREENS = "screens"  # beside the stages in the sealed payload: each stage's latest screen


@dataclass(frozen=True)
class Conversation:
    id: str
    created_at: datetime
    next_stage: Stage | None  # None once finished
    answers: dict[Stage, dict[str, str]]  # later stages may hold drafts to be confirmed again
    goal_id: str | None

    def may_answer(self, stage: Stage) -> bool:
        """A stage is open once every stage before it is answered; earlier ones can be
        changed until the conversation becomes a goal."""
        stages = list(Stage)
        return self.next_stage is not None and stages.index(stage) <= stages.index(self.next_stage)


@dataclass(frozen=True)
class Answered:
    conversation: Conversation
    screen: RiskScreen


def start_conversation(
    session: Session, master_keys: MasterKeys, owner: Person, now: datetime
) -> str:
    row = ConversationRow(
        id=str(uuid.uuid4()),
        owner_id=owner.id,
        created_at=now,
        stage=Stage.GOAL.value,
        goal_id=None,
        sealed=Vault(session, master_keys).seal_json(owner.id, CONVERSATION_FIELD, {}),
    )
    store.add(session, row)
    return row.id


def conversation_of(
    session: Session, master_keys: MasterKeys, owner: Person, conversation_id: str
) -> Conversation:
    return _read(Vault(session, master_keys), _owned(session, owner, conversation_id))


def conversations_in_progress(
    session: Session, master_keys: MasterKeys, owner: Person
) -> list[Conversation]:
    vault = Vault(session, master_keys)
    return [_read(vault, row) for row in store.conversations_in_progress(session, owner.id)]


def conversations_of(
    session: Session, master_keys: MasterKeys, owner: Person
) -> list[Conversation]:
    """Every conversation, finished or not, oldest first (for the person's export)."""
    vault = Vault(session, master_keys)
    return [_read(vault, row) for row in store.conversations_of(session, owner.id)]


def answer_stage(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    conversation_id: str,
    stage: Stage,
    fields: Fields,
    now: datetime,
) -> Answered:
    """Check and save one stage's answers and move on to the next stage; answering the last one
    creates the goal. Answering an earlier stage again asks for the later ones to be confirmed
    again, because they may depend on it. What is written is screened for crisis language;
    it is saved either way, so nothing a person wrote is lost."""
    row = _owned(session, owner, conversation_id, lock=True)
    vault = Vault(session, master_keys)
    conversation = _read(vault, row)
    if conversation.next_stage is None:
        raise InvalidInput("stage", "this conversation has already become a goal")
    if not conversation.may_answer(stage):
        raise InvalidInput(
            conversation.next_stage.value, "answer the earlier part of the conversation first"
        )
    today = local_today(owner, now)
    earlier = {before: conversation.answers[before] for before in _stages_before(stage)}
    kept = check_stage(stage, fields, earlier, today)
    answers = {**conversation.answers, stage: kept}
    following = stage.following
    if following is None:
        plan = plan_from_answers({each: answers[each] for each in Stage}, today)
        row.goal_id = add_plan(session, master_keys, owner, plan, now)
    row.stage = following.value if following else FINISHED
    screen = screen_writing(free_text({stage: kept}))
    screens = _screens(vault.open_json(owner.id, CONVERSATION_FIELD, row.sealed))
    screens[stage.value] = sealed_screen(screen) | {"at": now.isoformat()}
    row.sealed = vault.seal_json(
        owner.id,
        CONVERSATION_FIELD,
        {each.value: value for each, value in answers.items()} | {SCREENS: screens},
    )
    tell_about_words(session, owner.id, Area.COACHING, screen, now=now)
    return Answered(_read(vault, row), screen)


@dataclass(frozen=True)
class StageScreen:
    """The level the words of one stage screened when they were last answered, and when."""

    conversation_id: str
    stage: Stage
    level: RiskLevel
    at: datetime


def stage_screens(vault: Vault, row: ConversationRow) -> list[StageScreen]:
    """Each answered stage's screen, as sealed in the conversation; none for stages answered
    before screens were kept."""
    screens = _screens(vault.open_json(row.owner_id, CONVERSATION_FIELD, row.sealed))
    return [
        StageScreen(
            row.id, Stage(name), RiskLevel(kept["level"]), datetime.fromisoformat(kept["at"])
        )
        for name, kept in screens.items()
    ]


def _screens(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(payload.get(SCREENS, {}))


def _stages_before(stage: Stage) -> list[Stage]:
    stages = list(Stage)
    return stages[: stages.index(stage)]


def _owned(
    session: Session, owner: Person, conversation_id: str, *, lock: bool = False
) -> ConversationRow:
    """The owner's conversation; with `lock`, held until the transaction ends, so that the last
    stage sent twice at once makes one goal, not two (PostgreSQL; SQLite serialises writers)."""
    row = store.find_conversation(session, conversation_id, lock=lock)
    if row is None or row.owner_id != owner.id:
        raise NotFound(f"no coaching conversation with id {conversation_id}")
    return row


def _read(vault: Vault, row: ConversationRow) -> Conversation:
    payload = vault.open_json(row.owner_id, CONVERSATION_FIELD, row.sealed)
    return Conversation(
        id=row.id,
        created_at=row.created_at,
        next_stage=None if row.stage == FINISHED else Stage(row.stage),
        answers={Stage(name): fields for name, fields in payload.items() if name != SCREENS},
        goal_id=row.goal_id,
    )
