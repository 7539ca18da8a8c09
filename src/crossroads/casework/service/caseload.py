"""A practitioner's caseload: the clients who share anything with them, alerts first, one
client's overview on a page, and one client's trend on one questionnaire. Each area is read
under its own grant and audited there; what a client did not share is None, never an empty
list, so a page can tell the two apart. The clinical questionnaires are open only under the grant
that opens them (assessment/rules/scope.py)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import Alert, AlertKind, ordered
from crossroads.assessment.rules.trends import SCALES, Scale, Trend
from crossroads.assessment.service import retakes
from crossroads.assessment.service.assessments import StoredAssessment, client_assessments
from crossroads.assessment.service.results import (
    Standing,
    client_standing,
    client_trend,
    trends,
)
from crossroads.assessment.service.retakes import Retake, retakes_of
from crossroads.assessment.service.scope import questionnaire_scope
from crossroads.booking.service.booked import Booking
from crossroads.booking.service.bookings import bookings_of
from crossroads.casework.service.notes import Homework, Note, homework_set_by, notes_by
from crossroads.casework.service.progress_report import SharedReport, reports_shared
from crossroads.casework.service.referrals import Sent, sent
from crossroads.casework.service.words_alerts import AREAS, words_alerts
from crossroads.coaching.service.goals import GoalSummary, client_goals
from crossroads.journal.rules.insights import Statement, statements
from crossroads.journal.service.insights import client_journal_insights
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import as_person, find_person
from crossroads.safety_plan.service import KeptPlan, shared_plan
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import clients_of, in_caseload

T = TypeVar("T")
QUESTIONNAIRES = {Area.ASSESSMENTS, Area.CLINICAL}  # the grants that open questionnaires


@dataclass(frozen=True)
class ClientMeasure:
    """One client's trend on one questionnaire; `trend` is None before any result."""

    client: Person
    scale: Scale
    trend: Trend | None


@dataclass(frozen=True)
class CaseloadEntry:
    client: Person
    areas: tuple[Area, ...]
    alerts: tuple[Alert, ...] | None  # None without any grant that can raise an alert

    @property
    def urgent(self) -> bool:
        return _safety(self.alerts)


def _safety(alerts: Sequence[Alert] | None) -> bool:
    return any(alert.kind is AlertKind.SAFETY for alert in alerts or ())


def _caseload_order(client: Person, alerts: Sequence[Alert] | None) -> tuple[bool, bool, str]:
    """Safety alerts first, then any alert, then the rest, by name within each."""
    return (not _safety(alerts), not alerts, client.display_name.lower())


@dataclass(frozen=True)
class Overview:
    client: Person
    areas: tuple[Area, ...]
    assessments: list[StoredAssessment] | None
    trends: list[Trend] | None
    alerts: list[Alert] | None
    retakes: list[Retake] | None
    # The questionnaires the practitioner may see and schedule, in the order of SCALES.
    questionnaires: tuple[str, ...]
    goals: list[GoalSummary] | None
    journal: tuple[Statement, ...] | None
    bookings: list[Booking]
    referrals: list[Sent]
    notes: list[Note]
    homework: list[Homework]
    reports: list[SharedReport]
    safety_plan: KeptPlan | None  # None where the client has not shared it


def caseload(
    session: Session, master_keys: MasterKeys, practitioner: Person, now: datetime
) -> list[CaseloadEntry]:
    """Every client sharing with the practitioner: those with a safety alert first, then
    those with any alert, then the rest, by name within each. Alerts come from the client's
    measures (assessments grant) and from their recent words (journal and coaching grants)."""
    areas: dict[str, list[Area]] = {}
    people: dict[str, Person] = {}
    for view in clients_of(session, practitioner):
        areas.setdefault(view.other.id, []).append(view.grant.area)
        people[view.other.id] = view.other
    entries = []
    for client_id, shared in areas.items():
        client = people[client_id]
        alerts = _alerts(session, master_keys, practitioner, client, shared, now)
        entries.append(
            CaseloadEntry(client, tuple(shared), None if alerts is None else tuple(alerts))
        )
    entries.sort(key=lambda e: _caseload_order(e.client, e.alerts))
    return entries


def overview(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str, now: datetime
) -> Overview:
    """One client on one page; NotFound for a client who shares nothing with the practitioner."""
    grants = in_caseload(session, practitioner, client_id)
    found = find_person(session, client_id)
    if found is None:
        raise NotFound(f"no client {client_id}")
    client = as_person(found)
    areas = tuple(dict.fromkeys(grant.area for grant in grants))
    standing = _shared(lambda: client_standing(session, master_keys, practitioner, client, now))
    measured = trends(standing.history) if standing is not None else None
    scope = questionnaire_scope(session, practitioner, client_id, now)
    scheduled = None
    if standing is not None:
        scheduled = retakes_of(session, master_keys, client, now)
    alerts = _alerts(session, master_keys, practitioner, client, areas, now, standing)
    goals = _shared(lambda: client_goals(session, master_keys, practitioner, client_id, now))
    journal = _shared(
        lambda: client_journal_insights(session, master_keys, practitioner, client_id, now)
    )
    return Overview(
        client=client,
        areas=areas,
        assessments=_shared(
            lambda: client_assessments(session, master_keys, practitioner, client_id, now)
        ),
        trends=measured,
        alerts=alerts,
        retakes=[r for r in scheduled if scope.opens(r.instrument)]
        if scheduled is not None
        else None,
        questionnaires=scope.instruments(SCALES),
        goals=goals,
        journal=statements(journal) if journal is not None else None,
        bookings=[
            b
            for b in bookings_of(session, practitioner)
            if b.client_id == client_id and not b.cancelled and b.ends > now
        ],
        referrals=[
            r
            for r in sent(session, master_keys, practitioner)
            if r.client_id == client_id and r.status == "open"
        ],
        notes=notes_by(session, master_keys, practitioner, client_id),
        homework=homework_set_by(session, master_keys, practitioner, client_id),
        reports=reports_shared(session, master_keys, practitioner, client_id),
        safety_plan=shared_plan(session, master_keys, practitioner, client_id),
    )


def client_measure(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    instrument: str,
    now: datetime,
) -> ClientMeasure:
    """A client's trend on one questionnaire, read under the grant that opens it (audited);
    NotFound alike for a client who shares nothing with the practitioner, a questionnaire
    there is none of, and one no grant opens to them, so that a refusal tells nothing."""
    in_caseload(session, practitioner, client_id)
    found = find_person(session, client_id)
    if found is None or instrument not in SCALES:
        raise NotFound(f"no questionnaire {instrument} of client {client_id} to show")
    client = as_person(found)
    try:
        trend = client_trend(session, master_keys, practitioner, client, instrument, now)
    except ConsentMissing:
        raise NotFound(f"no questionnaire {instrument} of client {client_id} to show") from None
    return ClientMeasure(client, SCALES[instrument], trend)


def schedule_retakes(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    instrument: str,
    every_days: int | None,
    now: datetime,
) -> None:
    """A practitioner the questionnaire is open to sets how often the client retakes
    `instrument` (checked by the measures service, which audits it); None stops the schedule."""
    if every_days is None:
        retakes.stop_schedule(session, master_keys, practitioner, client_id, instrument, now)
    else:
        retakes.set_schedule(
            session, master_keys, practitioner, client_id, instrument, every_days, now
        )


def caseload_export(
    session: Session, master_keys: MasterKeys, practitioner: Person, now: datetime
) -> list[Overview]:
    """Every client's overview, in caseload order, for the practitioner's own records: each
    area only under its grant, and every read audited once, as it is made."""
    client_ids = dict.fromkeys(view.other.id for view in clients_of(session, practitioner))
    found = [overview(session, master_keys, practitioner, each, now) for each in client_ids]
    return sorted(found, key=lambda o: _caseload_order(o.client, o.alerts))


def _alerts(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client: Person,
    areas: Sequence[Area],
    now: datetime,
    standing: Standing | None = None,
) -> list[Alert] | None:
    """Safety alerts first: from the measures (their `standing`, read here when not given)
    and from the client's recent words; None where no area shared can raise one."""
    if not set(areas) & {*QUESTIONNAIRES, *AREAS}:
        return None
    if standing is None and set(areas) & QUESTIONNAIRES:
        standing = _shared(lambda: client_standing(session, master_keys, practitioner, client, now))
    measured = standing.alerts if standing is not None else []
    return ordered(measured + words_alerts(session, master_keys, practitioner, client, areas, now))


def _shared(read: Callable[[], T]) -> T | None:
    """What `read` returns, or None where the client has not shared that area."""
    try:
        return read()
    except ConsentMissing:
        return None
