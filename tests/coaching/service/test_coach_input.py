"""A coach's comments and homework on a client's goal: seen by the client, audited as changes,
and only for a coach holding the client's coaching grant."""

from datetime import date

import pytest
from sqlalchemy.orm import Session

from crossroads.coaching.rules.goals import StepStatus, plan_step
from crossroads.coaching.service.coach_input import add_comment, assign_homework
from crossroads.coaching.service.goal_parts import add_step, change_step
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from tests.coaching.goal_world import NOW, client_and_coach, detail, set_running_goal, share
from tests.factories import make_person


def test_a_coachs_comment_and_homework_appear_to_the_client(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    add_step(session, master_keys, client, goal_id, plan_step("Lay out my kit"), NOW)
    share(session, client, coach, SharedArea.COACHING)
    due = date(2027, 1, 11)

    comment_id = add_comment(
        session, master_keys, coach, goal_id, "  Lovely start. What helps on rainy days?  ", NOW
    )
    step_id = assign_homework(
        session, master_keys, coach, goal_id, plan_step("Note three wins each evening", due), NOW
    )

    whole = detail(session, master_keys, client, goal_id)
    [comment] = whole.comments
    assert (comment.id, comment.author, comment.created_at, comment.text) == (
        comment_id,
        coach.display_name,
        NOW,
        "Lovely start. What helps on rainy days?",
    )
    own, homework = whole.steps
    assert not own.homework
    assert own.assigned_by is None
    assert (homework.id, homework.position, homework.text, homework.due_on) == (
        step_id,
        2,
        "Note three wins each evening",
        due,
    )
    assert homework.homework
    assert homework.assigned_by == coach.display_name
    assert homework.status is StepStatus.OPEN


def test_the_client_ticks_off_homework_like_any_step(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    share(session, client, coach, SharedArea.COACHING)
    step_id = assign_homework(
        session, master_keys, coach, goal_id, plan_step("Stretch", date(2027, 1, 11)), NOW
    )

    change_step(session, master_keys, client, step_id, status=StepStatus.DONE)

    [step] = detail(session, master_keys, client, goal_id).steps
    assert (step.status, step.homework) == (StepStatus.DONE, True)


def test_a_coachs_comment_and_homework_are_audited_as_changes(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    grant = share(session, client, coach, SharedArea.COACHING)

    add_comment(session, master_keys, coach, goal_id, "Well done", NOW)
    assign_homework(
        session, master_keys, coach, goal_id, plan_step("Stretch", date(2027, 1, 11)), NOW
    )

    log = accesses_to(session, client.id)
    assert [(entry.action, entry.target) for entry in log] == [
        ("change", f"homework on goal {goal_id}"),
        ("change", f"comment on goal {goal_id}"),
    ]
    assert all(entry.grant_id == grant.id for entry in log)
    assert all("coach@example.org" in entry.actor for entry in log)


def test_a_coach_without_the_coaching_grant_cannot_comment_or_set_homework(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    share(session, client, coach, SharedArea.ASSESSMENTS)

    with pytest.raises(NotFound):
        add_comment(session, master_keys, coach, goal_id, "Well done", NOW)
    with pytest.raises(NotFound):
        assign_homework(
            session, master_keys, coach, goal_id, plan_step("Stretch", date(2027, 1, 11)), NOW
        )

    whole = detail(session, master_keys, client, goal_id)
    assert (whole.comments, whole.steps) == ((), ())
    assert accesses_to(session, client.id) == []


def test_homework_without_a_due_date_is_refused(session: Session, master_keys: MasterKeys) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    share(session, client, coach, SharedArea.COACHING)

    with pytest.raises(InvalidInput) as refused:
        assign_homework(session, master_keys, coach, goal_id, plan_step("Stretch"), NOW)

    assert refused.value.field == "due_on"
    assert detail(session, master_keys, client, goal_id).steps == ()


def test_an_empty_comment_is_refused(session: Session, master_keys: MasterKeys) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    share(session, client, coach, SharedArea.COACHING)

    with pytest.raises(InvalidInput) as refused:
        add_comment(session, master_keys, coach, goal_id, "   ", NOW)

    assert refused.value.field == "text"


def test_a_client_cannot_comment_or_set_homework(session: Session, master_keys: MasterKeys) -> None:
    client = make_person(session, "client@example.org")
    other = make_person(session, "other@example.org")
    own_goal = set_running_goal(session, master_keys, client)
    others_goal = set_running_goal(session, master_keys, other)

    for goal_id in (own_goal, others_goal):
        with pytest.raises(NotFound):
            add_comment(session, master_keys, client, goal_id, "Well done", NOW)
        with pytest.raises(NotFound):
            assign_homework(
                session, master_keys, client, goal_id, plan_step("Stretch", date(2027, 1, 11)), NOW
            )
