"""A person's coaching goals: set them, see them with their progress, change them. A coach who
holds the client's coaching grant sees them too, and every such read is audited. What a person
writes in a goal is screened here, and the screen comes back with the result.

Everything a person wrote is sealed with the goal owner's data key; see coaching/store.py.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.assessment.rules.answers import Area
from crossroads.coaching import store
from crossroads.coaching.rules.checkins import Accountability, Cadence, Schedule
from crossroads.coaching.rules.checkins import review_check_ins as review
from crossroads.coaching.rules.goals import (
    CheckIn,
    Goal,
    GoalStatus,
    Measure,
    MeasureKind,
    Progress,
    Sharpen,
    measure_progress,
    sharpening_prompts,
)
from crossroads.coaching.store import GoalRow
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.parsing import kept_number
from crossroads.kernel.people import Person, Role, local_today
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.screening import Saved, changed_words
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import access_under_grant
from crossroads.text.classification import screen_writing

GOAL_FIELD = "goal"
CHECK_IN_FIELD = "goal check-in"


@dataclass(frozen=True)
class GoalSummary:
    id: str
    owner_id: str
    created_at: datetime
    status: GoalStatus
    goal: Goal
    schedule: Schedule
    reality: str
    confidence: int | None
    check_ins: tuple[CheckIn, ...]
    progress: Progress
    standing: Accountability

    @property
    def prompts(self) -> tuple[Sharpen, ...]:
        return sharpening_prompts(self.goal)

    @property
    def reminding(self) -> bool:
        """Only goals still being worked on ask for check-ins."""
        return self.status is GoalStatus.ACTIVE


def add_goal(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    goal: Goal,
    schedule: Schedule,
    *,
    now: datetime,
    reality: str = "",
    confidence: int | None = None,
) -> Saved:
    """Store a new goal for its owner and screen what they wrote in it; the caller commits."""
    goal_id = store_goal(
        session, master_keys, owner, goal, schedule, now=now, reality=reality, confidence=confidence
    )
    return Saved(goal_id, screen_writing({**_words(goal), "reality": reality}))


def store_goal(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    goal: Goal,
    schedule: Schedule,
    *,
    now: datetime,
    reality: str = "",
    confidence: int | None = None,
) -> str:
    """Store a new goal without reading its words, for a caller that has screened them (the
    coaching conversation screens each answer as it is given). Returns its id."""
    row = GoalRow(
        id=str(uuid.uuid4()),
        owner_id=owner.id,
        created_at=now,
        status=GoalStatus.ACTIVE.value,
        starts_on=goal.starts_on,
        cadence=schedule.cadence.value,
        every_days=schedule.every_days,
        reminded_period=None,
        sealed="",
    )
    row.sealed = Vault(session, master_keys).seal_json(
        owner.id, GOAL_FIELD, _goal_payload(goal, reality, confidence)
    )
    store.add(session, row)
    return row.id


def change_goal(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    goal_id: str,
    goal: Goal,
    schedule: Schedule,
) -> RiskScreen:
    """Replace what the goal says and how often it asks for check-ins; its start day, steps
    and check-ins stay. A change of rhythm starts reminders afresh. Returns the screen of the
    words that changed."""
    row = owned_goal(session, owner, goal_id)
    vault = Vault(session, master_keys)
    payload = vault.open_json(owner.id, GOAL_FIELD, row.sealed)
    row.sealed = vault.seal_json(
        owner.id, GOAL_FIELD, _goal_payload(goal, payload["reality"], payload["confidence"])
    )
    if (row.cadence, row.every_days) != (schedule.cadence.value, schedule.every_days):
        row.cadence, row.every_days, row.reminded_period = (
            schedule.cadence.value,
            schedule.every_days,
            None,
        )
    before = {"what": payload["what"], "why": payload["why"]}
    return screen_writing(changed_words(before, _words(goal)))


def _words(goal: Goal) -> dict[str, str]:
    return {"what": goal.what, "why": goal.why}


def set_goal_status(session: Session, owner: Person, goal_id: str, status: GoalStatus) -> None:
    owned_goal(session, owner, goal_id).status = status.value


def goals_of_person(
    session: Session, master_keys: MasterKeys, owner: Person, now: datetime
) -> list[GoalSummary]:
    vault = Vault(session, master_keys)
    today = local_today(owner, now)
    return summarise_all(session, vault, store.goals_of(session, owner.id), today)


def goal_for_viewer(
    session: Session, master_keys: MasterKeys, viewer: Person, goal_id: str, now: datetime
) -> GoalSummary:
    """The goal for its owner, or for a practitioner holding the owner's coaching grant (the
    read is audited); NotFound for anyone else, so that its existence does not leak."""
    row = readable_goal(session, viewer, goal_id, target=f"goal {goal_id}")
    return summarise(
        session, Vault(session, master_keys), row, _today_of(session, row.owner_id, now)
    )


def client_goals(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str, now: datetime
) -> list[GoalSummary]:
    """A client's goals for a coach holding their coaching grant; the read is audited."""
    access_under_grant(
        session,
        practitioner,
        client_id,
        SharedArea.COACHING,
        action="read",
        target="coaching goals",
    )
    vault = Vault(session, master_keys)
    today = _today_of(session, client_id, now)
    return summarise_all(session, vault, store.goals_of(session, client_id), today)


def owned_goal(session: Session, owner: Person, goal_id: str) -> GoalRow:
    row = store.find_goal(session, goal_id)
    if row is None or row.owner_id != owner.id:
        raise NotFound(f"no goal with id {goal_id}")
    return row


def readable_goal(session: Session, viewer: Person, goal_id: str, *, target: str) -> GoalRow:
    """The goal if `viewer` owns it or coaches its owner under a standing grant; a coach's
    read is written to the owner's access log as `target`."""
    row = store.find_goal(session, goal_id)
    if row is None:
        raise NotFound(f"no goal with id {goal_id}")
    if row.owner_id == viewer.id:
        return row
    if viewer.role is not Role.PRACTITIONER:
        raise NotFound(f"no goal with id {goal_id}")
    try:
        access_under_grant(
            session, viewer, row.owner_id, SharedArea.COACHING, action="read", target=target
        )
    except ConsentMissing:
        raise NotFound(f"no goal with id {goal_id}") from None
    return row


def _today_of(session: Session, owner_id: str, now: datetime) -> date:
    """Today where a goal's owner lives: their check-ins count by their own calendar."""
    owner = find_person(session, owner_id)
    return local_today(as_person(owner), now) if owner else now.date()


def summarise(session: Session, vault: Vault, row: GoalRow, today: date) -> GoalSummary:
    """The goal read back, with its progress and standing on the owner's `today`."""
    return _summary(vault, row, store.check_ins_of(session, row.id), today)


def summarise_all(
    session: Session, vault: Vault, rows: list[GoalRow], today: date
) -> list[GoalSummary]:
    """Several goals summarised, their check-ins read in one query rather than one each."""
    check_ins = store.check_ins_of_goals(session, [row.id for row in rows])
    return [_summary(vault, row, check_ins.get(row.id, []), today) for row in rows]


def _summary(
    vault: Vault, row: GoalRow, check_in_rows: list[store.CheckInRow], today: date
) -> GoalSummary:
    payload = vault.open_json(row.owner_id, GOAL_FIELD, row.sealed)
    goal = _goal_from(payload, row.starts_on)
    schedule = Schedule(Cadence(row.cadence), row.every_days, row.starts_on)
    check_ins = tuple(
        check_in_from(vault.open_json(row.owner_id, CHECK_IN_FIELD, each.sealed), each)
        for each in check_in_rows
    )
    return GoalSummary(
        id=row.id,
        owner_id=row.owner_id,
        created_at=row.created_at,
        status=GoalStatus(row.status),
        goal=goal,
        schedule=schedule,
        reality=payload["reality"],
        confidence=payload["confidence"],
        check_ins=check_ins,
        progress=measure_progress(goal, check_ins, today),
        standing=review(schedule, [each.day for each in check_ins], today),
    )


def _goal_payload(goal: Goal, reality: str, confidence: int | None) -> dict[str, Any]:
    measure = goal.measure
    return {
        "what": goal.what,
        "why": goal.why,
        "area": goal.area.value,
        "measure": None
        if measure is None
        else {
            "kind": measure.kind.value,
            "unit": measure.unit,
            "start": measure.start,
            "target": measure.target,
        },
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
        "reality": reality,
        "confidence": confidence,
    }


def _goal_from(payload: dict[str, Any], starts_on: date) -> Goal:
    measure = payload["measure"]
    target_date = payload["target_date"]
    return Goal(
        what=payload["what"],
        why=payload["why"],
        area=Area(payload["area"]),
        measure=None
        if measure is None
        else Measure(
            MeasureKind(measure["kind"]),
            measure["unit"],
            kept_number(measure["start"]) or 0.0,
            kept_number(measure["target"]),
        ),
        starts_on=starts_on,
        target_date=date.fromisoformat(target_date) if target_date else None,
    )


def check_in_from(payload: dict[str, Any], row: store.CheckInRow) -> CheckIn:
    return CheckIn(row.day, row.created_at, kept_number(payload["value"]), payload["done"])
