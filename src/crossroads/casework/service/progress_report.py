"""A client's progress report: one page of measures, goals and journal insights over a chosen
period, as plain JSON-ready data that the pages draw as HTML and PDF. The client may share a
copy with one practitioner in their caseload; the copy is sealed as it was when shared, and the
practitioner's every read is audited. A practitioner reads the clinical questionnaires in it only
under the grant that opens them (assessment/rules/scope.py)."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crossroads.assessment.rules.scope import clinical_named
from crossroads.assessment.rules.trends import Trend
from crossroads.assessment.rules.triage import DISCLAIMER
from crossroads.assessment.service.results import history_of, trends
from crossroads.assessment.service.scope import questionnaire_scope
from crossroads.casework.store import notes as store
from crossroads.coaching.rules.goals import Pace
from crossroads.coaching.service.goals import GoalSummary, goals_of_person
from crossroads.journal.rules.balance import balance
from crossroads.journal.rules.entries import Entry
from crossroads.journal.rules.insights import (
    JournalInsights,
    Statement,
    journal_insights,
    statements,
)
from crossroads.journal.service.entries import journal_of
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, local_today, zone_of
from crossroads.kernel.weeks import monday_of
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grants_given, in_caseload

FIELD = "progress report"
DEFAULT_DAYS = 90
BALANCE_WEEKS = 26  # weeks of coping and healing work a report lists, the latest first
MAX_DAYS = 3 * 366
EARLIEST = date(2000, 1, 1)  # before anything here could have been recorded
PACE_WORDS = {
    Pace.ON_TRACK: "on track",
    Pace.BEHIND: "behind the steady path",
    Pace.REACHED: "reached",
    Pace.OVERDUE: "past its date",
    Pace.OPEN: "not done yet",
    Pace.UNPLANNED: "no target to pace against",
}


@dataclass(frozen=True)
class GivenReport:
    """A copy the client shared, as the client sees it listed."""

    id: str
    practitioner: str
    shared_at: datetime


@dataclass(frozen=True)
class SharedReport:
    id: str
    shared_at: datetime
    starts_on: date
    ends_on: date


def report_period(starts: date | None, ends: date | None, today: date) -> tuple[date, date]:
    """The period asked for, by default the last 90 days up to today; refused when it runs
    backwards, into the future, or longer than three years."""
    ends = ends or today
    if ends > today:
        raise InvalidInput("to", "the report cannot run past today")
    if ends < EARLIEST:
        raise InvalidInput("to", f"choose a day from {EARLIEST.year} on")
    starts = starts or max(ends - timedelta(days=DEFAULT_DAYS - 1), EARLIEST)
    if starts < EARLIEST:
        raise InvalidInput("from", f"choose a day from {EARLIEST.year} on")
    if starts > ends:
        raise InvalidInput("from", "the period must start on or before its last day")
    if (ends - starts).days >= MAX_DAYS:
        raise InvalidInput("from", "choose a period of three years or less")
    return starts, ends


def progress_report(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    starts: date | None,
    ends: date | None,
    now: datetime,
) -> dict[str, Any]:
    """The client's report for the period, with days in their own time zone."""
    zone = zone_of(client)
    first, last = report_period(starts, ends, local_today(client, now))

    def within(moment: datetime) -> bool:
        return first <= moment.astimezone(zone).date() <= last

    history = [t for t in history_of(session, master_keys, client) if within(t.measure.taken_at)]
    entries = [s.entry for s in journal_of(session, master_keys, client) if within(s.entry.at)]
    goals = goals_of_person(session, master_keys, client, now)
    insights = journal_insights(entries, last)
    return {
        "name": client.display_name,
        "starts_on": first.isoformat(),
        "ends_on": last.isoformat(),
        "made_on": local_today(client, now).isoformat(),
        "measures": [_trend(t, zone) for t in trends(history)],
        "goals": [_goal(g, first, last) for g in goals if g.goal.starts_on <= last],
        "journal": {
            "entries": len(entries),
            "statements": [s.text for s in statements(insights) if _of_period(s, insights, first)],
            # Each day's average mood, for the chart; copies shared before it came have none.
            "mood": [[day.isoformat(), mood] for day, mood in insights.daily_mood],
            # Coping and healing work in the weeks of the period that had any (of the latest
            # BALANCE_WEEKS), newest first; copies shared before it came have none.
            "balance": _balance(entries, first, last),
        },
        "disclaimer": DISCLAIMER,
    }


def _of_period(statement: Statement, insights: JournalInsights, first: date) -> bool:
    """The balance in words speaks of whole weeks up to the period's end; when the first of
    them began before the period, it would count only part of them, so the weekly lines alone
    say it."""
    return statement.topic != "balance" or insights.balance.weeks[0].starts >= first


def _balance(entries: list[Entry], first: date, last: date) -> list[dict[str, Any]]:
    weeks = min((monday_of(last) - monday_of(first)).days // 7 + 1, BALANCE_WEEKS)
    return [
        {
            "week": week.starts.isoformat(),
            "coped": week.coped,
            "tools": week.tools,
            "exercises": week.exercises,
            "minutes_felt": week.minutes_felt,
        }
        for week in reversed(balance(entries, last, weeks).weeks)
        if week.coping or week.healing
    ]


def share_report(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    practitioner_id: str,
    report: dict[str, Any],
    now: datetime,
) -> str:
    """Share a copy with a practitioner the client already shares something with."""
    practitioners = {view.other.id for view in grants_given(session, client) if view.grant.active}
    if practitioner_id not in practitioners:
        raise InvalidInput("practitioner", "choose a practitioner you already share with")
    row = store.SharedReportRow(
        id=str(uuid.uuid4()),
        client_id=client.id,
        practitioner_id=practitioner_id,
        shared_at=now,
        sealed=Vault(session, master_keys).seal_json(client.id, FIELD, report),
    )
    store.add(session, row)
    return row.id


def practitioners_to_share_with(session: Session, client: Person) -> list[Person]:
    seen: dict[str, Person] = {}
    for view in grants_given(session, client):
        if view.grant.active:
            seen.setdefault(view.other.id, view.other)
    return list(seen.values())


def reports_shared(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> list[SharedReport]:
    """The reports a client in the caseload shared with this practitioner, newest first; their
    periods are read from the sealed copies, so the listing is audited."""
    [grant, *_] = in_caseload(session, practitioner, client_id)
    rows = store.reports_shared_with(session, client_id, practitioner.id)
    if rows:
        record_access(
            session,
            actor=practitioner.label,
            subject_id=client_id,
            action="read",
            target="the periods of the progress reports shared",
            grant_id=grant.id,
        )
    vault = Vault(session, master_keys)
    found = []
    for row in rows:
        report = vault.open_json(client_id, FIELD, row.sealed)
        found.append(
            SharedReport(
                row.id,
                row.shared_at,
                date.fromisoformat(report["starts_on"]),
                date.fromisoformat(report["ends_on"]),
            )
        )
    return found


def reports_given(
    session: Session, master_keys: MasterKeys, client: Person
) -> list[dict[str, Any]]:
    """Every copy the client shared, oldest first, with whom and what it held."""
    vault = Vault(session, master_keys)
    return [
        {
            "id": row.id,
            "shared_with": _email(session, row.practitioner_id),
            "shared_at": row.shared_at.isoformat(),
            "report": vault.open_json(client.id, FIELD, row.sealed),
        }
        for row in store.reports_shared_by(session, client.id)
    ]


def reports_given_summary(session: Session, client: Person) -> list[GivenReport]:
    """The copies the client shared and has not withdrawn, newest first, without opening them."""
    return [
        GivenReport(row.id, _name(session, row.practitioner_id), row.shared_at)
        for row in reversed(store.reports_shared_by(session, client.id))
    ]


def withdraw_report(session: Session, client: Person, report_id: str) -> None:
    """Delete a copy the client shared: the practitioner can no longer open it."""
    row = store.find_report(session, report_id)
    if row is None or row.client_id != client.id:
        raise NotFound(f"no shared report with id {report_id}")
    store.delete_report(session, row)


def shared_report(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    report_id: str,
    now: datetime,
) -> dict[str, Any]:
    """One report `client_id` shared with this practitioner, while the client is still in
    their caseload; the read is audited. Without a grant that opens the clinical questionnaires
    to them now, those are left out, and then `clinical_left_out` is there to say so."""
    row = store.find_report(session, report_id)
    if row is None or row.practitioner_id != practitioner.id or row.client_id != client_id:
        raise NotFound(f"no report with id {report_id}")
    [grant, *_] = in_caseload(session, practitioner, row.client_id)
    record_access(
        session,
        actor=practitioner.label,
        subject_id=row.client_id,
        action="read",
        target=f"progress report {report_id}",
        grant_id=grant.id,
    )
    report: dict[str, Any] = Vault(session, master_keys).open_json(row.client_id, FIELD, row.sealed)
    if questionnaire_scope(session, practitioner, client_id, now).clinical:
        return report
    kept = [m for m in report["measures"] if not clinical_named(m["name"])]
    if len(kept) == len(report["measures"]):
        return report
    return {**report, "measures": kept, "clinical_left_out": True}


def _email(session: Session, person_id: str) -> str | None:
    found = find_person(session, person_id)
    return found.email if found is not None else None


def _name(session: Session, person_id: str) -> str:
    found = find_person(session, person_id)
    return found.display_name if found is not None else "a former practitioner"


def _trend(trend: Trend, zone: Any) -> dict[str, Any]:
    scale = trend.scale
    repeated = trend.previous is not None
    return {
        "name": scale.name,
        "unit": scale.unit,
        "results": [
            {
                "day": m.taken_at.astimezone(zone).date().isoformat(),
                "score": m.score,
                "band": scale.band_of(m.score).name,
            }
            for m in trend.measures
        ],
        "change": str(trend.since_baseline) if repeated else None,
        "response": trend.response,
        "remission": trend.remission,
    }


def _goal(goal: GoalSummary, first: date, last: date) -> dict[str, Any]:
    progress = goal.progress
    return {
        "what": goal.goal.what,
        "status": str(goal.status),
        "pace": PACE_WORDS[progress.pace],
        "percent": round(progress.percent) if progress.percent is not None else None,
        "check_ins": sum(1 for c in goal.check_ins if first <= c.day <= last),
    }
