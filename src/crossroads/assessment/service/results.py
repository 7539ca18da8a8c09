"""Repeated measures: a client retakes a questionnaire, sees its trend, and a practitioner
holding the client's grant sees the same and is told of what needs attention: the clinical
questionnaires only under the grant that opens them (assessment/rules/scope.py).

A person's history is every retake plus every instrument answered in a fit assessment, so the
first assessment is the baseline a later retake is compared with.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import (
    Alert,
    alerts_of,
    alerts_raised_by,
    ordered,
    safety_alert,
)
from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.fhir import questionnaire_response
from crossroads.assessment.rules.scoring import score_answers
from crossroads.assessment.rules.trends import (
    SCALES,
    Measure,
    Trend,
    score_measure,
    total_on_scale,
    trends_of,
)
from crossroads.assessment.service.assessments import (
    StoredAssessment,
    answered_region,
    assessments_of_person,
)
from crossroads.assessment.service.scope import open_questionnaires, questionnaire_scope
from crossroads.assessment.store import measures as store
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.safety import screen_answers
from crossroads.platform.person_rows import PersonRow, as_person, find_person
from crossroads.platform.vault import Vault, seal_leftovers
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import holding, tell_each

FIELD = "measure"
ALERT_SUBJECT = "A client on Crossroads has a result to look at"


@dataclass(frozen=True)
class Taken:
    """A completed questionnaire with its answers as given, for trends and for export."""

    measure: Measure
    answers: Any  # a list of item answers; for the PC-PTSD-5 {"exposure": ..., "items": [...]}
    source: str  # "retake" or "assessment"


@dataclass(frozen=True)
class Recorded:
    taken: Taken
    trend: Trend
    alerts: tuple[Alert, ...]  # alerts this result raised
    crisis: RiskScreen


def record_measure(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    instrument: str,
    raw_answers: object,
    *,
    now: datetime,
    public_url: str,
) -> Recorded:
    """Score and store a retake sealed; item 9 above 0 asks the safety questions (a `check`,
    which alerts nobody), and a reliable worsening it raises is emailed to each practitioner
    holding the owner's assessments grant. The caller commits."""
    answers, score, item9 = score_measure(instrument, raw_answers)
    row = store.MeasureRow(id=str(uuid.uuid4()), owner_id=owner.id, taken_at=now, sealed="")
    row.sealed = Vault(session, master_keys).seal_json(
        owner.id,
        FIELD,
        {"instrument": instrument, "answers": answers, "score": score, "item9": item9},
    )
    earlier = [taken.measure for taken in history_of(session, master_keys, owner)]
    store.add(session, row)
    taken = Taken(Measure(row.id, instrument, now, score, item9), answers, "retake")
    same = tuple(measure for measure in earlier if measure.instrument == instrument)
    trend = Trend(SCALES[instrument], (*same, taken.measure))
    raised = tuple(alerts_raised_by([taken.measure], earlier))
    if raised:
        tell_practitioners(session, owner.id, raised, public_url, now)
    return Recorded(taken, trend, raised, screen_answers(item9, None))


@dataclass(frozen=True)
class Standing:
    """A person's results over time and the alerts they raise, read once."""

    history: list[Taken]
    alerts: list[Alert]


def history_of(session: Session, master_keys: MasterKeys, owner: Person) -> list[Taken]:
    """Every repeatable instrument the owner completed, oldest first."""
    stored = assessments_of_person(session, master_keys, owner)
    return _history(session, master_keys, owner, stored)


def client_history(
    session: Session, master_keys: MasterKeys, practitioner: Person, client: Person, now: datetime
) -> list[Taken]:
    """The questionnaires of a client's history the practitioner may see now; audited."""
    return client_standing(session, master_keys, practitioner, client, now).history


def client_standing(
    session: Session, master_keys: MasterKeys, practitioner: Person, client: Person, now: datetime
) -> Standing:
    """A client's history and alerts as far as the practitioner's grants open them now: the
    clinical questionnaires under the grant that opens them, the WHO-5 and the safety alerts
    under the assessments grant. The read is audited under each grant it rests on;
    ConsentMissing where none opens any questionnaire."""
    scope = open_questionnaires(
        session, practitioner, client.id, now, action="read", target="measures"
    )
    stored = assessments_of_person(session, master_keys, client)
    history = [
        taken
        for taken in _history(session, master_keys, client, stored)
        if scope.opens(taken.measure.instrument)
    ]
    safety = [alert for each in stored if (alert := safety_alert_of(each)) is not None]
    alerts = alerts_of(trends(history)) + [alert for alert in safety if scope.sees(alert)]
    return Standing(history, ordered(alerts))


def client_trend(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client: Person,
    instrument: str,
    now: datetime,
) -> Trend | None:
    """A client's trend on one questionnaire (None before any result) for a practitioner it is
    open to now; the read is audited. ConsentMissing where no grant opens it, InvalidInput for
    a questionnaire there is none of."""
    if instrument not in SCALES:
        raise InvalidInput("instrument", f"choose one of {', '.join(SCALES)}")
    open_questionnaires(
        session,
        practitioner,
        client.id,
        now,
        action="read",
        target="measures",
        instrument=instrument,
    )
    taken = [t.measure for t in history_of(session, master_keys, client)]
    same = tuple(measure for measure in taken if measure.instrument == instrument)
    return Trend(SCALES[instrument], same) if same else None


def _history(
    session: Session, master_keys: MasterKeys, owner: Person, stored: list[StoredAssessment]
) -> list[Taken]:
    vault = Vault(session, master_keys)
    retakes = [_opened(vault, row) for row in store.measures_of(session, owner.id)]
    return sorted(retakes + measures_in_assessments(stored), key=lambda t: t.measure.taken_at)


def safety_alert_of(stored: StoredAssessment) -> Alert | None:
    risk = stored.result.risk
    if risk is None:
        return None
    evidence = [f"{r.source}: {r.evidence}" for r in risk.reasons]
    return safety_alert(stored.id, stored.created_at, risk.level, evidence)


def standing_crisis(history: list[Taken]) -> RiskScreen:
    """The crisis rules on the latest PHQ-9: an item 9 above 0 keeps the crisis lines in view
    until a later PHQ-9 answers it 0."""
    phq9 = [t.measure for t in history if t.measure.instrument == "phq9"]
    return screen_answers(phq9[-1].item9 if phq9 else None, None)


def crisis_region(session: Session, owner: Person) -> str | None:
    """Where the owner said they are in their latest assessment, for the right crisis lines."""
    return answered_region(session, owner)


def trends(history: list[Taken]) -> list[Trend]:
    return trends_of([t.measure for t in history])


def as_fhir(taken: Taken) -> dict[str, Any]:
    """One completed questionnaire as a FHIR R4 QuestionnaireResponse."""
    return questionnaire_response(
        response_id=taken.measure.id,
        instrument=taken.measure.instrument,
        answers=taken.answers,
        score=taken.measure.score,
        authored=taken.measure.taken_at,
    )


def fhir_bundle(history: list[Taken]) -> dict[str, Any]:
    """Every completed questionnaire in a FHIR collection Bundle, oldest first."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": as_fhir(taken)} for taken in history],
    }


def last_retaken(session: Session, master_keys: MasterKeys, owner_id: str) -> dict[str, datetime]:
    """When the owner last retook each instrument."""
    vault = Vault(session, master_keys)
    latest: dict[str, datetime] = {}
    for row in store.measures_of(session, owner_id):  # oldest first
        latest[_instrument(row, vault.open_json(row.owner_id, FIELD, row.sealed))] = row.taken_at
    return latest


def seal_plaintext_instruments(session: Session, master_keys: MasterKeys) -> int:
    """Move the instrument of retakes stored before it was sealed into their sealed payload."""
    vault = Vault(session, master_keys)

    def seal(row: store.MeasureRow) -> None:
        payload = vault.open_json(row.owner_id, FIELD, row.sealed)
        row.sealed = vault.seal_json(
            row.owner_id, FIELD, {**payload, "instrument": row.legacy_instrument}
        )
        row.legacy_instrument = None

    return seal_leftovers(session, lambda: store.unsealed_measures(session, limit=500), seal)


def _opened(vault: Vault, row: store.MeasureRow) -> Taken:
    payload = vault.open_json(row.owner_id, FIELD, row.sealed)
    instrument = _instrument(row, payload)
    measure = Measure(row.id, instrument, row.taken_at, payload["score"], payload["item9"])
    return Taken(measure, payload["answers"], "retake")


def _instrument(row: store.MeasureRow, payload: dict[str, Any]) -> str:
    """The sealed instrument, or the plaintext one of a row `db upgrade` has not sealed yet."""
    return str(payload.get("instrument", row.legacy_instrument))


def measures_in_assessments(stored: list[StoredAssessment]) -> list[Taken]:
    """The repeatable instruments inside fit assessments, scored again from their answers."""
    taken = []
    for assessment in stored:
        answers = parse_answers(
            {key: assessment.answers[key] for key in SCALES if key in assessment.answers}
        )
        scores = score_answers(answers)
        given = answers.as_dict()
        for key in SCALES:
            if key in given:
                score, item9 = total_on_scale(key, scores)
                measure = Measure(
                    f"{assessment.id}-{key}", key, assessment.created_at, score, item9
                )
                taken.append(Taken(measure, given[key], "assessment"))
    return taken


def tell_practitioners(
    session: Session, client_id: str, alerts: Sequence[Alert], public_url: str, now: datetime
) -> None:
    """Email each practitioner who may see one of the `alerts` now: a worsening of a clinical
    questionnaire goes only to those it is open to. An email can be read by others, so it names
    neither the client nor the result."""
    site = public_url.rstrip("/")

    def body(practitioner: PersonRow) -> str:
        return (
            f"Hello {practitioner.display_name},\n\n"
            "A client who shares their measures with you has a new result that needs your "
            f"attention. Sign in to see it at the top of your caseload:\n\n{site}/clients\n"
        )

    told = [
        practitioner_id
        for practitioner_id in holding_questionnaires(session, client_id)
        if _sees_any(session, practitioner_id, client_id, alerts, now)
    ]
    tell_each(session, client_id, told, subject=ALERT_SUBJECT, body=body, now=now)


def _sees_any(
    session: Session, practitioner_id: str, client_id: str, alerts: Sequence[Alert], now: datetime
) -> bool:
    found = find_person(session, practitioner_id)
    if found is None:
        return False
    scope = questionnaire_scope(session, as_person(found), client_id, now)
    return any(scope.sees(alert) for alert in alerts)


def holding_questionnaires(session: Session, client_id: str) -> list[str]:
    """The practitioners holding the client's assessments or clinical grant now, each once."""
    holders = holding(session, client_id, Area.ASSESSMENTS) + holding(
        session, client_id, Area.CLINICAL
    )
    return list(dict.fromkeys(holders))
