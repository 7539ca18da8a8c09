"""Coaching goals: set, read back whole and sealed, shown only to their owner and to a coach
holding the owner's coaching grant (audited), and changed by their owner."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crossroads.assessment.rules.answers import Area
from crossroads.coaching import store
from crossroads.coaching.rules.checkins import Cadence, Schedule, plan_schedule
from crossroads.coaching.rules.goals import (
    GoalStatus,
    Measure,
    MeasureKind,
    Pace,
    Sharpen,
    plan_goal,
    plan_step,
)
from crossroads.coaching.service.goal_parts import add_step
from crossroads.coaching.service.goals import (
    add_goal,
    change_goal,
    client_goals,
    goal_for_viewer,
    goals_of_person,
    set_goal_status,
)
from crossroads.coaching.store import GoalRow
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.risk import RiskLevel
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import revoke_grant
from tests.coaching.goal_world import (
    NOW,
    TODAY,
    WEEKLY,
    check_in,
    client_and_coach,
    detail,
    running_goal,
    set_running_goal,
    share,
)
from tests.factories import make_person

# Setting and reading a goal


def test_a_goal_reads_back_with_its_schedule_progress_and_standing(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    [summary] = goals_of_person(session, master_keys, owner, NOW)

    assert summary.id == goal_id
    assert summary.owner_id == owner.id
    assert summary.created_at == NOW
    assert summary.status is GoalStatus.ACTIVE
    assert summary.reminding
    assert summary.goal == running_goal()
    assert summary.schedule == Schedule(Cadence.WEEKLY, 7, TODAY)
    assert (summary.reality, summary.confidence) == ("I run 5 km a month, mostly in summer", 6)
    assert summary.check_ins == ()
    assert summary.prompts == ()
    assert summary.progress.as_of == TODAY
    assert summary.progress.current == 5.0
    assert summary.progress.percent == 0.0
    assert summary.progress.pace is Pace.ON_TRACK
    assert summary.standing.due
    assert (summary.standing.period, summary.standing.streak) == (0, 0)
    assert summary.standing.next_period_starts == TODAY + timedelta(days=7)


def test_a_vague_goal_is_kept_with_prompts_to_sharpen_it(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "dreamer@example.org")
    vague = plan_goal(what="Be a better listener", starts_on=TODAY)
    add_goal(session, master_keys, owner, vague, WEEKLY, now=NOW)

    [summary] = goals_of_person(session, master_keys, owner, NOW)

    assert summary.goal == vague
    assert summary.prompts == (Sharpen.MEASURE, Sharpen.DATE)
    assert (summary.reality, summary.confidence) == ("", None)
    assert summary.progress.pace is Pace.UNPLANNED


def test_each_goal_in_the_list_carries_its_own_check_ins_in_day_order(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    running = set_running_goal(session, master_keys, owner)
    reading = set_running_goal(session, master_keys, owner, what="Read 4 books a month")
    untouched = set_running_goal(session, master_keys, owner, what="Swim once a week")
    later = NOW + timedelta(days=3)
    check_in(session, master_keys, owner, running, 12.0, day=TODAY + timedelta(days=2), now=later)
    check_in(session, master_keys, owner, reading, 1.0, day=TODAY + timedelta(days=1), now=later)
    check_in(session, master_keys, owner, running, 8.0, day=TODAY + timedelta(days=1), now=later)

    summaries = goals_of_person(session, master_keys, owner, later)

    values = {each.id: [c.value for c in each.check_ins] for each in summaries}
    assert values == {running: [8.0, 12.0], reading: [1.0], untouched: []}


def test_a_person_sees_only_their_own_goals(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    other = make_person(session, "other@example.org")
    set_running_goal(session, master_keys, owner)

    assert goals_of_person(session, master_keys, other, NOW) == []


def test_what_a_goal_says_is_stored_sealed(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    sealed = session.scalar(select(GoalRow.sealed).where(GoalRow.id == goal_id))

    assert sealed is not None
    assert sealed.startswith("cr1:")
    for words in ("Run 30 km", "sleep better", "mostly in summer"):
        assert words not in sealed


def test_an_unknown_goal_is_not_found(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")

    with pytest.raises(NotFound):
        goal_for_viewer(session, master_keys, owner, "00000000-0000-0000-0000-000000000000", NOW)


# Who may read a goal


def test_a_goal_is_hidden_from_strangers_and_from_a_coach_without_a_grant(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    stranger = make_person(session, "stranger@example.org")
    admin = make_person(session, "admin@example.org", role="admin")
    goal_id = set_running_goal(session, master_keys, client)

    for viewer in (stranger, coach, admin):
        with pytest.raises(NotFound):
            goal_for_viewer(session, master_keys, viewer, goal_id, NOW)
        with pytest.raises(NotFound):
            detail(session, master_keys, viewer, goal_id)
    assert accesses_to(session, client.id) == []


def test_a_coach_with_the_coaching_grant_reads_the_goal_and_each_read_is_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    grant = share(session, client, coach, SharedArea.COACHING)

    assert goal_for_viewer(session, master_keys, coach, goal_id, NOW).goal == running_goal()
    assert detail(session, master_keys, coach, goal_id).summary.id == goal_id

    log = accesses_to(session, client.id)
    assert [(entry.action, entry.target) for entry in log] == [
        ("read", f"goal {goal_id}"),
        ("read", f"goal {goal_id}"),
    ]
    assert all("coach@example.org" in entry.actor for entry in log)
    assert all(entry.grant_id == grant.id for entry in log)


def test_the_owner_reading_their_own_goal_is_not_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    detail(session, master_keys, owner, goal_id)

    assert accesses_to(session, owner.id) == []


def test_revoking_the_grant_hides_the_goal_from_the_coach_again(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    grant = share(session, client, coach, SharedArea.COACHING)
    goal_for_viewer(session, master_keys, coach, goal_id, NOW)

    revoke_grant(session, client, grant.id, NOW)

    with pytest.raises(NotFound):
        goal_for_viewer(session, master_keys, coach, goal_id, NOW)
    with pytest.raises(NotFound):
        detail(session, master_keys, coach, goal_id)
    with pytest.raises(ConsentMissing):
        client_goals(session, master_keys, coach, client.id, NOW)


def test_an_assessments_grant_does_not_open_coaching(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    goal_id = set_running_goal(session, master_keys, client)
    share(session, client, coach, SharedArea.ASSESSMENTS)

    with pytest.raises(NotFound):
        goal_for_viewer(session, master_keys, coach, goal_id, NOW)
    with pytest.raises(ConsentMissing):
        client_goals(session, master_keys, coach, client.id, NOW)
    assert accesses_to(session, client.id) == []


def test_a_coach_lists_a_clients_goals_under_the_grant_and_the_read_is_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    first = set_running_goal(session, master_keys, client)
    second = add_goal(
        session,
        master_keys,
        client,
        plan_goal(what="Read a book a month", starts_on=TODAY),
        WEEKLY,
        now=NOW + timedelta(minutes=5),
    ).id
    grant = share(session, client, coach, SharedArea.COACHING)

    goals = client_goals(session, master_keys, coach, client.id, NOW)

    assert [summary.id for summary in goals] == [first, second]
    [entry] = accesses_to(session, client.id)
    assert (entry.action, entry.target, entry.grant_id) == ("read", "coaching goals", grant.id)
    assert "coach@example.org" in entry.actor


def test_a_coach_without_a_grant_cannot_list_a_clients_goals(
    session: Session, master_keys: MasterKeys
) -> None:
    client, coach = client_and_coach(session)
    set_running_goal(session, master_keys, client)

    with pytest.raises(ConsentMissing):
        client_goals(session, master_keys, coach, client.id, NOW)
    assert accesses_to(session, client.id) == []


# Changing a goal


def test_changing_a_goal_replaces_its_words_and_keeps_the_rest(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    add_step(session, master_keys, owner, goal_id, plan_step("Lay out my kit"), NOW)
    check_in(session, master_keys, owner, goal_id, 8.0)
    changed = running_goal(
        what="Run 40 km a month",
        why="To run a half marathon",
        measure=Measure(MeasureKind.NUMBER, "km", 5.0, 40.0),
        target_date=date(2027, 9, 30),
    )

    change_goal(session, master_keys, owner, goal_id, changed, WEEKLY)

    whole = detail(session, master_keys, owner, goal_id)
    assert whole.summary.goal == changed
    assert (whole.summary.reality, whole.summary.confidence) == (
        "I run 5 km a month, mostly in summer",
        6,
    )
    assert [step.text for step in whole.steps] == ["Lay out my kit"]
    assert [each.report.value for each in whole.check_ins] == [8.0]
    sealed = session.scalar(select(GoalRow.sealed).where(GoalRow.id == goal_id))
    assert sealed is not None
    assert "half marathon" not in sealed


def test_changing_a_goal_keeps_the_day_it_started(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    change_goal(
        session,
        master_keys,
        owner,
        goal_id,
        running_goal(starts_on=date(2027, 2, 1)),
        plan_schedule(Cadence.WEEKLY, date(2027, 2, 1)),
    )

    summary = goal_for_viewer(session, master_keys, owner, goal_id, NOW)
    assert summary.goal.starts_on == TODAY
    assert summary.schedule.starts_on == TODAY


def reminded_period(session: Session, goal_id: str) -> int | None:
    row = store.find_goal(session, goal_id)
    assert row is not None
    return row.reminded_period


def remember_reminder(session: Session, goal_id: str, period: int) -> None:
    row = store.find_goal(session, goal_id)
    assert row is not None
    row.reminded_period = period
    session.flush()


def test_a_new_cadence_starts_reminders_afresh(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    remember_reminder(session, goal_id, 3)

    change_goal(
        session, master_keys, owner, goal_id, running_goal(), plan_schedule(Cadence.DAILY, TODAY)
    )

    assert reminded_period(session, goal_id) is None
    summary = goal_for_viewer(session, master_keys, owner, goal_id, NOW)
    assert summary.schedule == Schedule(Cadence.DAILY, 1, TODAY)


def test_a_new_custom_rhythm_starts_reminders_afresh(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = add_goal(
        session,
        master_keys,
        owner,
        running_goal(),
        plan_schedule(Cadence.CUSTOM, TODAY, 3),
        now=NOW,
    ).id
    remember_reminder(session, goal_id, 3)

    change_goal(
        session,
        master_keys,
        owner,
        goal_id,
        running_goal(),
        plan_schedule(Cadence.CUSTOM, TODAY, 5),
    )

    assert reminded_period(session, goal_id) is None


def test_the_same_cadence_keeps_the_reminders_already_sent(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    remember_reminder(session, goal_id, 3)

    change_goal(session, master_keys, owner, goal_id, running_goal(what="Run 35 km"), WEEKLY)

    assert reminded_period(session, goal_id) == 3


@pytest.mark.parametrize("status", [GoalStatus.ARCHIVED, GoalStatus.ACHIEVED, GoalStatus.ACTIVE])
def test_the_owner_sets_a_goals_status(
    session: Session, master_keys: MasterKeys, status: GoalStatus
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    set_goal_status(session, owner, goal_id, GoalStatus.ARCHIVED)

    set_goal_status(session, owner, goal_id, status)

    [summary] = goals_of_person(session, master_keys, owner, NOW)
    assert summary.status is status
    assert summary.reminding is (status is GoalStatus.ACTIVE)


# The screen of what a person writes in a goal


ACUTE = "I'm going to end my life tonight, the pills are in my drawer"
CHECK = "Some days I wish I was dead"


@pytest.mark.parametrize(
    ("why", "level"),
    [(ACUTE, RiskLevel.ACUTE), (CHECK, RiskLevel.CHECK), ("To feel stronger", RiskLevel.NONE)],
)
def test_a_new_goal_comes_back_with_the_screen_of_its_words_and_is_saved_whatever_it_says(
    session: Session, master_keys: MasterKeys, why: str, level: RiskLevel
) -> None:
    owner = make_person(session, "runner@example.org")

    saved = add_goal(session, master_keys, owner, running_goal(why=why), WEEKLY, now=NOW)

    assert saved.screen.level is level
    assert goal_for_viewer(session, master_keys, owner, saved.id, NOW).goal.why == why


def test_changing_a_goal_screens_the_words_it_changes_and_not_the_ones_it_keeps(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = add_goal(session, master_keys, owner, running_goal(why=CHECK), WEEKLY, now=NOW).id

    new_words = change_goal(session, master_keys, owner, goal_id, running_goal(why=ACUTE), WEEKLY)
    same_words = change_goal(
        session, master_keys, owner, goal_id, running_goal(why=ACUTE, area=Area.CAREER), WEEKLY
    )

    assert new_words.level is RiskLevel.ACUTE
    assert {reason.source for reason in new_words.reasons} == {"why"}
    assert same_words.level is RiskLevel.NONE
