"""Values no field can keep, sent into every field of every API body and every page form: NaN,
Infinity, -Infinity, 1e400 (Infinity once read), a 5,000-digit number (more than Python will read
as a whole number) and half of a UTF-16 pair (JavaScript leaves one when it cuts an emoji in
two). Each is refused with a 4xx, never a 500: in the API with a 422 naming the field that still
carries the crisis screen of the words beside it; on a page with the page's own error, and a
number field never keeps one.

The API's routes and fields come from its OpenAPI description and the pages' forms from the
pages the visitors here open (as in test_free_text_screening.py), so a new route or field is
covered as soon as it exists, and a page route whose form is not found fails until it is listed.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, unquote_to_bytes

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import sessionmaker

from crossroads.accounts.service.accounts import find_by_email
from crossroads.app import API_ROUTERS, PAGE_ROUTERS
from crossroads.casework.service.notes import write_note
from crossroads.coaching.rules.grow import Stage
from crossroads.journal.rules.exercises import EXERCISES
from crossroads.kernel.asq import FIELDS as ASQ_FIELDS
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.runtime import Runtime
from crossroads.security.encryption import MasterKeys
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import SECRET, FormClient
from tests.web import test_free_text_screening as screening
from tests.web.test_free_text_screening import NOT_RENDERED, Route, _urls, route_of

# The world of the free-text test (a client with every kind of data, a coach, an admin), each
# test in a savepoint of one transaction per database.
world = screening.world
module_connection = screening.module_connection
connection = screening.connection

CRISIS_WORDS = "I have been thinking about ending my life"
DIGITS = "9" * 5000
# Written into the JSON as they are: json.dumps would write none of them this way.
JSON_VALUES = {
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e400": "1e400",
    "-1e400": "-1e400",
    "5,000 digits": DIGITS,
    "-5,000 digits": "-" + DIGITS,
    "half a pair": json.dumps(f"{CRISIS_WORDS} \ud800"),  # escaped as \ud800
    "half a pair, raw": f'"{CRISIS_WORDS} \xed\xa0\x80"',  # the bytes, sent as latin-1
}
# URL-encoded as a form sends them; the last is the bytes UTF-8 would give \ud800.
FORM_VALUES = {
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e400": "1e400",
    "5,000 digits": DIGITS,
    "half a pair": quote(CRISIS_WORDS) + "%ED%A0%80",
}
NOT_A_NUMBER = ("NaN", "Infinity", "-Infinity", "1e400", "5,000 digits")

Place = tuple[str | int, ...]


# The API: every value of every body, from OpenAPI.


def body_places(app: FastAPI) -> dict[Route, list[Place]]:
    """Each API route that takes a JSON body, with the place of every value in it: a key, an
    item of a list (0), or any key of an open object ("key")."""
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    found: dict[Route, list[Place]] = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                places = _places(content["application/json"]["schema"], schemas, ())
                found[(method.upper(), path)] = sorted(set(places), key=str)
    return found


def _places(schema: dict[str, Any], schemas: dict[str, Any], at: Place) -> Iterator[Place]:
    if "$ref" in schema:
        yield from _places(schemas[schema["$ref"].split("/")[-1]], schemas, at)
        return
    inner: list[tuple[dict[str, Any], Place]] = [
        (option, at) for option in schema.get("anyOf", []) + schema.get("allOf", [])
    ]
    if "items" in schema:
        inner.append((schema["items"], (*at, 0)))
    inner += [(value, (*at, key)) for key, value in schema.get("properties", {}).items()]
    if isinstance(schema.get("additionalProperties"), dict):
        inner.append((schema["additionalProperties"], (*at, "key")))
    for each, place in inner:
        yield from _places(each, schemas, place)
    if not inner or schema.get("type") not in ("object", "array"):
        yield at  # a value of its own (a null beside an object counts too)


def json_body(place: Place, value: str) -> bytes:
    """A body holding `value`, written as it is, at `place`."""
    marker = "__the value__"
    body: Any = marker
    for part in reversed(place):
        body = [body] if isinstance(part, int) else {part: body}
    return json.dumps(body).replace(json.dumps(marker), value).encode("latin-1")


API_WRITES = sorted(
    (method, route.path)
    for router in API_ROUTERS
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in route.methods
    if method in {"POST", "PUT", "PATCH"}
)
PATH_VALUES = {
    "stage": "goal",
    "task": "need",
    "kind": next(iter(EXERCISES)).value,
    "rhythm": "even",
    "tool": "grounding",
}


@pytest.mark.parametrize("value", JSON_VALUES)
@pytest.mark.parametrize(("method", "path"), API_WRITES)
def test_every_api_field_refuses_a_value_it_cannot_keep(
    app: FastAPI, client: FormClient, world: dict[str, str], method: str, path: str, value: str
) -> None:
    places = body_places(app).get((method, path), [])
    url = path.format_map(defaultdict(lambda: "x", {**world, **PATH_VALUES}))
    headers = {"authorization": f"Bearer {world['api_token']}", "content-type": "application/json"}

    wrong = []
    for place in places:
        body = json_body(place, JSON_VALUES[value])
        response = client.request(method, url, content=body, headers=headers)
        answer = response.json() if response.status_code == 422 else {}
        named = ["body", *place] in [item["loc"] for item in answer["detail"]] if answer else False
        screened = "crisis" in answer or not value.startswith("half a pair")
        if not (named and screened):
            wrong.append(f"{place}: {response.status_code} {response.text[:300]}")

    assert wrong == []


def test_every_api_route_checks_its_body_before_reading_it(app: FastAPI) -> None:
    unchecked = [
        route.path
        for route in app.routes
        if isinstance(route, APIRoute)
        and route.path.startswith("/api/")
        and not isinstance(route, CheckedJsonRoute)
    ]
    writes = {route for route, places in body_places(app).items() if places}

    assert unchecked == []
    assert writes <= set(API_WRITES), "a body taken by a method the table above leaves out"


# The pages: every field of every form, as the page renders it.


@dataclass
class Form:
    """A form as a visitor's page renders it: its fields with the values they would send, and
    which of them take a number."""

    visitor: str
    values: dict[str, str] = field(default_factory=dict)
    numbers: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    button: str | None = None  # the named button it is sent with: a browser sends only one


class FormReader(HTMLParser):
    """Every post form on a page, each with what a browser would send unchanged."""

    def __init__(self, here: str, visitor: str) -> None:
        super().__init__()
        self.here, self.visitor = here, visitor
        self.forms: list[tuple[str, Form]] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = None
            if a.get("method", "get").lower() == "post":
                self.form = Form(self.visitor)
                self.forms.append((a.get("action") or self.here, self.form))
        elif self.form is not None and a.get("name"):
            self._field(self.form, tag, a)
        elif (
            self.form is not None
            and tag == "option"
            and self.select is not None
            and ("selected" in a or self.select not in self.form.values)
        ):
            self.form.values[self.select] = a.get("value", "")

    def _field(self, form: Form, tag: str, a: dict[str, str]) -> None:
        name, kind = a["name"], a.get("type", "text")
        if tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textarea = name
            form.values[name] = ""
        elif kind == "file":
            form.files.add(name)
        elif kind in ("checkbox", "radio"):
            if "checked" in a or (kind == "radio" and name not in form.values):
                form.values[name] = a.get("value", "on")
        elif tag == "button" or kind == "submit":  # a named button: the first one
            if form.button is None:
                form.button = name
                form.values[name] = a.get("value", "")
        elif tag == "input":
            form.values[name] = a.get("value", "")
        if kind == "number" or a.get("inputmode") in ("numeric", "decimal"):
            form.numbers.add(name)

    def handle_data(self, data: str) -> None:
        if self.form is not None and self.textarea is not None:
            self.form.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


# Page routes whose forms are shown only after a post or from an emailed link (see
# NOT_RENDERED), written here as those pages write them.
UNRENDERED_FORMS = {
    ("POST", "/safety-check"): Form("owner", {f"asq_{key}": "no" for key in ASQ_FIELDS}),
    ("POST", "/assessments/{assessment_id}/asq"): Form(
        "owner", {f"asq_{key}": "no" for key in ASQ_FIELDS}
    ),
    ("POST", "/password-reset/{token}"): Form("anonymous", {"new_password": "a long new one"}),
    ("POST", "/sign-up/{token}"): Form("anonymous", {}),
    ("POST", "/bookings/{booking_id}/fit"): Form("owner", {"fit": "session"}),
    # Shown only to a client whose two-factor sign-in is on; the owner's is off.
    ("POST", "/account/two-factor/off"): Form("owner", {"code": "123456"}),
    # The open listing has no account to write to, so its page says so instead of the form.
    ("POST", "/practitioners/{practitioner_id}/enquiry"): Form(
        "owner", {"text": "Do you work online?"}
    ),
    **{
        ("POST", f"/book/{{practitioner_id}}/{step}"): Form(
            "owner",
            {
                "kind": "session",
                "mode": "online",
                "starts": "2030-01-07T10:00:00+00:00",
                "note": "",
            },
        )
        for step in ("review", "confirm")
    },
    ("POST", "/my-listing/appointments"): Form(
        "coach",
        {
            "name-0": "Session",
            "minutes-0": "50",
            "fee-0": "0",
            "notice_hours-0": "0",
            "online-0": "on",
        },
        numbers={"minutes-0", "fee-0", "notice_hours-0"},
    ),
    # Shown only while someone the client works with is not in their team; the coach here is.
    ("POST", "/care-team"): Form("owner", {"practitioner": ""}),
}
VISITORS = ("owner", "coach", "admin", "anonymous")
VARIANTS = {
    "stage_name": [stage.value for stage in Stage],
    "exercise": [f"{kind.value}?readiness=10" for kind in EXERCISES],  # past readiness
}


@pytest.fixture(scope="module")
def module_runtime(
    migrated_engine: Engine,
    module_connection: Connection,
    master_keys: MasterKeys,
    tmp_path_factory: pytest.TempPathFactory,
) -> Runtime:
    sessions = sessionmaker(
        bind=module_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    settings = Settings(data_dir=tmp_path_factory.mktemp("forms"))
    return Runtime(settings, Database(migrated_engine, sessions), master_keys, SECRET)


@pytest.fixture(scope="module")
def values(world: dict[str, str], module_runtime: Runtime) -> dict[str, str]:
    """The world's ids, with a note the coach wrote (its form is where it is edited) and a
    token that no link holds (the pages such a link opens show their forms all the same)."""
    with module_runtime.database.transaction() as session:
        coach = find_by_email(session, "coach@example.org")
        assert coach is not None
        note_id = write_note(
            session,
            module_runtime.master_keys,
            coach,
            world["client_id"],
            "Talked about sleep",
            shared=False,
            now=datetime.now(UTC),
        )
    return {**world, **PATH_VALUES, "note_id": note_id, "token": "no-such-token"}


@pytest.fixture(scope="module")
def forms(
    shared_app: FastAPI, module_runtime: Runtime, values: dict[str, str]
) -> dict[Route, Form]:
    """The first form found for each page route, as the first visitor who sees it sees it."""
    shared_app.state.runtime = module_runtime
    spec = shared_app.openapi()["paths"]
    posts = {
        (method.upper(), path)
        for path, operations in spec.items()
        for method in operations
        if method != "get" and not path.startswith("/api/")
    }
    found: dict[Route, Form] = dict(UNRENDERED_FORMS)
    with TestClient(shared_app, base_url="https://testserver") as browser:
        for path, operations in spec.items():
            if "get" not in operations or path.startswith("/api/") or "." in path:
                continue
            for url in _urls(path, values, VARIANTS):
                for visitor in VISITORS:
                    browser.cookies.clear()
                    if visitor != "anonymous":
                        browser.cookies.set(SESSION_COOKIE, values[f"{visitor}_session"])
                    response = browser.get(url, follow_redirects=False)
                    if response.status_code != 200 or "html" not in response.headers.get(
                        "content-type", ""
                    ):
                        continue
                    reader = FormReader(url.split("?")[0], visitor)
                    reader.feed(response.text)
                    for action, form in reader.forms:
                        route = route_of(action, posts)
                        if route is not None:
                            found.setdefault(route, form)
    return found


PAGE_POSTS = sorted(
    (method, route.path)
    for router in PAGE_ROUTERS
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in route.methods
    if method != "GET"
)


@pytest.mark.parametrize(("method", "path"), PAGE_POSTS)
def test_every_form_field_refuses_a_value_it_cannot_keep(
    client: FormClient,
    module_connection: Connection,
    forms: dict[Route, Form],
    values: dict[str, str],
    method: str,
    path: str,
) -> None:
    assert (method, path) in forms, "no page shows this route's form: list it in UNRENDERED_FORMS"
    form = forms[(method, path)]
    url = path.format_map(defaultdict(lambda: "x", {**values, **_variant(path)}))
    if form.visitor != "anonymous":
        client.cookies.set(SESSION_COOKIE, values[f"{form.visitor}_session"])

    wrong = []
    for name in sorted(set(form.values) - {"csrf_token"}):
        for value, encoded in FORM_VALUES.items():
            savepoint = module_connection.begin_nested()
            response = post(client, url, form, {name: encoded})
            savepoint.rollback()
            refused = 400 <= response.status_code < 500
            if response.status_code >= 500 or (
                name in form.numbers and value in NOT_A_NUMBER and not refused
            ):
                wrong.append(f"{name}={value}: {response.status_code} {response.text[:200]}")

    assert wrong == []


def _variant(path: str) -> dict[str, str]:
    return {name: options[0] for name, options in VARIANTS.items() if f"{{{name}}}" in path}


def post(client: FormClient, url: str, form: Form, hostile: dict[str, str]) -> Any:
    """The form as its page would send it, with `hostile` (URL-encoded) in place."""
    fields = {name: quote(value) for name, value in form.values.items()}
    fields |= {"csrf_token": quote(client.csrf_token()), **hostile}
    if not form.files:
        body = "&".join(f"{quote(name)}={value}" for name, value in fields.items()).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        body, content_type = _multipart(fields, form.files)
    return client.request(
        "POST", url, content=body, headers={"content-type": content_type}, follow_redirects=False
    )


def _multipart(fields: dict[str, str], files: set[str]) -> tuple[bytes, str]:
    boundary = "hostile-values-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + unquote_to_bytes(value)
        + b"\r\n"
        for name, value in fields.items()
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="a.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n\r\n".encode()
        for name in sorted(files)
    ]
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_page_route_whose_form_is_not_shown_is_listed_with_its_reason() -> None:
    assert set(UNRENDERED_FORMS) == set(NOT_RENDERED)
