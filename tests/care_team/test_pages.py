"""The care team's pages: the client builds their team and keeps the note; a member sees the
team as far as the client lets them; outsiders get 404; accepting a referral on its page asks
what the chosen practitioner may read, puts them in the team and lands on the team page."""

from datetime import UTC, datetime

import pytest

from crossroads.booking.service.directory import save_listing
from crossroads.casework.service.referrals import ReferTo, refer
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import browser_session, make_person
from tests.mail import messages_to

NOW = datetime.now(UTC)
REASON = "Your sleep and the grief you describe deserve a therapist's time."
PLAN = "Coach keeps the weekly goals; therapist the grief work."


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    with runtime.database.transaction() as session:
        found = {
            "client": make_person(session, "sam@example.org"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
            "therapist": make_person(session, "rivera@example.org", role="practitioner"),
            "stranger": make_person(session, "stranger@example.org", role="practitioner"),
        }
        save_listing(session, listing_fields(), NOW, found["therapist"].id)
        grant_access(
            session,
            found["client"],
            practitioner_email="coach@example.org",
            areas=[Area.COACHING],
            now=NOW,
        )
    return found


def sign_in(client: FormClient, runtime: Runtime, person: Person) -> None:
    with runtime.database.transaction() as session:
        token = browser_session(session, runtime.master_keys, person, NOW)
    client.cookies.set(SESSION_COOKIE, token)


def test_a_referral_accepted_on_its_page_puts_the_therapist_in_the_team_with_the_reason(
    client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    sam, coach, therapist = people["client"], people["coach"], people["therapist"]
    with runtime.database.transaction() as session:
        referral_id = refer(
            session, runtime.master_keys, coach, sam.id, ReferTo.THERAPY, REASON, NOW
        )
        listing_id = save_listing(session, listing_fields(), NOW, therapist.id)[0]

    sign_in(client, runtime, sam)
    form = client.get("/referrals").text
    assert "Let them read why you were referred" in form
    assert "Let them see who else helps me" in form
    accepted = client.post(
        f"/referrals/{referral_id}/accept",
        data={"practitioner": listing_id, "share_reason": "yes", "sees_team": "yes"},
        follow_redirects=False,
    )
    assert (accepted.status_code, accepted.headers["location"]) == (303, "/care-team")
    team = client.get("/care-team").text
    assert "Dr Ana Rivera" in team
    assert "you chose them after a referral" in team

    sign_in(client, runtime, therapist)
    seen = client.get(f"/clients/{sam.id}/care-team")
    assert seen.status_code == 200
    assert REASON.replace("'", "&#39;") in seen.text
    with runtime.database.transaction() as session:
        [mail] = messages_to(session, therapist.email)
        assert "grief" not in mail.body
        assert [e.target for e in accesses_to(session, sam.id)].count("care team") == 1

    sign_in(client, runtime, coach)
    told = client.get("/referrals").text
    assert "taken up" in told
    assert "Rivera" not in told


def test_a_practitioner_with_no_account_is_not_in_the_team_and_the_client_is_told(
    client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    sam = people["client"]
    with runtime.database.transaction() as session:
        referral_id = refer(
            session, runtime.master_keys, people["coach"], sam.id, ReferTo.THERAPY, REASON, NOW
        )
        listing_id = save_listing(
            session, listing_fields(email="lone@example.org", name="Jo Lone"), NOW
        )[0]

    sign_in(client, runtime, sam)
    accepted = client.post(
        f"/referrals/{referral_id}/accept", data={"practitioner": listing_id}, follow_redirects=True
    )

    assert "isn't on Crossroads yet" in accepted.text
    assert "No one is in your team yet." in accepted.text


def test_the_client_adds_a_member_lets_them_see_the_team_and_both_keep_the_note(
    client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    sam, coach = people["client"], people["coach"]

    sign_in(client, runtime, sam)
    client.post("/care-team", data={"practitioner": coach.id})
    page = client.get("/care-team").text
    assert "Let Coach see the team" in page
    assert 'href="/messages"' in page
    assert "It is not a session note" in page

    sign_in(client, runtime, coach)
    hidden = client.get(f"/clients/{sam.id}/care-team").text
    assert "hasn't chosen to let you see who else helps them" in hidden
    assert client.post(f"/clients/{sam.id}/care-team/note", data={"note": "x"}).status_code == 404

    sign_in(client, runtime, sam)
    member_id = page.split('action="/care-team/')[1].split("/")[0]
    client.post(f"/care-team/{member_id}/consent", data={"sees_team": "yes"})
    client.post("/care-team/note", data={"note": PLAN})

    sign_in(client, runtime, coach)
    shown = client.get(f"/clients/{sam.id}/care-team").text
    assert PLAN in shown
    saved = client.post(
        f"/clients/{sam.id}/care-team/note",
        data={"note": "Coach: goals on Mondays."},
        follow_redirects=False,
    )
    assert saved.status_code == 303

    sign_in(client, runtime, sam)
    assert "Coach: goals on Mondays." in client.get("/care-team").text
    client.post(f"/care-team/{member_id}/remove")
    assert "No one is in your team yet." in client.get("/care-team").text
    sign_in(client, runtime, coach)
    assert client.get(f"/clients/{sam.id}/care-team").status_code == 404


def test_outsiders_get_404_on_a_client_s_team(
    client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    sam = people["client"]
    sign_in(client, runtime, sam)
    client.post("/care-team", data={"practitioner": people["coach"].id})

    for outsider in ("stranger", "therapist"):
        sign_in(client, runtime, people[outsider])
        assert client.get(f"/clients/{sam.id}/care-team").status_code == 404
        note = client.post(f"/clients/{sam.id}/care-team/note", data={"note": "mine"})
        assert note.status_code == 404


def test_a_risky_note_from_the_client_shows_the_crisis_page(
    client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    sign_in(client, runtime, people["client"])

    answered = client.post(
        "/care-team/note", data={"note": "I'm going to end my life tonight, the pills are ready"}
    )

    assert "Before anything else" in answered.text


def test_the_client_s_navigation_and_the_practitioner_s_client_page_lead_to_the_team(
    client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    sam = people["client"]
    sign_in(client, runtime, sam)
    assert 'href="/care-team"' in client.get("/care-team").text

    sign_in(client, runtime, people["coach"])
    assert f'href="/clients/{sam.id}/care-team"' in client.get(f"/clients/{sam.id}").text
