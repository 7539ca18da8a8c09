"""Every route against every kind of visitor: the expected outcome is written down for each
pair, and a route without expectations fails the suite.

Visitors: anonymous; the client who owns the data; another client; a licensed therapist holding
the client's grants for assessments and coaching ("granted"); a coach without a licence holding
the same grants; a practitioner without one; an admin. Pages are visited with a signed-in browser
session (second factor done where the role requires it); the API with a personal access token
that may read and write.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from crossroads.accounts.service.tokens import create_token
from crossroads.assessment.service.assessments import record_assessment
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.care_team.service.members import add_member, let_see_team
from crossroads.casework.service.notes import assign_homework, write_note
from crossroads.casework.service.progress_report import progress_report, share_report
from crossroads.casework.service.referrals import ReferTo, refer
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.experiments import plan_strategy
from crossroads.coaching.rules.goals import plan_goal, plan_step
from crossroads.coaching.service.conversations import start_conversation
from crossroads.coaching.service.goal_parts import add_obstacle, add_step, add_strategy
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry
from crossroads.journal.service.imports import AT_ONCE_MOST, bring_in
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.messaging.service.threads import threads_of
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.runtime import Runtime
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from crossroads.trusted_people.service.invitations import invite_trusted_person
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import SECRET, FormClient
from tests.factories import STEADY_COACHING_CLIENT, browser_session, make_person

VISITORS = ("anonymous", "owner", "other_client", "granted", "coach", "ungranted", "admin")
NAMED = tuple(visitor for visitor in VISITORS if visitor != "coach")  # see with_coach below
NOW = datetime.now(UTC)

# Outcomes. OK: the request is served (2xx, a redirect that is not to sign-in, or a 422 for
# an empty form, which proves the handler ran). SIGN_IN: a page redirects to sign-in.
OK, SIGN_IN = "ok", "sign-in"
PUBLIC = dict.fromkeys(NAMED, OK)


def only(
    allowed: tuple[str, ...], denied: int, anonymous: str | int = SIGN_IN
) -> dict[str, object]:
    outcome: dict[str, object] = dict.fromkeys(NAMED, denied)
    outcome.update(dict.fromkeys(allowed, OK))
    outcome["anonymous"] = anonymous
    return outcome


SIGNED_IN = only(("owner", "other_client", "granted", "ungranted", "admin"), 403)
CLIENTS = only(("owner", "other_client"), 403)
PRACTITIONERS = only(("granted", "ungranted"), 403)
ADMINS = only(("admin",), 403)
API_SIGNED_IN = only(("owner", "other_client", "granted", "ungranted", "admin"), 403, 401)
API_CLIENTS = only(("owner", "other_client"), 403, 401)
API_PRACTITIONERS = only(("granted", "ungranted"), 403, 401)

EXPECTED: dict[tuple[str, str], dict[str, object]] = {
    ("GET", "/"): PUBLIC,
    ("GET", "/assessment"): PUBLIC,
    ("POST", "/assessment"): PUBLIC,
    # An owned result: its owner and the granted practitioner; everyone else sees nothing.
    ("GET", "/assessments/{assessment_id}"): {
        **only(("owner", "granted"), 404, anonymous=404),
    },
    # The ASQ as the result's second step: only its owner may answer it.
    ("POST", "/assessments/{assessment_id}/asq"): only(("owner",), 404, anonymous=404),
    ("POST", "/safety-check"): PUBLIC,
    ("GET", "/help-now"): PUBLIC,
    ("GET", "/safety-plan"): PUBLIC,
    ("POST", "/safety-plan"): PUBLIC,
    # Anyone: the signed-in person's own plan, or a blank one to fill in by hand.
    ("GET", "/safety-plan.pdf"): PUBLIC,
    ("GET", "/sign-up"): PUBLIC,
    ("POST", "/sign-up"): PUBLIC,
    ("GET", "/sign-up/{token}"): PUBLIC,
    # An unknown link is refused alike for everyone: 422 with the page saying so.
    ("POST", "/sign-up/{token}"): dict.fromkeys(VISITORS, OK),
    ("GET", "/sign-in"): PUBLIC,
    ("POST", "/sign-in"): {
        **PUBLIC,
        "owner": 401,
        "other_client": 401,
        "granted": 401,
        "ungranted": 401,
        "admin": 401,
        "anonymous": 401,
    },
    ("GET", "/sign-in/code"): {**PUBLIC, "anonymous": SIGN_IN},
    ("POST", "/sign-in/code"): {**dict.fromkeys(VISITORS, 401), "anonymous": SIGN_IN},
    ("POST", "/sign-in/recovery-code"): {**dict.fromkeys(VISITORS, 401), "anonymous": SIGN_IN},
    ("POST", "/sign-out"): PUBLIC,
    ("GET", "/password-reset"): PUBLIC,
    ("POST", "/password-reset"): PUBLIC,
    ("GET", "/password-reset/{token}"): PUBLIC,
    ("POST", "/password-reset/{token}"): dict.fromkeys(VISITORS, OK),
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account/preferences"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("GET", "/account/two-factor"): SIGNED_IN,
    ("POST", "/account/two-factor"): SIGNED_IN,
    # Recovery codes and a new authenticator: anyone signed in, for their own account.
    ("POST", "/account/two-factor/recovery-codes"): SIGNED_IN,
    ("GET", "/account/two-factor/new"): SIGNED_IN,
    ("POST", "/account/two-factor/new"): SIGNED_IN,
    # Practitioners and admins must keep two-factor sign-in on.
    ("POST", "/account/two-factor/off"): only(("owner", "other_client"), 403),
    ("POST", "/account/tokens"): SIGNED_IN,
    ("POST", "/account/tokens/{token_id}/revoke"): only(("owner",), 404),
    ("GET", "/account/export.json"): SIGNED_IN,
    ("GET", "/account/export"): SIGNED_IN,
    ("POST", "/account/delete"): SIGNED_IN,
    ("GET", "/sharing"): CLIENTS,
    ("POST", "/sharing"): CLIENTS,
    ("POST", "/sharing/{grant_id}/revoke"): {**CLIENTS, "other_client": 404},
    ("GET", "/sharing/access-log"): CLIENTS,
    # A client's trusted people: their own only.
    ("GET", "/sharing/trusted"): CLIENTS,
    ("POST", "/sharing/trusted"): CLIENTS,
    ("POST", "/sharing/trusted/{invitation_id}"): {**CLIENTS, "other_client": 404},
    ("POST", "/sharing/trusted/{invitation_id}/fresh-link"): {**CLIENTS, "other_client": 404},
    ("POST", "/sharing/trusted/{invitation_id}/stop"): {**CLIENTS, "other_client": 404},
    # The trusted person's page: the link in the address is the credential, whoever is signed
    # in; an unknown one opens nothing for anyone. A real link's visits are tested beside this,
    # in tests/trusted_people/test_pages.py.
    ("GET", "/trusted/{token}"): dict.fromkeys(VISITORS, 404),
    ("GET", "/clients"): PRACTITIONERS,
    ("GET", "/clients/{client_id}"): {**PRACTITIONERS, "ungranted": 404},
    ("POST", "/clients/{client_id}/notes"): {**PRACTITIONERS, "ungranted": 404},
    # A note is its author's ("granted"): another practitioner of the client's finds nothing.
    ("POST", "/clients/{client_id}/notes/{note_id}"): {
        **PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("POST", "/clients/{client_id}/homework"): {**PRACTITIONERS, "ungranted": 404},
    # The instrument is the PHQ-9: clinical, so a coach without the clinical grant finds nothing.
    ("POST", "/clients/{client_id}/retakes/{instrument}"): {
        **PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("GET", "/clients/{client_id}/measures/{instrument}"): {
        **PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    # Repeated measures and what practitioners set: the client's own.
    ("GET", "/measures"): CLIENTS,
    ("GET", "/measures/{instrument}"): CLIENTS,
    ("POST", "/measures/{instrument}"): CLIENTS,
    ("POST", "/measures/schedules/{instrument}"): CLIENTS,
    ("GET", "/measures/export.fhir.json"): CLIENTS,
    ("GET", "/clients/export.json"): PRACTITIONERS,
    ("GET", "/report"): CLIENTS,
    ("GET", "/report.pdf"): CLIENTS,
    ("POST", "/report/share"): CLIENTS,
    ("POST", "/report/shared/{report_id}/withdraw"): {**CLIENTS, "other_client": 404},
    # A shared report: only the practitioner it was shared with ("granted"), while in their
    # caseload.
    ("GET", "/clients/{client_id}/reports/{report_id}"): {
        **PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("GET", "/clients/{client_id}/reports/{report_id}.pdf"): {
        **PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("GET", "/homework"): CLIENTS,
    # A practitioner's own records: their session notes, whoever they are about.
    ("GET", "/records"): PRACTITIONERS,
    ("POST", "/records/keeping"): PRACTITIONERS,
    ("GET", "/api/v1/records"): API_PRACTITIONERS,
    ("PUT", "/api/v1/records/keeping"): API_PRACTITIONERS,
    ("POST", "/homework/{homework_id}"): {**CLIENTS, "other_client": 404},
    ("GET", "/admin/people"): ADMINS,
    ("POST", "/admin/people/{person_id}/role"): ADMINS,
    ("POST", "/admin/people/{person_id}/delete"): ADMINS,
    ("POST", "/api/v1/assessments"): dict.fromkeys(VISITORS, OK),
    ("GET", "/api/v1/assessments/{assessment_id}"): only(("owner", "granted"), 404, 404),
    ("GET", "/api/v1/me"): API_SIGNED_IN,
    ("PATCH", "/api/v1/me"): API_SIGNED_IN,
    ("GET", "/api/v1/me/safety-plan"): API_SIGNED_IN,
    ("PUT", "/api/v1/me/safety-plan"): API_SIGNED_IN,
    ("GET", "/api/v1/me/assessments"): API_SIGNED_IN,
    ("GET", "/api/v1/me/grants"): API_CLIENTS,
    ("POST", "/api/v1/me/grants"): API_CLIENTS,
    ("DELETE", "/api/v1/me/grants/{grant_id}"): {**API_CLIENTS, "other_client": 404},
    ("GET", "/api/v1/me/access-log"): API_SIGNED_IN,
    ("GET", "/api/v1/me/trusted-people"): API_CLIENTS,
    ("POST", "/api/v1/me/trusted-people"): API_CLIENTS,
    # The empty body sent here is refused before whose invitation it is counts;
    # tests/trusted_people/test_api.py sends real ones from another client.
    ("PATCH", "/api/v1/me/trusted-people/{invitation_id}"): API_CLIENTS,
    ("POST", "/api/v1/me/trusted-people/{invitation_id}/fresh-link"): {
        **API_CLIENTS,
        "other_client": 404,
    },
    ("DELETE", "/api/v1/me/trusted-people/{invitation_id}"): {**API_CLIENTS, "other_client": 404},
    ("GET", "/api/v1/me/export"): API_SIGNED_IN,
    ("GET", "/api/v1/clients"): API_PRACTITIONERS,
    ("GET", "/api/v1/clients/{client_id}/assessments"): {**API_PRACTITIONERS, "ungranted": 404},
    # Any token holder may classify text; nothing is stored or read back.
    ("POST", "/api/v1/classify/{task}"): API_SIGNED_IN,
    # Coaching. Routes that take a body answer 422 to the empty one sent here once the role
    # is right; whose goal it is decides later, and tests/coaching/api/test_goals.py covers that.
    ("GET", "/goals"): CLIENTS,
    ("GET", "/goals/new"): CLIENTS,
    ("POST", "/goals/new"): CLIENTS,
    ("GET", "/goals/{goal_id}"): {**only(("owner", "granted"), 404), "admin": 404},
    ("POST", "/goals/{goal_id}/check-ins"): {**CLIENTS, "other_client": 404},
    ("POST", "/goals/{goal_id}/steps"): {**CLIENTS, "other_client": 404},
    ("POST", "/goals/{goal_id}/steps/{step_id}"): {**CLIENTS, "other_client": 404},
    ("POST", "/goals/{goal_id}/obstacles"): {**CLIENTS, "other_client": 404},
    ("POST", "/goals/{goal_id}/obstacles/{obstacle_id}/strategies"): {
        **CLIENTS,
        "other_client": 404,
    },
    ("POST", "/goals/{goal_id}/strategies/{strategy_id}"): {**CLIENTS, "other_client": 404},
    ("POST", "/goals/{goal_id}/comments"): {**PRACTITIONERS, "ungranted": 404},
    ("POST", "/goals/{goal_id}/homework"): {**PRACTITIONERS, "ungranted": 404},
    ("GET", "/grow"): CLIENTS,
    ("POST", "/grow"): CLIENTS,
    ("GET", "/grow/{conversation_id}/{stage_name}"): {**CLIENTS, "other_client": 404},
    ("POST", "/grow/{conversation_id}/{stage_name}"): {**CLIENTS, "other_client": 404},
    ("POST", "/api/v1/conversations"): API_CLIENTS,
    ("GET", "/api/v1/conversations/{conversation_id}"): {**API_CLIENTS, "other_client": 404},
    ("PUT", "/api/v1/conversations/{conversation_id}/{stage}"): API_CLIENTS,
    ("GET", "/journal"): CLIENTS,
    ("POST", "/journal"): CLIENTS,
    ("GET", "/journal/entries/{entry_id}"): {**CLIENTS, "other_client": 404},
    ("POST", "/journal/entries/{entry_id}/coping"): {**CLIENTS, "other_client": 404},
    ("POST", "/journal/entries/{entry_id}/delete"): {**CLIENTS, "other_client": 404},
    ("GET", "/journal/insights"): CLIENTS,
    ("GET", "/journal/transfer"): CLIENTS,
    ("GET", "/journal/export.{extension}"): CLIENTS,
    ("POST", "/journal/import"): CLIENTS,
    ("GET", "/journal/imports/{import_id}"): {**CLIENTS, "other_client": 404},
    ("GET", "/journal/exercises"): CLIENTS,
    ("GET", "/journal/exercises/{exercise}"): CLIENTS,
    ("POST", "/journal/exercises/{exercise}"): CLIENTS,
    ("POST", "/journal/readiness"): CLIENTS,
    ("GET", "/right-now"): CLIENTS,
    ("GET", "/right-now/breathing/{rhythm}"): CLIENTS,
    ("GET", "/right-now/grounding"): CLIENTS,
    ("GET", "/right-now/urge"): CLIENTS,
    ("POST", "/right-now/log"): CLIENTS,
    # The owner's entry here is no promise: refused as one (422) once found to be theirs.
    ("POST", "/journal/promises/{entry_id}"): {**CLIENTS, "other_client": 404},
    ("GET", "/api/v1/journal"): API_CLIENTS,
    ("POST", "/api/v1/journal"): API_CLIENTS,
    ("GET", "/api/v1/journal/insights"): API_CLIENTS,
    ("POST", "/api/v1/journal/exercises/{kind}"): API_CLIENTS,
    ("POST", "/api/v1/journal/tools/{tool}"): API_CLIENTS,
    ("GET", "/api/v1/journal/{entry_id}"): {**API_CLIENTS, "other_client": 404},
    ("PATCH", "/api/v1/journal/{entry_id}"): API_CLIENTS,
    ("DELETE", "/api/v1/journal/{entry_id}"): {**API_CLIENTS, "other_client": 404},
    ("GET", "/practitioners"): PUBLIC,
    ("GET", "/practitioners/{practitioner_id}"): PUBLIC,
    ("GET", "/matches"): PUBLIC,
    # Booking in steps: a kind and a time, a review, then the booking.
    ("GET", "/book/{practitioner_id}"): CLIENTS,
    ("POST", "/book/{practitioner_id}/review"): CLIENTS,
    ("POST", "/book/{practitioner_id}/confirm"): CLIENTS,
    ("GET", "/bookings"): SIGNED_IN,
    ("GET", "/bookings.ics"): SIGNED_IN,
    # A booking's own pages: only the two people in it (its practitioner has no account here).
    ("GET", "/bookings/{booking_id}"): only(("owner",), 404),
    ("GET", "/bookings/{booking_id}/cancel"): only(("owner",), 404),
    ("POST", "/bookings/{booking_id}/cancel"): only(("owner",), 404),
    ("GET", "/bookings/{booking_id}/move"): only(("owner",), 404),
    ("POST", "/bookings/{booking_id}/move"): only(("owner",), 404),
    ("POST", "/bookings/{booking_id}/fit"): {**CLIENTS, "other_client": 404},
    ("POST", "/bookings/{booking_id}/share"): {**CLIENTS, "other_client": 404},
    ("GET", "/guides"): PUBLIC,
    ("GET", "/guides/{slug}"): PUBLIC,
    ("GET", "/api/v1/practitioners"): PUBLIC,
    ("GET", "/api/v1/practitioners/{practitioner_id}"): PUBLIC,
    ("GET", "/api/v1/practitioners/{practitioner_id}/slots"): PUBLIC,
    ("GET", "/api/v1/practitioners/{practitioner_id}/appointments"): PUBLIC,
    ("PUT", "/api/v1/practitioners/me/appointments"): API_PRACTITIONERS,
    ("GET", "/api/v1/bookings"): API_SIGNED_IN,
    ("POST", "/api/v1/bookings"): API_CLIENTS,
    ("PATCH", "/api/v1/bookings/{booking_id}"): API_SIGNED_IN,
    ("DELETE", "/api/v1/bookings/{booking_id}"): only(("owner",), 404, 401),
    ("GET", "/api/v1/bookings.ics"): API_SIGNED_IN,
    ("GET", "/referrals"): SIGNED_IN,
    ("POST", "/clients/{client_id}/referrals"): PRACTITIONERS,
    ("POST", "/referrals/{referral_id}/accept"): {**CLIENTS, "other_client": 404},
    ("POST", "/referrals/{referral_id}/decline"): {**CLIENTS, "other_client": 404},
    ("GET", "/api/v1/referrals"): API_SIGNED_IN,
    ("POST", "/api/v1/referrals"): API_PRACTITIONERS,
    ("POST", "/api/v1/referrals/{referral_id}/accept"): API_CLIENTS,
    ("POST", "/api/v1/referrals/{referral_id}/decline"): {**API_CLIENTS, "other_client": 404},
    # A calendar app's subscription: the token in the address is the credential.
    ("GET", "/calendar/{token}.ics"): dict.fromkeys(VISITORS, 404),
    ("GET", "/my-listing"): PRACTITIONERS,
    ("POST", "/my-listing"): PRACTITIONERS,
    ("GET", "/my-listing/appointments"): PRACTITIONERS,
    ("POST", "/my-listing/appointments"): PRACTITIONERS,
    ("PUT", "/api/v1/practitioners/me"): API_PRACTITIONERS,
    ("GET", "/api/v1/goals"): API_CLIENTS,
    ("POST", "/api/v1/goals"): API_CLIENTS,
    ("GET", "/api/v1/goals/{goal_id}"): only(("owner", "granted"), 404, 401),
    ("PATCH", "/api/v1/goals/{goal_id}"): API_CLIENTS,
    ("POST", "/api/v1/goals/{goal_id}/steps"): API_CLIENTS,
    ("PATCH", "/api/v1/goals/{goal_id}/steps/{step_id}"): API_CLIENTS,
    ("POST", "/api/v1/goals/{goal_id}/obstacles"): API_CLIENTS,
    ("POST", "/api/v1/goals/{goal_id}/obstacles/{obstacle_id}/strategies"): API_CLIENTS,
    ("PATCH", "/api/v1/goals/{goal_id}/strategies/{strategy_id}"): API_CLIENTS,
    ("POST", "/api/v1/goals/{goal_id}/check-ins"): API_CLIENTS,
    ("POST", "/api/v1/goals/{goal_id}/comments"): API_PRACTITIONERS,
    ("POST", "/api/v1/goals/{goal_id}/homework"): API_PRACTITIONERS,
    ("GET", "/api/v1/clients/{client_id}/goals"): {**API_PRACTITIONERS, "ungranted": 404},
    # Repeated measures: the client's own, through the API.
    ("GET", "/api/v1/measures"): API_CLIENTS,
    ("POST", "/api/v1/measures"): API_CLIENTS,
    ("GET", "/api/v1/measures/fhir"): API_CLIENTS,
    ("GET", "/api/v1/measures/{measure_id}/fhir"): {**API_CLIENTS, "other_client": 404},
    ("GET", "/api/v1/measures/schedules"): API_CLIENTS,
    ("PUT", "/api/v1/measures/schedules/{instrument}"): API_CLIENTS,
    ("DELETE", "/api/v1/measures/schedules/{instrument}"): API_CLIENTS,
    # The caseload: a practitioner sees a client only under a standing grant.
    ("GET", "/api/v1/caseload"): API_PRACTITIONERS,
    ("GET", "/api/v1/caseload/export"): API_PRACTITIONERS,
    ("GET", "/api/v1/caseload/{client_id}"): {**API_PRACTITIONERS, "ungranted": 404},
    ("GET", "/api/v1/caseload/{client_id}/measures/{instrument}"): {
        **API_PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("POST", "/api/v1/caseload/{client_id}/notes"): API_PRACTITIONERS,
    ("POST", "/api/v1/caseload/{client_id}/homework"): API_PRACTITIONERS,
    ("PUT", "/api/v1/caseload/{client_id}/schedules/{instrument}"): API_PRACTITIONERS,
    # The care team: the client's own; of practitioners, only a member ("granted", who may see
    # the team). The coach holds the same grants but is not in the team.
    ("GET", "/care-team"): CLIENTS,
    ("POST", "/care-team"): CLIENTS,
    ("POST", "/care-team/note"): CLIENTS,
    ("POST", "/care-team/{member_id}/consent"): {**CLIENTS, "other_client": 404},
    ("POST", "/care-team/{member_id}/remove"): {**CLIENTS, "other_client": 404},
    ("GET", "/clients/{client_id}/care-team"): {**PRACTITIONERS, "ungranted": 404, "coach": 404},
    ("POST", "/clients/{client_id}/care-team/note"): {
        **PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("GET", "/api/v1/me/care-team"): API_CLIENTS,
    ("POST", "/api/v1/me/care-team"): API_CLIENTS,
    ("PUT", "/api/v1/me/care-team/note"): API_CLIENTS,
    ("PATCH", "/api/v1/me/care-team/{member_id}"): API_CLIENTS,
    ("DELETE", "/api/v1/me/care-team/{member_id}"): {**API_CLIENTS, "other_client": 404},
    ("GET", "/api/v1/caseload/{client_id}/care-team"): {
        **API_PRACTITIONERS,
        "ungranted": 404,
        "coach": 404,
    },
    ("PUT", "/api/v1/caseload/{client_id}/care-team/note"): API_PRACTITIONERS,
    # Messages: the thread is the owner's with "granted", who holds their grant; for anyone
    # else (the coach's own thread with the owner is another) there is no such thread.
    ("GET", "/messages"): only(("owner", "other_client", "granted", "ungranted"), 403),
    ("GET", "/messages/{thread_id}"): {**only(("owner", "granted"), 404), "coach": 404},
    ("POST", "/messages/{thread_id}"): {**only(("owner", "granted"), 404), "coach": 404},
    ("GET", "/practitioners/{practitioner_id}/enquiry"): CLIENTS,
    ("POST", "/practitioners/{practitioner_id}/enquiry"): CLIENTS,
    ("GET", "/api/v1/messages"): only(("owner", "other_client", "granted", "ungranted"), 403, 401),
    ("GET", "/api/v1/messages/{thread_id}"): {
        **only(("owner", "granted"), 404, 401),
        "coach": 404,
    },
    # The empty body sent here is refused before whose thread it is counts;
    # tests/messaging/test_web.py sends real ones from outside the thread.
    ("POST", "/api/v1/messages/{thread_id}"): API_SIGNED_IN,
    ("POST", "/api/v1/practitioners/{practitioner_id}/enquiry"): API_CLIENTS,
}


def with_coach(
    expected: dict[tuple[str, str], dict[str, object]],
) -> dict[tuple[str, str], dict[str, object]]:
    """The coach holds the owner's grants as the therapist does, so an entry that does not name
    the coach expects the therapist's outcome for them too; an entry names the coach only where
    a licence makes the difference (clinical questionnaires)."""
    return {
        route: {"coach": outcomes["granted"], **outcomes} for route, outcomes in expected.items()
    }


EXPECTED = with_coach(EXPECTED)


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every route the app serves, read from its OpenAPI description (pages included)."""
    return {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }


def test_every_route_has_an_expectation_for_every_visitor(app: FastAPI) -> None:
    assert app_routes(app) == set(EXPECTED)
    assert all(set(outcomes) == set(VISITORS) for outcomes in EXPECTED.values())


@dataclass
class World:
    """The people and the data every visit is made against."""

    people: dict[str, Person]
    values: dict[str, str]
    tokens: dict[str, str]
    # Each visitor's signed-in browser session, started once for the module: for a practitioner
    # or an admin that takes the whole second-factor set-up, which would otherwise be most of a
    # visit's time. A visit that signs out or changes it is rolled back with the rest.
    sessions: dict[str, str]


@pytest.fixture(scope="module")
def module_connection(migrated_engine: Engine) -> Iterator[Connection]:
    """One transaction for the module, holding the world that every visit is made against;
    building it takes longer than most visits, so it is built once per database."""
    with migrated_engine.connect() as connection:
        outer = connection.begin()
        yield connection
        outer.rollback()


@pytest.fixture
def connection(module_connection: Connection, world: World) -> Iterator[Connection]:
    """Replaces the suite's own: each visit works in a savepoint of the module's transaction,
    rolled back after it, so that no visit sees what another changed."""
    savepoint = module_connection.begin_nested()
    yield module_connection
    savepoint.rollback()


@pytest.fixture(scope="module")
def world(
    migrated_engine: Engine,
    module_connection: Connection,
    master_keys: MasterKeys,
    tmp_path_factory: pytest.TempPathFactory,
) -> World:
    sessions = sessionmaker(
        bind=module_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    settings = Settings(data_dir=tmp_path_factory.mktemp("world"))
    runtime = Runtime(settings, Database(migrated_engine, sessions), master_keys, SECRET)
    with runtime.database.transaction() as session:
        people = {
            "owner": make_person(session, "owner@example.org"),
            "other_client": make_person(session, "other@example.org"),
            "granted": make_person(session, "granted@example.org", role="practitioner"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
            "ungranted": make_person(session, "ungranted@example.org", role="practitioner"),
            "admin": make_person(session, "admin@example.org", role="admin"),
        }
        owner = people["owner"]
        stored = record_assessment(
            session, runtime.master_keys, STEADY_COACHING_CLIENT, owner=owner
        )
        [grant, _] = grant_access(
            session,
            owner,
            practitioner_email="granted@example.org",
            areas=[Area.ASSESSMENTS, Area.COACHING],
            now=NOW,
        )
        own_listings(session, people)
        grant_access(
            session,
            owner,
            practitioner_email="coach@example.org",
            areas=[Area.ASSESSMENTS, Area.COACHING],
            now=NOW,
        )
        goal_parts = coaching_goal(session, runtime, owner)
        conversation_id = start_conversation(session, runtime.master_keys, owner, NOW)
        entry = add_entry(session, runtime.master_keys, owner, plan_entry(at=NOW, mood=5), NOW)
        practitioner_id, booking_id = a_booking(session, runtime, owner)
        referral_id = refer(
            session,
            runtime.master_keys,
            people["granted"],
            owner.id,
            ReferTo.THERAPY,
            "Some of what you carry deserves a therapist's time.",
            NOW,
        )
        note_id = write_note(
            session, runtime.master_keys, people["granted"], owner.id, "Met", shared=False, now=NOW
        )
        homework_id = assign_homework(
            session, runtime.master_keys, people["granted"], owner.id, "Walk", NOW.date(), NOW
        )
        report_id = share_report(
            session,
            runtime.master_keys,
            owner,
            people["granted"].id,
            progress_report(session, runtime.master_keys, owner, None, None, NOW),
            NOW,
        )
        member = add_member(session, owner, people["granted"].id, NOW)
        invitation = invite_trusted_person(
            session,
            runtime.master_keys,
            owner,
            name="Sam",
            email="sam@example.org",
            areas=["safety_plan"],
            show_my_name=True,
            public_url="https://crossroads.test",
            now=NOW,
        )
        let_see_team(session, owner, member.id, True)
        [thread_id] = [
            each.id for each in threads_of(session, owner, NOW) if each.other_name == "Granted"
        ]
        token_view, _ = create_token(session, owner, name="script", scopes=["read"], now=NOW)
        api_tokens = {
            visitor: create_token(
                session, person, name="matrix", scopes=["read", "write"], now=NOW
            )[1]
            for visitor, person in people.items()
        }
        browser_sessions = {
            visitor: browser_session(session, runtime.master_keys, person, NOW)
            for visitor, person in people.items()
        }
    quiet_history = [plan_entry(at=NOW, mood=5)] * (AT_ONCE_MOST + 1)  # no words: quick to add
    brought = bring_in(runtime.database, runtime.master_keys, owner, quiet_history, NOW)
    values = {
        **goal_parts,
        "assessment_id": stored.id,
        "grant_id": grant.id,
        "token_id": token_view.id,
        "client_id": owner.id,
        "person_id": people["other_client"].id,
        "token": "not-a-real-reset-token",
        "task": "crisis",
        "conversation_id": conversation_id,
        "stage_name": "goal",
        "stage": "goal",
        "entry_id": entry.id,
        "import_id": str(brought.import_id),
        "exercise": "grief",
        "kind": "grief",
        "rhythm": "even",
        "tool": "grounding",
        "extension": "csv",
        "practitioner_id": practitioner_id,
        "booking_id": booking_id,
        "slug": "questions-to-ask",
        "referral_id": referral_id,
        "note_id": note_id,
        "report_id": report_id,
        "homework_id": homework_id,
        "thread_id": thread_id,
        "member_id": member.id,
        "invitation_id": invitation.id,
        "instrument": "phq9",
        "measure_id": f"{stored.id}-phq9",
    }
    return World(people, values, api_tokens, browser_sessions)


def coaching_goal(session: Session, runtime: Runtime, owner: Person) -> dict[str, str]:
    """A goal with one step, one obstacle and one strategy, by their ids."""
    keys = runtime.master_keys
    goal = plan_goal(what="Run a 10k", starts_on=NOW.date())
    goal_id = add_goal(
        session, keys, owner, goal, plan_schedule(Cadence.WEEKLY, goal.starts_on), now=NOW
    ).id
    obstacle_id = add_obstacle(session, keys, owner, goal_id, "Rainy evenings", NOW).id
    return {
        "goal_id": goal_id,
        "step_id": add_step(session, keys, owner, goal_id, plan_step("Buy shoes"), NOW).id,
        "obstacle_id": obstacle_id,
        "strategy_id": add_strategy(
            session, keys, owner, obstacle_id, plan_strategy("Run at lunch"), NOW
        ).id,
    }


def own_listings(session: Session, people: dict[str, Person]) -> None:
    """The therapist's listing with a licence that holds for a year; the coach's with none."""
    licence = {
        "type": "LCSW",
        "jurisdiction": "US-NY",
        "number": "LCSW-1234",
        "expires_on": (NOW + timedelta(days=365)).date().isoformat(),
    }
    listed = {
        "granted": {"name": "Gray Therapist", "kind": "therapist", "licences": [licence]},
        "coach": {"name": "Cass Coach", "kind": "coach"},
    }
    for visitor, fields in listed.items():
        person = people[visitor]
        save_listing(session, {**fields, "email": person.email}, NOW, person.id)


def a_booking(session: Session, runtime: Runtime, owner: Person) -> tuple[str, str]:
    """A listing open every day, and the owner's booking of its first free slot."""
    hours = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}
    fields = {
        "email": "open@example.org",
        "name": "Lee Open",
        "kind": "coach",
        "availability": hours,
    }
    practitioner_id, _ = save_listing(session, fields, NOW)
    later = NOW + timedelta(days=3)  # well before the notice for cancelling runs out
    [slot, *_] = open_slots(session, practitioner_id, later, later + timedelta(days=1), NOW)
    booked = book(
        session, runtime.master_keys, owner, practitioner_id, slot.starts, BookingKind.SESSION, NOW
    )
    return practitioner_id, booked.id


def visit_as(visitor: str, client: FormClient, world: World) -> Callable[[str, str], object]:
    headers: dict[str, str] = {}
    if visitor != "anonymous":
        client.cookies.set(SESSION_COOKIE, world.sessions[visitor])
        headers["authorization"] = f"Bearer {world.tokens[visitor]}"

    def visit(method: str, path: str) -> object:
        url = path.format(**world.values)
        if path.startswith("/api/"):
            api_headers = headers
            body = {"practitioner_email": "granted@example.org", "areas": ["assessments"]}
            return client.request(
                method,
                url,
                headers=api_headers,
                json=body
                if method == "POST" and "grants" in path
                else ({} if method == "POST" else None),
            )
        return client.request(method, url, follow_redirects=False)

    return visit


def outcome_of(response: object) -> object:
    status = response.status_code  # type: ignore[attr-defined]
    location = response.headers.get("location", "")  # type: ignore[attr-defined]
    if status in {301, 302, 303, 307} and location.startswith("/sign-in"):
        return SIGN_IN
    if 200 <= status < 400 or status == 422:
        return OK
    return status


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
def test_each_visitor_gets_the_expected_outcome(
    client: FormClient, world: World, visitor: str, method: str, path: str
) -> None:
    visit = visit_as(visitor, client, world)

    response = visit(method, path)

    assert outcome_of(response) == EXPECTED[(method, path)][visitor], (
        f"{visitor} {method} {path} -> {response.status_code}"  # type: ignore[attr-defined]
    )
