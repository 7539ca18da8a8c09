"""Grants: a practitioner sees an area of a client's data only under a grant that stands, and a
client's clinical questionnaires only under a licence that holds or an explicit grant."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from crossroads.kernel.consent import Area, Grant, clinical_grant, licensed_on, standing_grant
from crossroads.kernel.people import Role

GRANTED = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def grant(
    *,
    grant_id: str = "grant-1",
    client_id: str = "client-1",
    practitioner_id: str = "practitioner-1",
    area: Area = Area.ASSESSMENTS,
    revoked_at: datetime | None = None,
) -> Grant:
    return Grant(grant_id, client_id, practitioner_id, area, GRANTED, revoked_at)


def look_up(grants: list[Grant], area: Area = Area.ASSESSMENTS) -> Grant | None:
    return standing_grant(grants, practitioner_id="practitioner-1", client_id="client-1", area=area)


def test_the_matching_active_grant_is_found() -> None:
    standing = grant()

    assert look_up([standing]) is standing


@pytest.mark.parametrize("area", list(Area))
def test_a_grant_opens_its_own_area(area: Area) -> None:
    standing = grant(area=area)

    assert look_up([standing], area) is standing


@pytest.mark.parametrize(
    "other",
    [
        grant(practitioner_id="practitioner-2"),
        grant(client_id="client-2"),
        grant(area=Area.COACHING),
        grant(area=Area.JOURNAL),
        grant(revoked_at=GRANTED + timedelta(days=1)),
        grant(revoked_at=GRANTED),
    ],
    ids=[
        "another practitioner",
        "another client",
        "another area (coaching)",
        "another area (journal)",
        "revoked",
        "revoked at once",
    ],
)
def test_no_grant_stands_without_a_match_on_everything(other: Grant) -> None:
    assert look_up([other]) is None


def test_no_grants_means_no_access() -> None:
    assert look_up([]) is None


def test_the_grants_for_a_client_do_not_open_them_to_the_client_s_other_practitioners() -> None:
    grants = [grant(practitioner_id="practitioner-2"), grant(practitioner_id="practitioner-3")]

    assert look_up(grants) is None


def test_a_client_id_and_practitioner_id_are_not_interchangeable() -> None:
    reversed_roles = grant(client_id="practitioner-1", practitioner_id="client-1")

    assert look_up([reversed_roles]) is None


def test_a_revoked_grant_is_passed_over_for_a_later_one_that_stands() -> None:
    revoked = grant(grant_id="grant-old", revoked_at=GRANTED + timedelta(days=3))
    renewed = grant(grant_id="grant-new")

    assert look_up([revoked, renewed]) is renewed


def test_the_one_matching_grant_is_found_among_others() -> None:
    standing = grant(grant_id="grant-match")
    grants = [
        grant(grant_id="grant-a", practitioner_id="practitioner-2"),
        grant(grant_id="grant-b", area=Area.JOURNAL),
        grant(grant_id="grant-c", client_id="client-9"),
        standing,
        grant(grant_id="grant-d", revoked_at=GRANTED),
    ]

    assert look_up(grants) is standing


@pytest.mark.parametrize(
    ("revoked_at", "active"),
    [(None, True), (GRANTED, False), (GRANTED + timedelta(weeks=52), False)],
)
def test_a_grant_is_active_until_revoked(revoked_at: datetime | None, active: bool) -> None:
    assert grant(revoked_at=revoked_at).active is active


def test_revoking_a_copy_of_a_grant_leaves_the_original_standing() -> None:
    standing = grant()
    revoked = dataclasses.replace(standing, revoked_at=GRANTED)

    assert look_up([revoked]) is None
    assert look_up([standing]) is standing


def test_the_roles_and_areas_are_the_documented_values() -> None:
    assert {role.value for role in Role} == {"client", "practitioner", "admin"}
    assert {area.value for area in Area} == {
        "assessments",
        "coaching",
        "journal",
        "safety_plan",
        "clinical",
    }


TODAY = date(2026, 5, 4)


@pytest.mark.parametrize(
    ("clinical_until", "licensed"),
    [
        (None, False),  # a coach: never licensed
        (TODAY - timedelta(days=1), False),  # expired yesterday
        (TODAY, True),  # its last day
        (TODAY + timedelta(days=365), True),
    ],
)
def test_a_licence_holds_up_to_and_on_its_last_day(
    clinical_until: date | None, licensed: bool
) -> None:
    assert licensed_on(clinical_until, TODAY) is licensed


def opening_clinical(grants: list[Grant], *, clinician: bool) -> Grant | None:
    return clinical_grant(
        grants, practitioner_id="practitioner-1", client_id="client-1", clinician=clinician
    )


@pytest.mark.parametrize(
    ("areas", "clinician", "opened_by"),
    [
        ((Area.ASSESSMENTS,), True, Area.ASSESSMENTS),  # a licensed therapist
        ((Area.ASSESSMENTS,), False, None),  # a coach
        ((Area.ASSESSMENTS, Area.CLINICAL), False, Area.CLINICAL),  # a coach, shared by name
        ((Area.CLINICAL,), False, Area.CLINICAL),
        ((Area.CLINICAL,), True, Area.CLINICAL),  # the explicit grant comes first
        ((Area.COACHING, Area.JOURNAL, Area.SAFETY_PLAN), True, None),
        ((), True, None),
    ],
)
def test_clinical_questionnaires_open_to_a_clinician_with_the_assessments_grant_or_by_name(
    areas: tuple[Area, ...], clinician: bool, opened_by: Area | None
) -> None:
    grants = [grant(grant_id=f"grant-{area}", area=area) for area in areas]

    opened = opening_clinical(grants, clinician=clinician)

    assert (opened.area if opened else None) is opened_by


@pytest.mark.parametrize("area", [Area.ASSESSMENTS, Area.CLINICAL])
def test_a_revoked_or_someone_elses_grant_opens_no_clinical_questionnaire(area: Area) -> None:
    revoked = grant(area=area, revoked_at=GRANTED)
    elsewhere = grant(area=area, client_id="client-2")
    another = grant(area=area, practitioner_id="practitioner-2")

    assert opening_clinical([revoked, elsewhere, another], clinician=True) is None
