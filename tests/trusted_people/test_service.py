"""A client's trusted person: invited by email with a link kept only as a digest, sees only
what is shared at the moment of each visit, and nothing once the client stops; every view is in
the client's access log in words; the invitations are in the export and go with the account."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.ops.access_log import visits_to
from crossroads.ops.privacy import delete_person, export_everything
from crossroads.platform.audit import accesses_to
from crossroads.safety_plan.service import save_plan
from crossroads.security.encryption import MasterKeys
from crossroads.security.tokens import token_digest
from crossroads.trusted_people.rules import LINK_LIFETIME, TrustedArea
from crossroads.trusted_people.service.invitations import (
    MAX_STANDING,
    RESEND_AFTER,
    TrustedPerson,
    change_what_is_shared,
    invite_trusted_person,
    send_fresh_link,
    stop_sharing,
    trusted_people_of,
)
from crossroads.trusted_people.service.shared import LinkClosed, shared_view
from crossroads.trusted_people.store import TrustedPersonRow
from tests.factories import make_person
from tests.mail import messages_to

NOW = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
SITE = "https://crossroads.test"
PLAN = {"warning_signs": "Pacing at night", "reasons": "Seeing my niece grow up"}
SAM = "sam@example.org"


@pytest.fixture
def ana(session: Session, master_keys: MasterKeys) -> Person:
    ana = make_person(session, "ana@example.org")
    save_plan(session, master_keys, ana, PLAN, NOW)
    return ana


def _invite(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    areas: tuple[str, ...] = ("safety_plan", "moods"),
    *,
    email: str = SAM,
    show_my_name: bool = True,
    now: datetime = NOW,
) -> tuple[TrustedPerson, str]:
    """The invitation, and the token from the link in its email."""
    invited = invite_trusted_person(
        session,
        master_keys,
        client,
        name="Sam",
        email=email,
        areas=list(areas),
        show_my_name=show_my_name,
        public_url=SITE,
        now=now,
    )
    return invited, _token_in(messages_to(session, email)[-1].body)


def _token_in(body: str) -> str:
    [link] = [line for line in body.splitlines() if line.startswith(f"{SITE}/trusted/")]
    return link.removeprefix(f"{SITE}/trusted/")


def test_an_invitation_keeps_who_they_are_sealed_and_the_link_only_as_a_digest(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    invited, token = _invite(session, master_keys, ana)

    row = session.get(TrustedPersonRow, invited.id)
    assert row is not None
    assert "sam" not in row.sealed.lower()
    assert row.token_digest == token_digest(token)
    assert len(token) >= 43  # 256 random bits
    assert invited.name == "Sam"
    assert invited.email == SAM
    assert invited.choice.areas == {TrustedArea.SAFETY_PLAN, TrustedArea.MOODS}
    assert invited.link_expires_at == NOW + LINK_LIFETIME


def test_the_email_carries_the_link_and_the_client_s_name_only_if_they_agree(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    _invite(session, master_keys, ana)
    _invite(session, master_keys, ana, email="lee@example.org", show_my_name=False)

    [named] = messages_to(session, SAM)
    [unnamed] = messages_to(session, "lee@example.org")
    assert "Ana" in named.subject
    assert "Ana" in named.body
    assert "Ana" not in unnamed.subject + unnamed.body
    for message in (named, unnamed):
        said = (message.subject + message.body).lower()
        assert "pacing" not in said
        assert "safety plan" not in said
        assert "mood" not in said


def test_the_trusted_person_sees_what_is_shared_and_each_view_is_audited(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    add_entry(session, master_keys, ana, plan_entry(at=NOW - timedelta(days=1), mood=4), NOW)
    add_entry(session, master_keys, ana, plan_entry(at=NOW, mood=7), NOW)
    invited, token = _invite(session, master_keys, ana)

    view = shared_view(session, master_keys, token, NOW)

    assert view.from_name == "Ana"
    assert view.plan is not None
    assert view.plan_written
    assert view.plan.written["reasons"] == "Seeing my niece grow up"
    assert view.moods is not None
    assert (view.moods[-1].average, view.moods[-1].days_written) == (5.5, 2)
    logged = [(a.actor, a.action, a.target) for a in accesses_to(session, ana.id)]
    actor = f"trusted:{invited.id}"
    assert (actor, "read", "safety plan") in logged
    assert (actor, "read", "weekly mood summary") in logged


def test_narrowing_what_is_shared_hides_the_rest_on_the_very_next_visit(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    invited, token = _invite(session, master_keys, ana)

    change_what_is_shared(
        session, master_keys, ana, invited.id, areas=["moods"], show_my_name=False
    )
    view = shared_view(session, master_keys, token, NOW)

    assert view.plan is None
    assert view.moods is not None
    assert view.from_name is None
    assert [a.target for a in accesses_to(session, ana.id)] == ["weekly mood summary"]


def test_after_stopping_the_link_opens_nothing_and_reads_as_an_unknown_one(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    invited, token = _invite(session, master_keys, ana)

    stop_sharing(session, ana, invited.id, NOW)
    stop_sharing(session, ana, invited.id, NOW)  # twice is harmless

    with pytest.raises(LinkClosed) as stopped:
        shared_view(session, master_keys, token, NOW)
    with pytest.raises(LinkClosed) as unknown:
        shared_view(session, master_keys, "not-a-link-we-sent", NOW)
    assert str(stopped.value) == str(unknown.value)
    assert accesses_to(session, ana.id) == []
    [kept] = trusted_people_of(session, master_keys, ana)
    assert kept.revoked_at == NOW
    with pytest.raises(NotFound):
        change_what_is_shared(
            session, master_keys, ana, invited.id, areas=["moods"], show_my_name=True
        )


def test_a_link_past_its_date_opens_nothing(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    _, token = _invite(session, master_keys, ana)

    shared_view(session, master_keys, token, NOW + LINK_LIFETIME - timedelta(seconds=1))
    with pytest.raises(LinkClosed):
        shared_view(session, master_keys, token, NOW + LINK_LIFETIME)


def test_a_fresh_link_replaces_the_old_one_but_not_within_minutes_of_the_last(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    invited, old = _invite(session, master_keys, ana)
    with pytest.raises(InvalidInput):
        send_fresh_link(session, master_keys, ana, invited.id, public_url=SITE, now=NOW)

    later = NOW + RESEND_AFTER
    sent = send_fresh_link(session, master_keys, ana, invited.id, public_url=SITE, now=later)
    new = _token_in(messages_to(session, SAM)[-1].body)

    assert sent.link_expires_at == later + LINK_LIFETIME
    assert shared_view(session, master_keys, new, later).plan is not None
    with pytest.raises(LinkClosed):
        shared_view(session, master_keys, old, later)


def test_one_client_s_link_shows_that_client_s_data_alone(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    bo = make_person(session, "bo@example.org")
    save_plan(session, master_keys, bo, {"reasons": "My dog Pip"}, NOW)
    _, ana_token = _invite(session, master_keys, ana)
    _invite(session, master_keys, bo, email="lee@example.org")

    view = shared_view(session, master_keys, ana_token, NOW)

    assert view.plan is not None
    assert "Pip" not in str(view.plan.written)
    assert accesses_to(session, bo.id) == []


def test_only_the_client_who_invited_changes_or_stops_an_invitation(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    bo = make_person(session, "bo@example.org")
    invited, token = _invite(session, master_keys, ana)

    with pytest.raises(NotFound):
        stop_sharing(session, bo, invited.id, NOW)
    with pytest.raises(NotFound):
        change_what_is_shared(
            session, master_keys, bo, invited.id, areas=["moods"], show_my_name=True
        )
    with pytest.raises(NotFound):
        send_fresh_link(
            session, master_keys, bo, invited.id, public_url=SITE, now=NOW + RESEND_AFTER
        )
    assert shared_view(session, master_keys, token, NOW).plan is not None
    assert trusted_people_of(session, master_keys, bo) == []


def test_an_invitation_needs_a_name_an_address_and_something_to_share(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    refused = {}
    for field, changes in {
        "name": {"name": " "},
        "email": {"email": "not an address"},
        "areas": {"areas": []},
    }.items():
        fields = {"name": "Sam", "email": SAM, "areas": ["moods"], **changes}
        with pytest.raises(InvalidInput) as error:
            invite_trusted_person(
                session, master_keys, ana, show_my_name=True, public_url=SITE, now=NOW, **fields
            )
        refused[field] = error.value.field
    assert refused == {"name": "name", "email": "email", "areas": "areas"}
    assert messages_to(session, SAM) == []


def test_a_client_keeps_a_handful_of_trusted_people_at_once(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    invited = [
        _invite(session, master_keys, ana, email=f"friend{n}@example.org")[0]
        for n in range(MAX_STANDING)
    ]
    with pytest.raises(InvalidInput):
        _invite(session, master_keys, ana, email="one.more@example.org")

    stop_sharing(session, ana, invited[0].id, NOW)
    _invite(session, master_keys, ana, email="one.more@example.org")


def test_the_access_log_names_the_trusted_person_and_what_they_saw(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    _, token = _invite(session, master_keys, ana)
    shared_view(session, master_keys, token, NOW)

    [visit] = visits_to(session, master_keys, ana, NOW)

    assert visit.who == "Your trusted person, Sam"
    assert [deed.words for deed in visit.deeds] == [
        "Looked at your safety plan",
        "Looked at the weekly summary of your moods",
    ]


def test_the_export_lists_trusted_people_and_deleting_the_account_removes_them(
    session: Session, master_keys: MasterKeys, ana: Person
) -> None:
    _invite(session, master_keys, ana, ("moods",))

    exported = export_everything(session, master_keys, ana, now=NOW)
    delete_person(session, master_keys, ana)

    assert exported["trusted_people"] == [
        {
            "name": "Sam",
            "email": SAM,
            "sees": ["moods"],
            "shows_my_name": True,
            "invited_at": NOW.isoformat(),
            "link_works_until": (NOW + LINK_LIFETIME).isoformat(),
            "stopped_at": None,
        }
    ]
    assert session.scalar(select(func.count()).select_from(TrustedPersonRow)) == 0
    assert messages_to(session, SAM) == []
