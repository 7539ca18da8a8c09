"""A person's access log as they read it: who looked at or changed their data and what, in
words, one row per visit. Only the reading changes: the stored rows, and so the audit chain
that proves none was edited, stay exactly as they were written.

A visit is what one person did in one sitting: their entries with no more than VISIT_GAP
between one and the next. Opening a client's overview alone writes a row for each part read
under its grant, in the same second; the person whose data it is sees one visit.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.assessment.rules.instruments import INSTRUMENTS
from crossroads.assessment.service.assessments import assessments_of_person
from crossroads.casework.service.progress_report import reports_given_summary
from crossroads.casework.service.records import REMOVED_TARGET, RETENTION_ACTOR
from crossroads.coaching.service.goals import goals_of_person
from crossroads.journal.service.entries import journal_of
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.audit import OPERATOR, Access, accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.trusted_people.service.invitations import trusted_names

VISIT_GAP = timedelta(minutes=10)

_VERBS = {
    "read": "Looked at",
    "change": "Changed",
    "export": "Exported",
    "delete": "Deleted",
    "share": "Shared",
}
# What each target names, as the person whose data it is would say it.
_THINGS = {
    "assessments": "your assessments",
    "measures": "your questionnaire scores",
    "measures as FHIR": "your questionnaire scores, in the FHIR form health systems read",
    "retake schedule": "when you retake a questionnaire",
    "coaching goals": "your coaching goals",
    "coaching screens": "the safety check on what you wrote in coaching",
    "journal": "your journal",
    "journal insights": "the patterns in your journal",
    "journal screens": "the safety check on your journal",
    "safety plan": "your safety plan",
    "weekly mood summary": "the weekly summary of your moods",
    "messages": "your messages",
    "care team": "your care team",
    "coordination note": "your care team's coordination note",
    "homework": "your homework",
    "referral": "a referral for you",
    "the periods of the progress reports shared": "which weeks your shared progress reports cover",
    "everything": "everything we hold about you",
    "account": "your account",
}
# Where the verb alone would mislead: what was done, whole.
_DEEDS = {
    ("change", "messages"): "Wrote to you",
    ("change", "homework"): "Set you homework",
    ("change", "referral"): "Referred you to someone else",
    ("change", "session note"): "Wrote a session note about you",
    ("change", "shared session note"): "Wrote a session note about you and shared it with you",
    ("change", "session note, shown to you"): "Shared a session note with you",
    ("change", "session note, hidden"): "Stopped sharing a session note with you",
    (
        "read",
        "session notes (the practitioner's own records)",
    ): "Read their session notes about you",
    (
        "delete",
        REMOVED_TARGET,
    ): "Removed a session note, at the end of its practice's keeping period",
}
_AREAS: dict[str, str] = {
    Area.ASSESSMENTS: "your assessments",
    Area.COACHING: "your coaching goals and check-ins",
    Area.JOURNAL: "the patterns in your journal",
    Area.SAFETY_PLAN: "your safety plan",
    Area.CLINICAL: "your questionnaire scores",
}
_LABEL = re.compile(r"(?P<name>.*) <(?P<email>[^<>]+)> \((?P<role>\w+)\)")
_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_ON_GOAL = re.compile(
    rf"(?P<part>goal|comment on goal|homework on goal|check-in on goal) (?P<id>{_ID})"
)
_DATED = re.compile(rf"(?P<kind>assessment|progress report|journal entry) (?P<id>{_ID})")
_INSTRUMENT_RESULT = re.compile(r"(?P<key>[a-z0-9]+) result")
_IMPORT = re.compile(r"journal import of (?P<count>\d+) entries")
_ROLE = re.compile(r"role to (?P<role>\w+)")
_INSTRUMENT_NAMES = {instrument.key: instrument.name for instrument in INSTRUMENTS}


@dataclass(frozen=True)
class Deed:
    """One thing done, in words; `of` is the day of the record it names, for the page to write
    in the reader's own date format ("... your assessment of 4 March 2027")."""

    words: str
    of: datetime | None = None


@dataclass
class Visit:
    """What one person did to your data in one sitting, from `at` to `until`."""

    at: datetime
    until: datetime
    who: str
    actor: str
    deeds: list[Deed] = field(default_factory=list)


@dataclass(frozen=True)
class Names:
    """What the person's records are called, to name them in place of their ids."""

    goals: Mapping[str, str]
    assessments: Mapping[str, datetime]
    reports: Mapping[str, datetime]
    entries: Mapping[str, datetime]
    # The person's trusted people by how the log names them ("trusted:<id>"), to their names.
    trusted: Mapping[str, str] = field(default_factory=dict)


def visits_to(
    session: Session, master_keys: MasterKeys, person: Person, now: datetime
) -> list[Visit]:
    """Everyone's visits to the person's data, newest first, in words."""
    names = Names(
        goals={g.id: g.goal.what for g in goals_of_person(session, master_keys, person, now)},
        assessments={
            a.id: a.created_at for a in assessments_of_person(session, master_keys, person)
        },
        reports={r.id: r.shared_at for r in reports_given_summary(session, person)},
        entries={e.id: e.entry.at for e in journal_of(session, master_keys, person)},
        trusted=trusted_names(session, master_keys, person),
    )
    return group_visits(accesses_to(session, person.id), person, names)


def group_visits(accesses: Sequence[Access], person: Person, names: Names) -> list[Visit]:
    """The entries, newest first as `accesses_to` gives them, as visits, newest first; each deed
    once per visit, in the order it was done."""
    open_visits: dict[str, Visit] = {}
    visits: list[Visit] = []
    for access in reversed(accesses):
        visit = open_visits.get(access.actor)
        if visit is None or access.at - visit.until > VISIT_GAP:
            who = who_did(access.actor, person, names.trusted)
            visit = Visit(access.at, access.at, who, access.actor)
            open_visits[access.actor] = visit
            visits.append(visit)
        visit.until = access.at
        deed = describe(access.action, access.target, names)
        if deed not in visit.deeds:
            visit.deeds.append(deed)
    return sorted(visits, key=lambda v: v.at, reverse=True)


def who_did(actor: str, person: Person, trusted: Mapping[str, str] | None = None) -> str:
    """The actor as the log's reader knows them; `trusted` names their trusted people."""
    if trusted and actor in trusted:
        return f"Your trusted person, {trusted[actor]}"
    if actor == OPERATOR:
        return "Someone running Crossroads, at its command line"
    if actor == RETENTION_ACTOR:
        return "Crossroads itself, keeping records only as long as a practice must"
    found = _LABEL.fullmatch(actor)
    if found is None:
        return actor
    if found["email"] == person.email:
        return "You"
    kind = {"practitioner": ", a practitioner", "admin": ", an admin"}.get(found["role"], "")
    return f"{found['name']}{kind} ({found['email']})"


def describe(action: str, target: str, names: Names) -> Deed:
    """One entry's action on its target, in words, with any id named as its record."""
    verb = _VERBS.get(action, action.capitalize())
    if (action, target) in _DEEDS:
        return Deed(_DEEDS[action, target])
    if target in _THINGS:
        return Deed(f"{verb} {_THINGS[target]}")
    if found := _ON_GOAL.fullmatch(target):
        return Deed(_on_goal(action, found["part"], names.goals.get(found["id"])))
    if found := _DATED.fullmatch(target):
        return _dated(verb, found["kind"], found["id"], names)
    if action == "share" and " with " in target:
        return Deed(_shared(target))
    return Deed(_other(verb, target))


def _on_goal(action: str, part: str, goal: str | None) -> str:
    named = f"your goal “{goal}”" if goal is not None else "a goal you have since deleted"
    if part == "comment on goal":
        return f"Wrote a comment on {named}"
    if part == "homework on goal":
        return f"Added a step to {named}"
    if part == "check-in on goal":
        return f"Added a check-in on {named}"
    return f"{_VERBS.get(action, action.capitalize())} {named}"


def _dated(verb: str, kind: str, record_id: str, names: Names) -> Deed:
    """A record named by its day, or said to be gone when it no longer is there to name."""
    days, called, gone = {
        "assessment": (names.assessments, "your assessment", "an assessment since deleted"),
        "progress report": (
            names.reports,
            "the progress report you shared",
            "a progress report since withdrawn",
        ),
        "journal entry": (names.entries, "your journal entry", "a journal entry since deleted"),
    }[kind]
    day = days.get(record_id)
    return Deed(f"{verb} {gone}") if day is None else Deed(f"{verb} {called}", of=day)


def _shared(target: str) -> str:
    """A client's own share from a booking: "assessments, coaching with Dr Ana Rivera"."""
    areas, name = target.rsplit(" with ", 1)
    said = [_AREAS.get(area, area) for area in areas.split(", ")]
    listed = " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)
    return f"Shared {listed} with {name}"


def _other(verb: str, target: str) -> str:
    """The operator's rarer commands, and anything a later version writes, never with an id."""
    if found := _INSTRUMENT_RESULT.fullmatch(target):
        return f"Added a {_INSTRUMENT_NAMES.get(found['key'], found['key'])} result"
    if found := _IMPORT.fullmatch(target):
        return f"Added {found['count']} entries to your journal"
    if found := _ROLE.fullmatch(target):
        return f"Changed your role to {found['role']}"
    return f"{verb} {re.sub(rf' ?{_ID}', '', target)}".strip()
