"""Sharing questionnaire scores: the sharing page offers them as an area of their own and says
what coaches and therapists see; a practitioner's account keeps until when their listing's
licence holds, and the grants service reads from it which grant opens a client's clinical
questionnaires on a given day."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import save_listing
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import find_person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import (
    Share,
    grant_access,
    questionnaire_grants,
    revoke_grant,
)
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def share(session: Session, client: Person, practitioner: Person, *areas: Area) -> list[Share]:
    return grant_access(
        session, client, practitioner_email=practitioner.email, areas=list(areas), now=NOW
    )


def listed(session: Session, person: Person, kind: str, expires_on: date | None) -> None:
    """The practitioner's own listing, with one licence expiring on `expires_on` if given."""
    licences = [
        {"type": "LPC", "jurisdiction": "US-TX", "number": "LPC-77", "expires_on": str(day)}
        for day in ([expires_on] if expires_on else [])
    ]
    fields = {"email": person.email, "name": "Sam", "kind": kind, "licences": licences}
    save_listing(session, fields, NOW, person.id)


def clinical_until(session: Session, person: Person) -> date | None:
    row = find_person(session, person.id)
    assert row is not None
    return row.clinical_until


def test_the_account_keeps_until_when_the_listing_s_licence_holds(session: Session) -> None:
    sam = make_person(session, "sam@example.org", role="practitioner")
    assert clinical_until(session, sam) is None

    listed(session, sam, "therapist", TODAY + timedelta(days=30))
    assert clinical_until(session, sam) == TODAY + timedelta(days=30)
    listed(session, sam, "both", TODAY + timedelta(days=400))  # renewed
    assert clinical_until(session, sam) == TODAY + timedelta(days=400)
    listed(session, sam, "coach", None)
    assert clinical_until(session, sam) is None


@pytest.mark.parametrize(
    ("kind", "expires_on", "areas", "measures", "clinical"),
    [
        ("therapist", TODAY, [Area.ASSESSMENTS], Area.ASSESSMENTS, Area.ASSESSMENTS),
        ("therapist", TODAY - timedelta(days=1), [Area.ASSESSMENTS], Area.ASSESSMENTS, None),
        ("coach", None, [Area.ASSESSMENTS], Area.ASSESSMENTS, None),
        ("coach", None, [Area.ASSESSMENTS, Area.CLINICAL], Area.ASSESSMENTS, Area.CLINICAL),
        ("coach", None, [Area.CLINICAL], None, Area.CLINICAL),
        ("therapist", TODAY, [Area.COACHING], None, None),
    ],
)
def test_a_licence_that_holds_today_or_the_clinical_grant_opens_clinical_questionnaires(
    session: Session,
    kind: str,
    expires_on: date | None,
    areas: list[Area],
    measures: Area | None,
    clinical: Area | None,
) -> None:
    client = make_person(session, "client@example.org")
    sam = make_person(session, "sam@example.org", role="practitioner")
    listed(session, sam, kind, expires_on)
    share(session, client, sam, *areas)

    found = questionnaire_grants(session, sam, client.id, TODAY)

    assert (found.measures.area if found.measures else None) is measures
    assert (found.clinical.area if found.clinical else None) is clinical


def test_a_revoked_clinical_grant_or_a_client_opens_nothing(session: Session) -> None:
    client = make_person(session, "client@example.org")
    coach = make_person(session, "coach@example.org", role="practitioner")
    [shared] = share(session, client, coach, Area.CLINICAL)
    assert questionnaire_grants(session, coach, client.id, TODAY).clinical is not None

    revoke_grant(session, client, shared.id, NOW)

    assert questionnaire_grants(session, coach, client.id, TODAY).clinical is None
    other = make_person(session, "other@example.org")
    assert questionnaire_grants(session, other, client.id, TODAY).measures is None


def test_the_sharing_page_offers_questionnaire_scores_and_says_who_sees_them(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        ana = make_person(session, "ana@example.org")
        token = browser_session(session, runtime.master_keys, ana, NOW)
    client.cookies.set(SESSION_COOKIE, token)

    html = client.get("/sharing").text

    assert (
        '<input type="checkbox" name="areas" value="clinical"> '
        "My questionnaire scores (PHQ-9, GAD-7, PC-PTSD-5)"
    ) in html
    assert "A licensed therapist you share your assessments with sees" in html
    assert "a coach sees them only if you share them by name" in html
