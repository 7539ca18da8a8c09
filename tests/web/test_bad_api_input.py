"""Malformed and oversized bodies to every API route get a clear 4xx, never a 500, and
change nothing."""

from collections import defaultdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from crossroads.accounts.service.tokens import create_token
from crossroads.app import create_app
from crossroads.assessment.store.assessments import AssessmentRow
from crossroads.coaching.store import GoalRow
from crossroads.kernel.consent import Area
from crossroads.platform.config import Settings
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.sharing.store import GrantRow
from crossroads.web.limits import MAX_BODY_BYTES
from tests.conftest import FormClient
from tests.factories import make_person
from tests.web.test_authorisation import EXPECTED

NOW = datetime.now(UTC)
API_ROUTES = sorted(route for route in EXPECTED if route[1].startswith("/api/"))
BAD_BODIES = {
    "not json": (b"{this is not json", "application/json"),
    "a json list": (b"[1, 2, 3]", "application/json"),
    "a json string": (b'"hello"', "application/json"),
    "wrong types": (b'{"phq9": "all", "areas": 3, "practitioner_email": []}', "application/json"),
    "form encoding": (b"phq9=1&phq9=2", "application/x-www-form-urlencoded"),
    "oversized": (b'{"text": "' + b"x" * (MAX_BODY_BYTES + 1) + b'"}', "application/json"),
    "invalid utf-8": (b'{"goal": "\xff\xfe"}', "application/json"),
}


@pytest.fixture
def token(runtime: Runtime) -> str:
    with runtime.database.transaction() as session:
        client = make_person(session, "client@example.org")
        make_person(session, "therapist@example.org", role="practitioner")
        grant_access(
            session,
            client,
            practitioner_email="therapist@example.org",
            areas=[Area.ASSESSMENTS],
            now=NOW,
        )
        return create_token(session, client, name="fuzz", scopes=["read", "write"], now=NOW)[1]


def counts(runtime: Runtime) -> tuple[int, int, int]:
    with runtime.database.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(AssessmentRow)) or 0,
            session.scalar(select(func.count()).select_from(GrantRow)) or 0,
            session.scalar(select(func.count()).select_from(GoalRow)) or 0,
        )


@pytest.fixture(scope="module")
def reads_a_body(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """The API routes that read a body at all; one that does not (starting a conversation)
    ignores whatever is sent, except that an oversized one is refused before any route. Read
    from the OpenAPI schema, which is the same for every app and slow to build, so once."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("schema")))
    paths = app.openapi()["paths"]
    return {(m, p) for m, p in API_ROUTES if "requestBody" in paths[p][m.lower()]}


@pytest.mark.parametrize("body", sorted(BAD_BODIES))
@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_a_bad_body_gets_a_4xx_and_changes_nothing(
    client: FormClient,
    runtime: Runtime,
    token: str,
    reads_a_body: set[tuple[str, str]],
    method: str,
    path: str,
    body: str,
) -> None:
    content, content_type = BAD_BODIES[body]
    url = path.format_map(defaultdict(lambda: "x", task="need"))
    before = counts(runtime)

    response = client.request(
        method,
        url,
        content=content,
        headers={"authorization": f"Bearer {token}", "content-type": content_type},
    )

    assert response.status_code < 500, response.text
    if method in {"POST", "DELETE"} and (body == "oversized" or (method, path) in reads_a_body):
        assert 400 <= response.status_code < 500
    assert counts(runtime) == before


def test_an_oversized_page_form_is_refused_too(client: FormClient) -> None:
    response = client.post("/assessment", data={"text": "x" * (MAX_BODY_BYTES + 1)})

    assert response.status_code == 413
