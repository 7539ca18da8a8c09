"""The guided coaching conversation: stage by stage, saved sealed as it goes, only for its
owner, screened for crisis language, and ending in a goal with obstacles, strategies and steps."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.grow import Stage
from crossroads.coaching.service.conversations import (
    answer_stage,
    conversation_of,
    conversations_in_progress,
    start_conversation,
)
from crossroads.coaching.service.goal_detail import goal_detail
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskLevel
from crossroads.security.encryption import MasterKeys
from tests.factories import make_person

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
GOAL = {
    "what": "Save for a course",
    "why": "So I can change careers",
    "area": "career",
    "measure": "number",
    "unit": "pounds",
    "target": "1200",
    "target_date": "2027-07-01",
}
REALITY = {"start": "200", "tried": "A budget app", "obstacles": "Takeaways\nImpulse buys"}
OPTIONS = {"strategies_1": "Cook on Sundays\nBatch lunches", "strategies_2": "Wait a day"}
WILL = {"step_1": "Open a savings pot", "step_2": "Plan meals", "cadence": "weekly"}
ANSWERS = {Stage.GOAL: GOAL, Stage.REALITY: REALITY, Stage.OPTIONS: OPTIONS, Stage.WILL: WILL}


@pytest.fixture
def owner(session: Session) -> Person:
    return make_person(session, "saver@example.org")


def answer_all(
    session: Session, master_keys: MasterKeys, owner: Person, conversation_id: str
) -> str | None:
    for stage, fields in ANSWERS.items():
        answered = answer_stage(session, master_keys, owner, conversation_id, stage, fields, NOW)
    return answered.conversation.goal_id


def test_the_four_stages_become_a_goal_with_obstacles_strategies_and_steps(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)

    goal_id = answer_all(session, master_keys, owner, conversation_id)

    assert goal_id is not None
    detail = goal_detail(session, master_keys, owner, goal_id, NOW)
    assert detail.summary.goal.what == "Save for a course"
    assert detail.summary.reality == "A budget app"
    assert [step.text for step in detail.steps] == ["Open a savings pot", "Plan meals"]
    assert [o.text for o in detail.obstacles] == ["Takeaways", "Impulse buys"]
    first = detail.obstacles[0].strategies
    assert [s.strategy.text for s in first] == ["Cook on Sundays", "Batch lunches"]
    assert conversation_of(session, master_keys, owner, conversation_id).next_stage is None


def test_each_stage_is_saved_sealed_and_the_conversation_can_be_resumed(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)

    answer_stage(session, master_keys, owner, conversation_id, Stage.GOAL, GOAL, NOW)

    row = store.find_conversation(session, conversation_id)
    assert row is not None
    assert "Save for a course" not in row.sealed
    [unfinished] = conversations_in_progress(session, master_keys, owner)
    assert unfinished.next_stage is Stage.REALITY
    assert unfinished.answers[Stage.GOAL]["what"] == "Save for a course"


def test_a_later_stage_cannot_be_answered_before_the_earlier_ones(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)

    with pytest.raises(InvalidInput) as raised:
        answer_stage(session, master_keys, owner, conversation_id, Stage.WILL, WILL, NOW)
    assert raised.value.field == "goal"


def test_changing_an_earlier_stage_asks_for_the_later_ones_again_keeping_them_as_drafts(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)
    for stage in (Stage.GOAL, Stage.REALITY, Stage.OPTIONS):
        answer_stage(session, master_keys, owner, conversation_id, stage, ANSWERS[stage], NOW)

    changed = {**REALITY, "obstacles": "Takeaways"}
    answered = answer_stage(
        session, master_keys, owner, conversation_id, Stage.REALITY, changed, NOW
    )

    assert answered.conversation.next_stage is Stage.OPTIONS
    assert answered.conversation.answers[Stage.OPTIONS] == OPTIONS


def test_a_stage_with_a_mistake_is_refused_naming_the_field_and_nothing_moves_on(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)

    with pytest.raises(InvalidInput) as raised:
        answer_stage(
            session,
            master_keys,
            owner,
            conversation_id,
            Stage.GOAL,
            {**GOAL, "target_date": "soon"},
            NOW,
        )

    assert raised.value.field == "target_date"
    conversation = conversation_of(session, master_keys, owner, conversation_id)
    assert conversation.next_stage is Stage.GOAL
    assert conversation.answers == {}


def test_a_finished_conversation_cannot_be_answered_again(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)
    answer_all(session, master_keys, owner, conversation_id)

    with pytest.raises(InvalidInput, match="already become a goal"):
        answer_stage(session, master_keys, owner, conversation_id, Stage.WILL, WILL, NOW)
    assert conversations_in_progress(session, master_keys, owner) == []


def test_crisis_language_in_an_answer_is_flagged_and_the_answer_still_kept(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)
    answer_stage(session, master_keys, owner, conversation_id, Stage.GOAL, GOAL, NOW)
    words = {**REALITY, "tried": "Nothing works and I want to kill myself"}

    answered = answer_stage(session, master_keys, owner, conversation_id, Stage.REALITY, words, NOW)

    assert answered.screen.level is RiskLevel.CHECK
    assert answered.conversation.answers[Stage.REALITY]["tried"] == words["tried"]


def test_an_everyday_answer_is_not_flagged(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)

    answered = answer_stage(session, master_keys, owner, conversation_id, Stage.GOAL, GOAL, NOW)

    assert answered.screen.level is RiskLevel.NONE


def test_nobody_else_can_read_or_answer_a_persons_conversation(
    session: Session, master_keys: MasterKeys, owner: Person
) -> None:
    conversation_id = start_conversation(session, master_keys, owner, NOW)
    someone = make_person(session, "other@example.org")

    with pytest.raises(NotFound):
        conversation_of(session, master_keys, someone, conversation_id)
    with pytest.raises(NotFound):
        answer_stage(session, master_keys, someone, conversation_id, Stage.GOAL, GOAL, NOW)
