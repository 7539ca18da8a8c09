"""Values that once gave a 500 further in: an infinite check-in (refused now, and one stored
before no longer breaks the goal for its owner or their coach), a booking at the calendar's
ends, a report period in the year 1, and sharing through the API, which refused its own
documented body."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crossroads.accounts.service.accounts import find_by_email
from crossroads.coaching.rules.checkins import Cadence, CheckInReport, plan_schedule
from crossroads.coaching.rules.goals import Measure, MeasureKind, plan_goal
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.coaching.service.goals import add_goal
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.web import test_free_text_screening as screening

# The world of the free-text test: a client and their coach (who holds a grant for coaching),
# a goal, a listing with a free slot, sessions and an API token.
world = screening.world
module_connection = screening.module_connection
connection = screening.connection

NOW = datetime.now(UTC)
YEAR_9999 = "9999-12-31T23:30:00-05:00"  # one step past the calendar once in UTC
YEAR_1 = "0001-01-01T00:30:00+05:00"


def api(client: FormClient, world: dict[str, str], method: str, url: str, body: Any) -> Any:
    headers = {"authorization": f"Bearer {world['api_token']}", "content-type": "application/json"}
    content = body if isinstance(body, str) else json.dumps(body)
    return client.request(method, url, content=content, headers=headers)


def as_(client: FormClient, world: dict[str, str], visitor: str) -> FormClient:
    client.cookies.set(SESSION_COOKIE, world[f"{visitor}_session"])
    return client


@pytest.fixture
def measured_goal(runtime: Runtime) -> str:
    """The owner's goal to run 30 km, from 0."""
    with runtime.database.transaction() as session:
        owner = find_by_email(session, "owner@example.org")
        assert owner is not None
        measure = Measure(MeasureKind.NUMBER, "km", 0.0, 30.0)
        goal = plan_goal(what="Run 30 km", measure=measure, starts_on=NOW.date())
        schedule = plan_schedule(Cadence.WEEKLY, goal.starts_on)
        return add_goal(session, runtime.master_keys, owner, goal, schedule, now=NOW).id


@pytest.mark.parametrize("value", ["1e400", "-1e400", "NaN", '"Infinity"', '"1e400"', '"NaN"'])
def test_an_infinite_check_in_is_refused_by_the_api_naming_the_value(
    client: FormClient, world: dict[str, str], measured_goal: str, value: str
) -> None:
    url = f"/api/v1/goals/{measured_goal}/check-ins"

    response = api(client, world, "POST", url, f'{{"value": {value}}}')

    assert response.status_code == 422
    assert ["body", "value"] in [item["loc"] for item in response.json()["detail"]]
    goal = api(client, world, "GET", f"/api/v1/goals/{measured_goal}", None).json()
    assert goal["check_in_history"] == []


@pytest.mark.parametrize("value", ['"Infinity"', '"-1e400"', "1e400"])
def test_a_goal_measured_from_infinity_is_refused(
    client: FormClient, world: dict[str, str], value: str
) -> None:
    body = f'{{"what": "Run", "measure": {{"kind": "number", "unit": "km", "start": {value}}}}}'

    response = api(client, world, "POST", "/api/v1/goals", body)

    assert response.status_code == 422
    assert ["body", "measure", "start"] in [item["loc"] for item in response.json()["detail"]]


def test_an_infinite_check_in_stored_before_leaves_the_goal_readable_by_owner_and_coach(
    client: FormClient, runtime: Runtime, world: dict[str, str], measured_goal: str
) -> None:
    with runtime.database.transaction() as session:
        owner = find_by_email(session, "owner@example.org")
        assert owner is not None
        # 12 km, then what the API once let through, each the latest in its turn.
        for minutes, value in enumerate((12.0, float("inf"), float("nan"), float("-inf"))):
            report = CheckInReport(value=value, did="Ran")
            at = NOW - timedelta(minutes=10 - minutes)
            record_check_in(session, runtime.master_keys, owner, measured_goal, report, now=at)

    owners = as_(client, world, "owner").get(f"/goals/{measured_goal}")
    coachs = as_(client, world, "coach").get(f"/goals/{measured_goal}")
    through_api = api(client, world, "GET", f"/api/v1/goals/{measured_goal}", None)

    assert owners.status_code == coachs.status_code == through_api.status_code == 200
    values = [c["value"] for c in through_api.json()["check_in_history"]]
    assert sorted(values, key=str) == sorted([None, None, None, 12.0], key=str)
    assert through_api.json()["progress"]["current"] == 12.0


@pytest.mark.parametrize("starts", [YEAR_9999, YEAR_1])
def test_a_booking_at_the_calendars_end_is_refused_plainly(
    client: FormClient, world: dict[str, str], starts: str
) -> None:
    body = {"practitioner_id": world["practitioner_id"], "starts": starts, "kind": "session"}
    through_api = api(client, world, "POST", "/api/v1/bookings", body)
    page = as_(client, world, "owner").post(
        f"/book/{world['practitioner_id']}/confirm",
        data={"starts": starts, "kind": "session"},
    )

    assert through_api.status_code == 422
    assert through_api.json()["detail"][0]["loc"] == ["body", "starts"]
    assert page.status_code == 422
    assert "too far away" in page.text


@pytest.mark.parametrize("period", ["to=0001-01-01", "from=0001-01-01", "from=1999-12-31"])
def test_a_report_period_in_the_distant_past_is_refused_plainly(
    client: FormClient, world: dict[str, str], period: str
) -> None:
    browser = as_(client, world, "owner")

    page = browser.get(f"/report?{period}")
    pdf = browser.get(f"/report.pdf?{period}")

    assert page.status_code == pdf.status_code == 422
    assert "choose a day from 2000 on" in page.text.lower()


def test_sharing_through_the_api_takes_its_documented_body(
    client: FormClient, world: dict[str, str]
) -> None:
    body = {"practitioner_email": "open@example.org", "areas": ["assessments", "journal"]}

    given = api(client, world, "POST", "/api/v1/me/grants", body)
    wrong = api(client, world, "POST", "/api/v1/me/grants", {**body, "areas": ["everything"]})
    listed = api(client, world, "GET", "/api/v1/me/grants", None)

    assert given.status_code == 201, given.text
    assert sorted(g["area"] for g in given.json()) == ["assessments", "journal"]
    assert {"assessments", "journal"} <= {g["area"] for g in listed.json()}
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "areas", 0]
