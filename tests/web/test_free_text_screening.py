"""Every free-text field of every page and API route is written an acute text and a check text,
and the response must say so: the crisis page or the check page, or `crisis.level` in the API.
An everyday text must go through as usual, which shows that the request built around the field
is a valid one.

SCREENED holds, for each route that takes a person's words, its fields and how to build a valid
request around each; EXEMPT names the routes whose words are deliberately not screened, and
why. As in the authorisation matrix (test_authorisation.py), a route that takes words and is in
neither fails the suite. The API's fields come from the app's OpenAPI description; the pages'
from the forms the pages render, because FastAPI reads a page's form whole and OpenAPI does not
list its fields. A field counts as words unless its input says otherwise (a number, a date, a
choice, a hidden value) or its name is in NOT_PROSE.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

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
from crossroads.casework.service.notes import assign_homework
from crossroads.casework.service.progress_report import progress_report, share_report
from crossroads.casework.service.referrals import ReferTo, refer
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.experiments import plan_strategy
from crossroads.coaching.rules.goals import plan_goal, plan_step
from crossroads.coaching.rules.grow import Stage
from crossroads.coaching.service.conversations import answer_stage, start_conversation
from crossroads.coaching.service.goal_parts import add_obstacle, add_step, add_strategy
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exchange import DAYLIO_HEADER, entries_to_csv
from crossroads.journal.rules.exercises import EXERCISES, plan_exercise
from crossroads.journal.service.entries import add_entry
from crossroads.kernel.consent import Area
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

NOW = datetime.now(UTC)
ACUTE = "I'm going to end my life tonight, the pills are in my drawer"
CHECK = "some days I wish I was dead"
EVERYDAY = "Went for a walk by the river"
TEXTS = {"acute": ACUTE, "check": CHECK, "none": EVERYDAY}

Route = tuple[str, str]  # (method, path) as OpenAPI names it
Response = Any  # the test client's response


# What each kind of response says about the level of what was written.


def page_level(response: Response) -> str:
    """The crisis page (saved or not), the check page, or on to where the person was going."""
    if response.status_code == 200 and "Before anything else" in response.text:
        return "acute"
    if response.status_code == 200 and "Can we ask you a few questions?" in response.text:
        return "check"
    location = response.headers.get("location", "")
    if response.status_code == 303 and not location.startswith("/sign-in"):
        return "none"
    return f"unexpected {response.status_code}"


def api_level(response: Response) -> str:
    """`crisis.level`. A body refused for its shape still carries it (web/errors.py): an acute
    sentence is longer than an emotion word may be, and is read all the same."""
    body = response.json()
    if response.status_code in (200, 201) or (response.status_code == 422 and "crisis" in body):
        return str(body["crisis"]["level"])
    return f"unexpected {response.status_code}: {response.text[:200]}"


def assessment_page_level(response: Response) -> str:
    """The result page (the 303 followed): a crisis result, the ASQ asked before the
    suggestion, or neither."""
    if response.status_code != 200:
        return f"unexpected {response.status_code}"
    if "You don't have to go through this alone" in response.text:
        return "acute"
    if "Before your suggestion: a few questions" in response.text:
        return "check"
    return "none"


def assessment_api_level(response: Response) -> str:
    """Only `acute` routes `crisis`; `risk.level` says the rest."""
    if response.status_code != 201:
        return f"unexpected {response.status_code}: {response.text[:200]}"
    body = response.json()
    level = str(body["risk"]["level"])
    if (body["route"] == "crisis") != (level == "acute"):
        return f"route {body['route']} for level {level}"
    return level


# How a request is built around one field.


@dataclass
class Visit:
    """The owner of the world's data, signed in to pages and holding an API token."""

    client: FormClient
    values: dict[str, str]
    token: str

    def form(self, path: str, fields: dict[str, str], **extra: Any) -> Response:
        extra.setdefault("follow_redirects", False)
        return self.client.post(path.format(**self.values), data=fields, **extra)

    def api(self, method: str, path: str, body: dict[str, Any]) -> Response:
        headers = {"authorization": f"Bearer {self.token}"}
        return self.client.request(method, path.format(**self.values), json=body, headers=headers)


Send = Callable[[Visit, str, str], Response]  # (visit, field, text) -> response


@dataclass(frozen=True)
class Screened:
    fields: tuple[str, ...]  # "why"; "goal.why" for a stage or an exercise; "file:daylio"
    send: Send
    level: Callable[[Response], str]


def name_of(field: str) -> str:
    return field.split(".")[-1].split(":")[0]


def form(path: str, **around: str) -> Send:
    return lambda visit, field, text: visit.form(path, {**around, name_of(field): text})


def api(method: str, path: str, **around: Any) -> Send:
    return lambda visit, field, text: visit.api(method, path, {**around, name_of(field): text})


def page(path: str, fields: tuple[str, ...], **around: str) -> Screened:
    return Screened(fields, form(path, **around), page_level)


def api_route(method: str, path: str, fields: tuple[str, ...], **around: Any) -> Screened:
    return Screened(fields, api(method, path, **around), api_level)


# The coaching conversation's stages, each answered around the field written.
STAGE_ANSWERS = {
    "goal": {"what": "Speak up in team meetings", "area": "career", "measure": "done"},
    "reality": {"tried": "", "obstacles": "Others talk over me"},
    "options": {"strategies_1": "Agree a turn with the chair beforehand"},
    "will": {"step_1": "Prepare one point for Monday", "cadence": "weekly", "confidence": "7"},
}
STAGE_FIELDS = ("goal.what", "goal.why", "reality.tried", "reality.obstacles")
STAGE_FIELDS += ("options.strategies_1", "will.step_1")


def answer_stage_page(visit: Visit, field: str, text: str) -> Response:
    stage, name = field.split(".")
    path = f"/grow/{{conversation_id}}/{stage}"
    return visit.form(path, {**STAGE_ANSWERS[stage], name: text})


def answer_stage_api(visit: Visit, field: str, text: str) -> Response:
    stage, name = field.split(".")
    path = f"/api/v1/conversations/{{conversation_id}}/{stage}"
    return visit.api("PUT", path, {**STAGE_ANSWERS[stage], name: text})


EXERCISE_FIELDS = tuple(
    f"{kind.value}.{name}"
    for kind, exercise in EXERCISES.items()
    for name in exercise.prompts
    if name not in exercise.ratings
)


def exercise_page(visit: Visit, field: str, text: str) -> Response:
    kind, name = field.split(".")
    return visit.form(f"/journal/exercises/{kind}", {name: text})


def promise_check(visit: Visit, field: str, text: str) -> Response:
    return visit.form("/journal/promises/{promise_id}", {"kept": "not_yet", field: text})


def exercise_api(visit: Visit, field: str, text: str) -> Response:
    kind, name = field.split(".")
    return visit.api("POST", f"/api/v1/journal/exercises/{kind}", {name: text})


def import_file(visit: Visit, field: str, text: str) -> Response:
    """Our CSV, or Daylio's export, holding one entry whose note is `text`."""
    if field == "file:daylio":
        quoted = '"' + text.replace('"', '""') + '"'
        body = f"{DAYLIO_HEADER}\n2025-03-01,March 1,Saturday,21:30,meh,,,{quoted}\n"
        fields = {"format": "daylio", "mood_map": "meh=5"}
    else:
        body = entries_to_csv([plan_entry(at=NOW - timedelta(days=1), mood=5, note=text)])
        fields = {"format": "csv"}
    files = {"file": ("journal.csv", body.encode(), "text/csv")}
    return visit.form("/journal/import", fields, files=files)


def journal_entry_api(visit: Visit, field: str, text: str) -> Response:
    written: Any = [text] if field == "emotions" else text
    return visit.api("POST", "/api/v1/journal", {"mood": 5, field: written})


def assessment_page(visit: Visit, field: str, text: str) -> Response:
    fields = {"goal": "Get promoted", "steady": "8", field: text}
    return visit.form("/assessment", fields, follow_redirects=True)


def confirmed_booking(visit: Visit, field: str, text: str) -> Response:
    fields = {"starts": visit.values["slot"], "kind": "session", "note": text}
    return visit.form("/book/{practitioner_id}/confirm", fields)


def booking_api(visit: Visit, field: str, text: str) -> Response:
    body = {
        "practitioner_id": visit.values["practitioner_id"],
        "starts": visit.values["slot"],
        "kind": "session",
        "note": text,
    }
    return visit.api("POST", "/api/v1/bookings", body)


def enquiry_page(visit: Visit, field: str, text: str) -> Response:
    return visit.form("/practitioners/{enquiry_listing}/enquiry", {field: text})


def enquiry_api(visit: Visit, field: str, text: str) -> Response:
    return visit.api("POST", "/api/v1/practitioners/{enquiry_listing}/enquiry", {field: text})


OWN_WORDS = plan_entry(at=NOW, mood=5, own_coping="A long bath")
A_PROMISE = plan_exercise(EntryKind.SELF_TRUST, {"promise": "A walk at lunch"}, NOW)
GOAL_FORM = {"what": "Run a 10k", "area": "habits_health", "cadence": "weekly"}

SCREENED: dict[Route, Screened] = {
    # The assessment is screened by its own service (assessment/service/assessments.py) and
    # tested in tests/assessment/pages/test_steps.py and test_api.py; it is here so none is missed.
    ("POST", "/assessment"): Screened(("goal", "text"), assessment_page, assessment_page_level),
    ("POST", "/api/v1/assessments"): Screened(
        ("goal", "text"), api("POST", "/api/v1/assessments", steady=8), assessment_api_level
    ),
    # Goals and every part of one.
    ("POST", "/goals/new"): page("/goals/new", ("what", "why"), **GOAL_FORM),
    ("POST", "/goals/{goal_id}/check-ins"): page(
        "/goals/{goal_id}/check-ins", ("did", "blocked"), confidence="6"
    ),
    ("POST", "/goals/{goal_id}/steps"): page("/goals/{goal_id}/steps", ("text",)),
    ("POST", "/goals/{goal_id}/steps/{step_id}"): page(
        "/goals/{goal_id}/steps/{step_id}", ("text",), due_on=""
    ),
    ("POST", "/goals/{goal_id}/obstacles"): page("/goals/{goal_id}/obstacles", ("text",)),
    ("POST", "/goals/{goal_id}/obstacles/{obstacle_id}/strategies"): page(
        "/goals/{goal_id}/obstacles/{obstacle_id}/strategies", ("text",)
    ),
    ("POST", "/goals/{goal_id}/strategies/{strategy_id}"): page(
        "/goals/{goal_id}/strategies/{strategy_id}", ("note",), outcome="partly"
    ),
    ("POST", "/api/v1/goals"): api_route("POST", "/api/v1/goals", ("what", "why"), what="Run"),
    ("PATCH", "/api/v1/goals/{goal_id}"): api_route(
        "PATCH", "/api/v1/goals/{goal_id}", ("what", "why")
    ),
    ("POST", "/api/v1/goals/{goal_id}/steps"): api_route(
        "POST", "/api/v1/goals/{goal_id}/steps", ("text",)
    ),
    ("PATCH", "/api/v1/goals/{goal_id}/steps/{step_id}"): api_route(
        "PATCH", "/api/v1/goals/{goal_id}/steps/{step_id}", ("text",)
    ),
    ("POST", "/api/v1/goals/{goal_id}/obstacles"): api_route(
        "POST", "/api/v1/goals/{goal_id}/obstacles", ("text",)
    ),
    ("POST", "/api/v1/goals/{goal_id}/obstacles/{obstacle_id}/strategies"): api_route(
        "POST", "/api/v1/goals/{goal_id}/obstacles/{obstacle_id}/strategies", ("text",)
    ),
    ("PATCH", "/api/v1/goals/{goal_id}/strategies/{strategy_id}"): api_route(
        "PATCH", "/api/v1/goals/{goal_id}/strategies/{strategy_id}", ("note",), outcome="partly"
    ),
    ("POST", "/api/v1/goals/{goal_id}/check-ins"): api_route(
        "POST", "/api/v1/goals/{goal_id}/check-ins", ("did", "blocked"), confidence=6
    ),
    # The coaching conversation, stage by stage.
    ("POST", "/grow/{conversation_id}/{stage_name}"): Screened(
        STAGE_FIELDS, answer_stage_page, page_level
    ),
    ("PUT", "/api/v1/conversations/{conversation_id}/{stage}"): Screened(
        STAGE_FIELDS, answer_stage_api, api_level
    ),
    # The journal: entries, exercises and imported history (a Daylio note too).
    ("POST", "/journal"): page(
        "/journal", ("own_emotions", "what_happened", "own_coping", "note"), mood="5"
    ),
    ("POST", "/api/v1/journal"): Screened(
        ("emotions", "what_happened", "own_coping", "note"), journal_entry_api, api_level
    ),
    ("POST", "/journal/exercises/{exercise}"): Screened(EXERCISE_FIELDS, exercise_page, page_level),
    ("POST", "/journal/promises/{entry_id}"): Screened(("noticed",), promise_check, page_level),
    ("POST", "/api/v1/journal/exercises/{kind}"): Screened(
        EXERCISE_FIELDS, exercise_api, api_level
    ),
    ("POST", "/journal/import"): Screened(("file:csv", "file:daylio"), import_file, page_level),
    # A tool for the moment, kept as coping with a note.
    ("POST", "/right-now/log"): page("/right-now/log", ("note",), tool="grounding"),
    ("POST", "/api/v1/journal/tools/{tool}"): api_route(
        "POST", "/api/v1/journal/tools/grounding", ("note",)
    ),
    # The note a client writes with a booking.
    ("POST", "/book/{practitioner_id}/confirm"): Screened(("note",), confirmed_booking, page_level),
    ("POST", "/api/v1/bookings"): Screened(("note",), booking_api, api_level),
    # The coordination note, as the client writes it.
    ("POST", "/care-team/note"): page("/care-team/note", ("note",)),
    ("PUT", "/api/v1/me/care-team/note"): api_route("PUT", "/api/v1/me/care-team/note", ("text",)),
    # A client's messages, in their thread and as a first question to a practitioner.
    ("POST", "/messages/{thread_id}"): page("/messages/{thread_id}", ("text",)),
    ("POST", "/api/v1/messages/{thread_id}"): api_route(
        "POST", "/api/v1/messages/{thread_id}", ("text",)
    ),
    ("POST", "/practitioners/{practitioner_id}/enquiry"): Screened(
        ("text",), enquiry_page, page_level
    ),
    ("POST", "/api/v1/practitioners/{practitioner_id}/enquiry"): Screened(
        ("text",), enquiry_api, api_level
    ),
}

COACHS_WORDS = "a practitioner's words, not the client's"
EXEMPT: dict[Route, str] = {
    ("POST", "/safety-plan"): "the safety plan is the safety response itself: what to do and "
    "whom to call when things are at their worst, which screening would answer with itself",
    ("PUT", "/api/v1/me/safety-plan"): "the safety plan, as on its page",
    ("POST", "/goals/{goal_id}/comments"): COACHS_WORDS,
    ("POST", "/goals/{goal_id}/homework"): COACHS_WORDS,
    ("POST", "/api/v1/goals/{goal_id}/comments"): COACHS_WORDS,
    ("POST", "/api/v1/goals/{goal_id}/homework"): COACHS_WORDS,
    ("POST", "/clients/{client_id}/notes"): COACHS_WORDS,
    ("POST", "/clients/{client_id}/notes/{note_id}"): COACHS_WORDS,
    ("POST", "/clients/{client_id}/homework"): COACHS_WORDS,
    ("POST", "/clients/{client_id}/referrals"): COACHS_WORDS,
    ("POST", "/api/v1/caseload/{client_id}/notes"): COACHS_WORDS,
    ("POST", "/api/v1/caseload/{client_id}/homework"): COACHS_WORDS,
    ("POST", "/api/v1/referrals"): COACHS_WORDS,
    ("POST", "/clients/{client_id}/care-team/note"): COACHS_WORDS,
    ("PUT", "/api/v1/caseload/{client_id}/care-team/note"): COACHS_WORDS,
    ("POST", "/my-listing"): "a practitioner's public listing",
    ("POST", "/my-listing/appointments"): "a practitioner's public listing: what clients book",
    ("POST", "/book/{practitioner_id}/review"): "a booking shown back to confirm, nothing saved; "
    "its note is screened when the booking is confirmed",
    ("PUT", "/api/v1/practitioners/me"): "a practitioner's public listing",
    ("PUT", "/api/v1/practitioners/me/appointments"): "a practitioner's public listing: "
    "what clients book",
    ("POST", "/api/v1/classify/{task}"): "a classification tool: the words are classified and "
    "answered, never saved, and its crisis task answers with the level itself",
}

# Fields that hold text but not prose: nothing a person says about themselves fits in them.
# (Addresses, passwords, dates, numbers and choices say so in their input type or schema.)
NOT_PROSE = {
    "code",  # a six-digit sign-in code
    "recovery_code",  # a one-time code such as 7k3m-q9xd-2fhw
    "display_name",  # what to call the person
    "name",  # a token's label ("my journaling script"), or a trusted person's name
    "practitioner_email",  # the address of the practitioner to share with
    "region",  # a country code
    "subdivision",  # a state or province's code, such as US-NY
    "appointment",  # the key of a practitioner's kind of appointment, such as session
    "time_zone",  # an IANA zone name, such as Europe/London
    "instrument",  # a questionnaire's key, such as phq9
    "unit",  # a measure's unit, such as km (at most 30 characters)
    "mood_map",  # Daylio's mood names and the numbers they stand for
}

# Page routes whose forms do not show on a page visited here, with what they take instead.
NOT_RENDERED: dict[Route, str] = {
    ("POST", "/safety-check"): "the ASQ's yes and no answers, shown after a screen",
    ("POST", "/assessments/{assessment_id}/asq"): "the ASQ's yes and no answers on a result",
    ("POST", "/password-reset/{token}"): "a new password, from an emailed link",
    ("POST", "/sign-up/{token}"): "nothing but the button, from an emailed link",
    ("POST", "/bookings/{booking_id}/fit"): "a choice of three, once a consultation has ended",
    ("POST", "/book/{practitioner_id}/review"): "the time chosen from the times a kind offers "
    "(/book/ID?kind=KEY)",
    ("POST", "/book/{practitioner_id}/confirm"): "the booking as reviewed, on the review page",
    ("POST", "/my-listing/appointments"): "a practitioner's kinds, once their listing exists",
    ("POST", "/care-team"): "someone to add to the care team, shown while someone the client "
    "works with is not in it (the coach here is)",
    ("POST", "/practitioners/{practitioner_id}/enquiry"): "a first question to a listing with "
    "an account that takes questions (the open listing here has no account)",
    ("POST", "/account/two-factor/off"): "a code, shown to a client whose two-factor sign-in is "
    "on (the owner's is off)",
}


def family(field: str) -> str:
    """A field's name without its stage or kind, numbered fields as one ("step_n")."""
    return re.sub(r"_\d+$", "_n", name_of(field))


def takes_words(field: str) -> bool:
    name = family(field)
    return name not in NOT_PROSE and name != "id" and not name.endswith("_id")


# Finding the fields: the API's from OpenAPI, the pages' from the forms they render.


def api_fields(app: FastAPI) -> dict[Route, set[str]]:
    """Each API route that takes a body, with the names of its string fields ("*" for an object
    of any keys)."""
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    found: dict[Route, set[str]] = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            if path.startswith("/api/") and "application/json" in body:
                fields = _strings(body["application/json"]["schema"], schemas, "*")
                found[(method.upper(), path)] = fields
    return found


def _strings(schema: dict[str, Any], schemas: dict[str, Any], name: str) -> set[str]:
    if "$ref" in schema:
        return _strings(schemas[schema["$ref"].split("/")[-1]], schemas, name)
    if "enum" in schema or schema.get("type") in ("integer", "number", "boolean"):
        return set()
    if schema.get("type") == "string":
        return set() if "format" in schema else {name}
    found: set[str] = set()
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        found |= _strings(option, schemas, name)
    if "items" in schema:
        found |= _strings(schema["items"], schemas, name)
    for key, value in schema.get("properties", {}).items():
        found |= _strings(value, schemas, key)
    extra = schema.get("additionalProperties")
    if extra is True or (isinstance(extra, dict) and _strings(extra, schemas, "*")):
        found.add("*")
    return found


class Forms(HTMLParser):
    """The forms a page posts, each as (action, names of the inputs that take words); a
    file counts, for what is in it."""

    def __init__(self, here: str) -> None:
        super().__init__()
        self.here = here
        self.forms: list[tuple[str, set[str]]] = []
        self.inside: set[str] | None = None  # the fields of the post form being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = None
            if attributes.get("method", "get").lower() == "post":
                self.inside = set()
                self.forms.append((attributes.get("action") or self.here, self.inside))
        elif self.inside is not None and "name" in attributes and _takes_text(tag, attributes):
            self.inside.add(attributes["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = None


def _takes_text(tag: str, attributes: dict[str, str]) -> bool:
    if tag == "textarea":
        return True
    kind = attributes.get("type", "text")
    numeric = attributes.get("inputmode") in ("numeric", "decimal")
    return tag == "input" and (kind in ("text", "search", "file") and not numeric)


def route_of(url: str, routes: set[Route]) -> Route | None:
    path = url.split("?")[0].split("#")[0]
    for method, pattern in routes:
        if re.fullmatch(re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(pattern)), path):
            return (method, pattern)
    return None


# The world every request is made in, built once per database.


@pytest.fixture(scope="module")
def module_connection(migrated_engine: Engine) -> Iterator[Connection]:
    with migrated_engine.connect() as connection:
        outer = connection.begin()
        yield connection
        outer.rollback()


@pytest.fixture
def connection(module_connection: Connection, world: dict[str, str]) -> Iterator[Connection]:
    """Each request works in a savepoint of the module's transaction, rolled back after it."""
    savepoint = module_connection.begin_nested()
    yield module_connection
    savepoint.rollback()


@pytest.fixture(scope="module")
def world(
    migrated_engine: Engine,
    module_connection: Connection,
    master_keys: MasterKeys,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, str]:
    """A client with a goal and its parts, a conversation answered up to its last stage, an
    entry in their own words, a promise to themselves, an assessment, a booking and a shared
    report and a trusted person; a coach holding their grant who set homework and referred
    them; an admin; and a listing with a free slot. Enough that every page shows its forms."""
    sessions = sessionmaker(
        bind=module_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    settings = Settings(data_dir=tmp_path_factory.mktemp("world"))
    runtime = Runtime(settings, Database(migrated_engine, sessions), master_keys, SECRET)
    keys = runtime.master_keys
    with runtime.database.transaction() as session:
        owner = make_person(session, "owner@example.org")
        coach = make_person(session, "coach@example.org", role="practitioner")
        admin = make_person(session, "admin@example.org", role="admin")
        grant_access(
            session,
            owner,
            practitioner_email=coach.email,
            areas=[Area.ASSESSMENTS, Area.COACHING],
            now=NOW,
        )
        coachs_work(session, keys, owner, coach)
        values = {
            **goal_parts(session, keys, owner),
            "conversation_id": conversation_at_will(session, keys, owner),
            "entry_id": add_entry(session, keys, owner, OWN_WORDS, NOW).id,
            "promise_id": add_entry(session, keys, owner, A_PROMISE, NOW).id,
            "assessment_id": record_assessment(
                session, keys, STEADY_COACHING_CLIENT, owner=owner
            ).id,
            "client_id": owner.id,
            "instrument": "phq9",
            **open_listing(session, keys, owner),
            "thread_id": thread_with_coach(session, owner),
            "enquiry_listing": listing_taking_questions(session),
            "invitation_id": invite_trusted_person(
                session,
                keys,
                owner,
                name="Sam",
                email="sam@example.org",
                areas=["moods"],
                show_my_name=False,
                public_url="https://crossroads.test",
                now=NOW,
            ).id,
            "owner_session": browser_session(session, keys, owner, NOW),
            "coach_session": browser_session(session, keys, coach, NOW),
            "admin_session": browser_session(session, keys, admin, NOW),
            "api_token": create_token(session, owner, name="t", scopes=["read", "write"], now=NOW)[
                1
            ],
        }
    return values


def goal_parts(session: Session, keys: MasterKeys, owner: Any) -> dict[str, str]:
    goal = plan_goal(what="Run a 10k", starts_on=NOW.date())
    schedule = plan_schedule(Cadence.WEEKLY, goal.starts_on)
    goal_id = add_goal(session, keys, owner, goal, schedule, now=NOW).id
    obstacle_id = add_obstacle(session, keys, owner, goal_id, "Rainy evenings", NOW).id
    strategy = plan_strategy("Run at lunch")
    return {
        "goal_id": goal_id,
        "step_id": add_step(session, keys, owner, goal_id, plan_step("Buy shoes"), NOW).id,
        "obstacle_id": obstacle_id,
        "strategy_id": add_strategy(session, keys, owner, obstacle_id, strategy, NOW).id,
    }


def conversation_at_will(session: Session, keys: MasterKeys, owner: Any) -> str:
    """Answered up to its last stage, so that every stage's form is open."""
    conversation_id = start_conversation(session, keys, owner, NOW)
    for stage in (Stage.GOAL, Stage.REALITY, Stage.OPTIONS):
        answer_stage(session, keys, owner, conversation_id, stage, STAGE_ANSWERS[stage.value], NOW)
    return conversation_id


def open_listing(session: Session, keys: MasterKeys, owner: Any) -> dict[str, str]:
    """A listing open every day, by its id, a free slot on it and the owner's booking of
    another."""
    hours = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}
    fields = {
        "email": "open@example.org",
        "name": "Lee Open",
        "kind": "coach",
        "availability": hours,
    }
    practitioner_id, _ = save_listing(session, fields, NOW)
    later = NOW + timedelta(days=3)
    [booked, free, *_] = open_slots(session, practitioner_id, later, later + timedelta(days=1), NOW)
    mine = book(session, keys, owner, practitioner_id, booked.starts, BookingKind.SESSION, NOW)
    return {
        "practitioner_id": practitioner_id,
        "slot": free.starts.isoformat(),
        "booking_id": mine.id,
    }


def thread_with_coach(session: Session, owner: Any) -> str:
    """The owner's one thread: with the coach, who holds their grant."""
    [thread] = threads_of(session, owner, NOW)
    return thread.id


def listing_taking_questions(session: Session) -> str:
    """A listing whose practitioner the owner has never met, open to a first question (the
    open listing has no account to write to)."""
    person = make_person(session, "asked@example.org", role="practitioner")
    fields = {"email": person.email, "name": "Kim Asked", "kind": "coach"}
    listing_id, _ = save_listing(session, fields, NOW, person.id)
    return listing_id


def coachs_work(session: Session, keys: MasterKeys, owner: Any, coach: Any) -> None:
    """Homework and a referral from the coach, a report the owner shared with them, and the
    coach in the owner's care team, seeing it."""
    assign_homework(session, keys, coach, owner.id, "Walk", NOW.date(), NOW)
    let_see_team(session, owner, add_member(session, owner, coach.id, NOW).id, True)
    refer(session, keys, coach, owner.id, ReferTo.THERAPY, "A therapist's time", NOW)
    report = progress_report(session, keys, owner, None, None, NOW)
    share_report(session, keys, owner, coach.id, report, NOW)


@pytest.fixture
def visit(client: FormClient, world: dict[str, str]) -> Visit:
    client.cookies.set(SESSION_COOKIE, world["owner_session"])
    return Visit(client, world, world["api_token"])


# The table against the app.

CASES = [
    pytest.param(route, field, level, id=f"{route[0]} {route[1]} {field} {level}")
    for route, screened in SCREENED.items()
    for field in screened.fields
    for level in TEXTS
]


@pytest.mark.parametrize(("route", "field", "level"), CASES)
def test_each_free_text_field_brings_the_response_its_words_ask_for(
    visit: Visit, route: Route, field: str, level: str
) -> None:
    screened = SCREENED[route]

    response = screened.send(visit, field, TEXTS[level])

    assert screened.level(response) == level


def page_routes_and_forms(
    app: FastAPI, client: FormClient, world: dict[str, str]
) -> dict[Route, set[str]]:
    """Every page the visitors here can open, and the forms on it: (route posted to) ->
    the names of its inputs that take words."""
    spec = app.openapi()["paths"]
    posts = {
        (method.upper(), path)
        for path, operations in spec.items()
        for method in operations
        if method != "get" and not path.startswith("/api/")
    }
    variants = {
        "stage_name": [stage.value for stage in Stage],
        "exercise": [f"{kind.value}?readiness=10" for kind in EXERCISES],  # past readiness
    }
    found: dict[Route, set[str]] = {}
    for path, operations in spec.items():
        if "get" not in operations or path.startswith("/api/") or "." in path:
            continue
        for url in _urls(path, world, variants):
            for visitor in ("anonymous", "owner", "coach", "admin"):
                client.cookies.clear()
                if visitor != "anonymous":
                    client.cookies.set(SESSION_COOKIE, world[f"{visitor}_session"])
                response = client.get(url, follow_redirects=False)
                if response.status_code != 200 or "html" not in response.headers["content-type"]:
                    continue
                forms = Forms(url.split("?")[0])
                forms.feed(response.text)
                for action, names in forms.forms:
                    route = route_of(action, posts)
                    assert route is not None, f"{url} posts to {action}, which is no route"
                    found.setdefault(route, set()).update(names)
    return found


def _urls(path: str, values: dict[str, str], variants: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"\{([a-z_]+)\}", path)
    if any(name not in values and name not in variants for name in names):
        return []
    urls = [path]
    for name in names:
        options = variants.get(name, [values.get(name, "")])
        urls = [url.replace(f"{{{name}}}", option) for url in urls for option in options]
    return urls


def test_every_route_that_takes_words_is_screened_or_exempt(
    app: FastAPI, client: FormClient, world: dict[str, str]
) -> None:
    pages = page_routes_and_forms(app, client, world)
    taking = {**pages, **api_fields(app)}
    all_routes = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }

    unlisted = sorted(
        f"{method} {path}: {field}"
        for (method, path), fields in taking.items()
        if (method, path) not in EXEMPT
        for field in fields
        if takes_words(field) and family(field) not in {family(f) for f in _listed(method, path)}
    )
    unseen = sorted(
        f"{method} {path}"
        for method, path in all_routes
        if method != "GET"
        and not path.startswith("/api/")
        and (method, path) not in {*pages, *SCREENED, *EXEMPT, *NOT_RENDERED}
    )
    stale = sorted(f"{m} {p}" for m, p in {*SCREENED, *EXEMPT, *NOT_RENDERED} - all_routes)
    stale += sorted(f"{m} {p} is rendered after all" for m, p in set(NOT_RENDERED) & set(pages))

    assert unlisted == [], "fields that take words but are in no table entry"
    assert unseen == [], "page routes whose forms were not found: list them"
    assert stale == [], "entries that no longer hold"


def _listed(method: str, path: str) -> tuple[str, ...]:
    screened = SCREENED.get((method, path))
    if screened is None:
        return ()
    return ("*", *screened.fields)  # an entry covers an API body of any keys


def test_every_listed_page_field_is_on_a_form(
    app: FastAPI, client: FormClient, world: dict[str, str]
) -> None:
    """The table names fields the forms really have, so an entry cannot drift from its page."""
    pages = page_routes_and_forms(app, client, world)

    drifted = sorted(
        f"{method} {path}: {field}"
        for (method, path), screened in SCREENED.items()
        if (method, path) in pages
        for field in screened.fields
        if family(field) not in {family(name) for name in pages[(method, path)]}
    )

    assert drifted == []
