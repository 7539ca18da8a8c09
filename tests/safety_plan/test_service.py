"""A person's safety plan: kept sealed under their key, replaced whole, gone with the account;
in their export; read by a practitioner only under a standing safety plan grant, and that read
is in the person's access log."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crossroads.kernel.consent import Area
from crossroads.kernel.errors import ConsentMissing, InvalidInput
from crossroads.kernel.people import Person
from crossroads.ops.privacy import delete_person, export_everything
from crossroads.platform.audit import accesses_to
from crossroads.platform.key_rows import DataKeyRow
from crossroads.safety_plan.rules import KEYS
from crossroads.safety_plan.service import client_plan, plan_of, save_plan, shared_plan
from crossroads.safety_plan.store import SafetyPlanRow, find_plan
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access, revoke_grant
from crossroads.sharing.store import GrantRow
from tests.factories import make_person

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PLAN = {"warning_signs": "Pacing at night", "reasons": "Seeing my niece grow up"}


@pytest.fixture
def ana(session: Session) -> Person:
    return make_person(session, "ana@example.org")


@pytest.fixture
def therapist(session: Session, ana: Person) -> Person:
    therapist = make_person(session, "therapist@example.org", role="practitioner")
    grant_access(
        session, ana, practitioner_email=therapist.email, areas=[Area.SAFETY_PLAN], now=NOW
    )
    return therapist


def test_a_person_without_a_plan_has_an_empty_one_never_saved(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    kept = plan_of(session, master_keys, ana)

    assert kept.updated_at is None
    assert kept.plan.blank
    assert list(kept.plan.written) == list(KEYS)


def test_a_saved_plan_reads_back_and_is_sealed_in_the_row(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)

    kept = plan_of(session, master_keys, ana)
    row = find_plan(session, ana.id)

    assert kept.plan.written["reasons"] == "Seeing my niece grow up"
    assert kept.plan.written["on_my_own"] == ""
    assert kept.updated_at == NOW
    assert row is not None
    assert "niece" not in row.sealed


def test_saving_again_replaces_the_whole_plan(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)
    later = NOW + timedelta(days=1)

    save_plan(session, master_keys, ana, {"on_my_own": "Run a bath"}, later)

    kept = plan_of(session, master_keys, ana)
    assert kept.plan.written["on_my_own"] == "Run a bath"
    assert kept.plan.written["reasons"] == ""
    assert kept.updated_at == later
    assert session.scalar(select(func.count()).select_from(SafetyPlanRow)) == 1


def test_a_blank_plan_is_not_kept(session: Session, master_keys: MasterKeys, ana: Person) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)

    kept = save_plan(session, master_keys, ana, {"reasons": "  "}, NOW)

    assert kept.updated_at is None
    assert find_plan(session, ana.id) is None


def test_a_plan_with_a_part_too_long_is_refused_and_the_old_one_stays(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)

    with pytest.raises(InvalidInput):
        save_plan(session, master_keys, ana, {"reasons": "x" * 4_001}, NOW)

    assert plan_of(session, master_keys, ana).plan.written["warning_signs"] == "Pacing at night"


def test_the_practitioner_with_the_grant_reads_it_and_the_read_is_logged(
    session: Session, master_keys: MasterKeys, ana: Person, therapist: Person
) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)

    kept = client_plan(session, master_keys, therapist, ana.id)

    assert kept.plan.written["reasons"] == "Seeing my niece grow up"
    [read] = accesses_to(session, ana.id)
    assert (read.actor, read.action, read.target) == (therapist.label, "read", "safety plan")
    assert read.grant_id is not None


def test_another_grant_does_not_open_the_plan(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    coach = make_person(session, "coach@example.org", role="practitioner")
    grant_access(session, ana, practitioner_email=coach.email, areas=[Area.COACHING], now=NOW)
    save_plan(session, master_keys, ana, PLAN, NOW)

    with pytest.raises(ConsentMissing):
        client_plan(session, master_keys, coach, ana.id)
    assert shared_plan(session, master_keys, coach, ana.id) is None
    assert accesses_to(session, ana.id) == []


def test_a_revoked_grant_closes_the_plan_at_once(
    session: Session, master_keys: MasterKeys, ana: Person, therapist: Person
) -> None:
    [grant] = list(session.scalars(select(GrantRow)))
    revoke_grant(session, ana, grant.id, NOW)

    with pytest.raises(ConsentMissing):
        client_plan(session, master_keys, therapist, ana.id)


def test_the_export_holds_the_plan_part_by_part_and_the_region(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)

    document = export_everything(session, master_keys, ana, now=NOW)

    plan = document["safety_plan"]
    assert plan["updated_at"] == NOW.isoformat()
    assert [part["key"] for part in plan["parts"]] == list(KEYS)
    assert plan["parts"][-1] == {
        "key": "reasons",
        "title": "My reasons to live",
        "text": "Seeing my niece grow up",
    }
    assert document["account"]["region"] is None


def test_the_export_says_when_there_is_no_plan(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    assert export_everything(session, master_keys, ana, now=NOW)["safety_plan"] is None


def test_deleting_the_person_removes_the_plan_and_its_key(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    save_plan(session, master_keys, ana, PLAN, NOW)

    delete_person(session, master_keys, ana)
    session.expire_all()

    assert find_plan(session, ana.id) is None
    assert session.scalar(select(func.count()).where(DataKeyRow.owner_id == ana.id)) == 0


def test_every_area_fits_the_grants_column() -> None:
    width = GrantRow.__table__.c.area.type.length
    assert all(len(area.value) <= width for area in Area)
