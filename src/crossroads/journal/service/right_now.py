"""What the "right now" page offers a person from their own records: what has helped them
before, read from their journal, and the people and numbers in their safety plan to reach out
to; and keeping a tool's use in the journal as coping."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.journal.rules.helped_before import HelpedBefore, helped_before
from crossroads.journal.rules.tools import PhoneNumber, phone_numbers, plan_tool_use
from crossroads.journal.service.entries import AddedEntry, add_entry, journal_of
from crossroads.kernel.people import Person
from crossroads.safety_plan.rules import SECTIONS
from crossroads.safety_plan.service import plan_of
from crossroads.security.encryption import MasterKeys

# The parts of the safety plan that name people and places to turn to, in the plan's order.
REACH_OUT_PARTS = ("people_places", "ask_for_help", "professionals")


@dataclass(frozen=True)
class ReachOut:
    """One part of the plan as written, with the numbers found in it."""

    title: str
    written: str
    numbers: tuple[PhoneNumber, ...]


@dataclass(frozen=True)
class RightNow:
    helped: tuple[HelpedBefore, ...]
    reach_out: tuple[ReachOut, ...]
    has_plan: bool  # the person has kept a safety plan, whatever it names


def right_now_of(session: Session, master_keys: MasterKeys, person: Person) -> RightNow:
    entries = [stored.entry for stored in journal_of(session, master_keys, person)]
    kept = plan_of(session, master_keys, person)
    reach = tuple(
        ReachOut(section.title, kept.plan.written[section.key], phone_numbers(text))
        for section in SECTIONS
        if section.key in REACH_OUT_PARTS and (text := kept.plan.written[section.key])
    )
    return RightNow(helped_before(entries), reach, kept.updated_at is not None)


def log_tool_use(
    session: Session,
    master_keys: MasterKeys,
    person: Person,
    tool: str,
    fields: dict[str, str],
    now: datetime,
) -> AddedEntry:
    """Keep a tool's use in the journal as coping; its note is screened like any entry."""
    return add_entry(session, master_keys, person, plan_tool_use(tool, fields, now), now)
