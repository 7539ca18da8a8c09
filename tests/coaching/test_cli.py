"""`crossroads goals`: an operator sets, lists, checks in on and shows a client's goals, on a
real SQLite file."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from crossroads.accounts.service.accounts import find_by_email
from crossroads.cli import app
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.experiments import Outcome, plan_strategy
from crossroads.coaching.rules.goals import (
    SHARPENING_PROMPTS,
    Measure,
    MeasureKind,
    Sharpen,
    plan_goal,
    plan_step,
)
from crossroads.coaching.service.coach_input import add_comment, assign_homework
from crossroads.coaching.service.goal_parts import add_obstacle, add_strategy, judge_strategy
from crossroads.coaching.service.goals import add_goal
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.people import Person, local_today
from crossroads.platform.audit import OPERATOR
from crossroads.platform.config import Settings
from crossroads.platform.runtime import open_runtime
from crossroads.sharing.service.grants import grant_access
from tests.factories import PASSWORD

runner = CliRunner()
ANA = "ana@example.org"
CRISIS_LEAD = "You don't have to go through this alone"
NEXT_YEAR = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CROSSROADS_MASTER_KEYS", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    add_user(ANA)
    return tmp_path


def add_user(email: str, role: str = "client") -> None:
    result = runner.invoke(
        app, ["users", "add", email, "--role", role, "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def goals(*args: str) -> Result:
    return runner.invoke(app, ["goals", *args])


def add_goal_for(email: str, *args: str) -> str:
    result = goals("add", "--user", email, *args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def run_21_km(email: str = ANA) -> str:
    return add_goal_for(
        email, "--what", "Run 21 km", "--unit", "km", "--target", "21", "--by", NEXT_YEAR
    )


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def person(session: Any, email: str) -> Person:
    found = find_by_email(session, email)
    assert found is not None
    return found


def test_a_goal_added_is_listed_checked_in_and_shown(data_dir: Path) -> None:
    goal_id = run_21_km()

    listed = goals("list", "--user", ANA)
    checked_in = goals(
        "checkin", goal_id, "--user", ANA, "--value", "5", "--did", "ran twice", "--confidence", "7"
    )
    shown = goals("show", goal_id, "--user", ANA)

    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines() == [
        f"{goal_id}  Run 21 km",
        "  active; 0 of 21 km, 0 %, on track; streak 0 weeks; check-in due",
    ]
    assert checked_in.exit_code == 0, checked_in.output
    assert checked_in.stdout == (
        "Checked in. Run 21 km: active; 5 of 21 km, 23.8 %, on track; streak 1 week\n"
    )
    assert shown.exit_code == 0, shown.output
    assert "Progress: 5 of 21 km, 23.8 %, on track" in shown.stdout
    assert "ran twice; confidence 7/10" in shown.stdout
    assert "check-in due" not in goals("list", "--user", ANA).stdout


def test_list_and_show_give_json_objects(data_dir: Path) -> None:
    goal_id = run_21_km()
    goals("checkin", goal_id, "--user", ANA, "--value", "6")

    listed = as_json(goals("list", "--user", ANA, "--format", "json"))
    shown = as_json(goals("show", goal_id, "--user", ANA, "--format", "json"))

    assert listed == [
        {
            "id": goal_id,
            "what": "Run 21 km",
            "area": "other",
            "status": "active",
            "current": 6.0,
            "target": 21.0,
            "unit": "km",
            "percent": 28.6,
            "pace": "on_track",
            "behind_by": None,
            "pace_text": "on track",
            "target_date": NEXT_YEAR,
            "cadence": "weekly",
            "every_days": 7,
            "streak": 1,
            "check_in_due": False,
        }
    ]
    assert shown.items() >= listed[0].items()
    assert shown["measure"] == {"kind": "number", "unit": "km", "start": 0.0, "target": 21.0}
    assert [each["report"]["value"] for each in shown["check_ins"]] == [6.0]
    assert set(shown) >= {"milestones", "steps", "obstacles", "comments", "sharpen"}


def test_a_vague_goal_is_kept_and_the_sharpening_prompts_go_to_stderr(data_dir: Path) -> None:
    result = goals("add", "--user", ANA, "--what", "Be healthier")

    assert result.exit_code == 0, result.output
    goal_id = result.stdout.strip()
    assert SHARPENING_PROMPTS[Sharpen.MEASURE] in result.stderr
    assert SHARPENING_PROMPTS[Sharpen.DATE] in result.stderr
    listed = as_json(goals("list", "--user", ANA, "--format", "json"))
    assert [(goal["id"], goal["pace"]) for goal in listed] == [(goal_id, "unplanned")]


def test_a_sharp_goal_prints_only_its_id(data_dir: Path) -> None:
    args = ["--what", "Finish the course", "--measure", "done", "--by", NEXT_YEAR]

    result = goals("add", "--user", ANA, *args)

    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 1
    assert result.stderr == ""


def test_a_done_goal_checked_in_as_done_is_achieved_and_asks_for_no_more(data_dir: Path) -> None:
    goal_id = add_goal_for(ANA, "--what", "Finish the course", "--measure", "done")

    result = goals("checkin", goal_id, "--user", ANA, "--done")

    assert result.exit_code == 0, result.output
    assert result.stdout == "Checked in. Finish the course: achieved; reached; streak 1 week\n"
    [listed] = as_json(goals("list", "--user", ANA, "--format", "json"))
    assert (listed["status"], listed["check_in_due"]) == ("achieved", False)


def test_a_plan_in_a_goal_brings_a_loud_warning_and_the_lines_first_and_it_is_still_saved(
    data_dir: Path,
) -> None:
    plan = "I'm going to end my life tonight, the pills are in my drawer"

    result = goals("add", "--user", ANA, "--what", "Get through the week", "--why", plan)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("URGENT:")
    assert result.stdout.index(CRISIS_LEAD) < result.stdout.index(result.stdout.split()[-1])
    listed = as_json(goals("list", "--user", ANA, "--format", "json"))
    assert [goal["what"] for goal in listed] == ["Get through the week"]


def test_a_wish_to_die_in_a_goal_shows_the_lines_first_and_the_goal_is_still_saved(
    data_dir: Path,
) -> None:
    result = goals(
        "add", "--user", ANA, "--what", "Get through the week", "--why", "some days I want to die"
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(CRISIS_LEAD)
    assert result.stdout.index("Call 112") < result.stdout.index(result.stdout.split()[-1])
    listed = as_json(goals("list", "--user", ANA, "--format", "json"))
    assert [goal["what"] for goal in listed] == ["Get through the week"]


def test_crisis_words_in_a_check_in_show_the_lines_first_and_it_is_still_saved(
    data_dir: Path,
) -> None:
    goal_id = run_21_km()

    result = goals("checkin", goal_id, "--user", ANA, "--blocked", "I can't go on anymore")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(CRISIS_LEAD)
    assert result.stdout.index("Call 112") < result.stdout.index("Checked in.")
    shown = as_json(goals("show", goal_id, "--user", ANA, "--format", "json"))
    assert [each["report"]["blocked"] for each in shown["check_ins"]] == ["I can't go on anymore"]


def test_ordinary_words_show_no_crisis_lines(data_dir: Path) -> None:
    goal_id = run_21_km()

    result = goals("checkin", goal_id, "--user", ANA, "--did", "ran 5 km with a friend")

    assert CRISIS_LEAD not in result.stdout
    assert "URGENT" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--user", "nobody@example.org", "--what", "x"], "--user: no account"),
        (["add", "--user", ANA, "--what", " "], "--what: say what you want"),
        (["add", "--user", ANA, "--what", "x", "--by", "soon"], "--by: write the date"),
        (["add", "--user", ANA, "--what", "x", "--by", "2020-01-01"], "--by: pick a date after"),
        (["add", "--user", ANA, "--what", "x", "--target", "0"], "--target: the target has to"),
        (["add", "--user", ANA, "--what", "x", "--measure", "done", "--unit", "km"], "--measure"),
        (["add", "--user", ANA, "--what", "x", "--cadence", "custom"], "--every-days: choose"),
        (["add", "--user", ANA, "--what", "x", "--cadence", "daily", "--every-days", "3"], "only"),
        (["add", "--user", ANA, "--what", "x", "--target", "lots"], "--target"),
        (["list", "--user", "nobody@example.org"], "--user: no account"),
        (["show", "no-such-goal", "--user", ANA], "no goal with id no-such-goal"),
        (["checkin", "no-such-goal", "--user", ANA, "--value", "1"], "no goal with id"),
    ],
)
def test_bad_input_exits_2_with_nothing_on_stdout(
    data_dir: Path, args: list[str], message: str
) -> None:
    result = goals(*args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--value: add a new value, a note or how confident you feel"),
        (["--confidence", "11"], "--confidence: choose a number from 0 to 10"),
        (["--value", "3", "--day", "2999-01-01"], "--day: a check-in cannot be for a day"),
        (["--value", "3", "--day", "2000-01-01"], "--day: a check-in cannot be for a day"),
        (["--value", "3", "--day", "yesterday"], "--day: write the date"),
        (["--did", "x" * 2001], "--did: keep it to 2000"),
    ],
)
def test_a_bad_check_in_exits_2_and_records_nothing(
    data_dir: Path, args: list[str], message: str
) -> None:
    goal_id = run_21_km()

    result = goals("checkin", goal_id, "--user", ANA, *args)

    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert as_json(goals("show", goal_id, "--user", ANA, "--format", "json"))["check_ins"] == []


def test_someone_elses_goal_is_not_found_even_by_their_coach(data_dir: Path) -> None:
    goal_id = run_21_km()
    add_user("bo@example.org")
    add_user("coach@example.org", role="practitioner")
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        grant_access(
            session,
            person(session, ANA),
            practitioner_email="coach@example.org",
            areas=[SharedArea.COACHING],
            now=datetime.now(UTC),
        )

    for email in ("bo@example.org", "coach@example.org"):
        shown = goals("show", goal_id, "--user", email)
        checked_in = goals("checkin", goal_id, "--user", email, "--value", "21")
        assert (shown.exit_code, shown.stdout) == (2, "")
        assert (checked_in.exit_code, checked_in.stdout) == (2, "")
        assert f"no goal with id {goal_id}" in shown.stderr
        assert as_json(goals("list", "--user", email, "--format", "json")) == []
    assert as_json(goals("show", goal_id, "--user", ANA, "--format", "json"))["check_ins"] == []


def test_a_goal_behind_the_line_says_by_how_much(data_dir: Path) -> None:
    runtime = open_runtime(Settings())
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        owner = person(session, ANA)
        started = local_today(owner, now) - timedelta(days=10)
        goal = plan_goal(
            what="Run 20 km",
            measure=Measure(MeasureKind.NUMBER, "km", 0, 20),
            starts_on=started,
            target_date=started + timedelta(days=20),
        )
        schedule = plan_schedule(Cadence.DAILY, started)
        goal_id = add_goal(session, runtime.master_keys, owner, goal, schedule, now=now).id

    result = goals("checkin", goal_id, "--user", ANA, "--value", "7")

    assert result.exit_code == 0, result.output
    assert "7 of 20 km, 35 %, behind by 3 km; streak 1 day" in result.stdout
    assert as_json(goals("list", "--user", ANA, "--format", "json"))[0]["behind_by"] == 3.0


def test_show_gives_milestones_homework_obstacles_and_comments(data_dir: Path) -> None:
    goal_id = run_21_km()
    add_user("coach@example.org", role="practitioner")
    runtime = open_runtime(Settings())
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        owner, coach = person(session, ANA), person(session, "coach@example.org")
        grant_access(
            session,
            owner,
            practitioner_email=coach.email,
            areas=[SharedArea.COACHING],
            now=now,
        )
        due = local_today(owner, now) + timedelta(days=7)
        assign_homework(
            session, runtime.master_keys, coach, goal_id, plan_step("Book a physio", due), now
        )
        add_comment(session, runtime.master_keys, coach, goal_id, "Lovely start.", now)
        obstacle = add_obstacle(session, runtime.master_keys, owner, goal_id, "Sore knee", now).id
        tried = add_strategy(
            session, runtime.master_keys, owner, obstacle, plan_strategy("Ice after runs"), now
        ).id
        judge_strategy(session, runtime.master_keys, owner, tried, Outcome.PARTLY, "a bit")
    goals("checkin", goal_id, "--user", ANA, "--value", "11")

    shown = goals("show", goal_id, "--user", ANA)

    assert shown.exit_code == 0, shown.output
    assert "Milestones: 25 % on" in shown.stdout
    assert f"1. [open] Book a physio (due {due}; homework from coach@example.org)" in shown.stdout
    assert "- Sore knee\n      try: Ice after runs (Partly: a bit)" in shown.stdout
    assert "coach@example.org: Lovely start." in shown.stdout


def test_each_command_is_written_to_the_clients_access_log(data_dir: Path) -> None:
    goal_id = run_21_km()
    goals("list", "--user", ANA)
    goals("checkin", goal_id, "--user", ANA, "--value", "2")
    goals("show", goal_id, "--user", ANA)

    export = as_json(runner.invoke(app, ["export", "--user", ANA]))

    log = [(entry["who"], entry["action"], entry["what"]) for entry in export["access_log"]]
    assert log[1:] == [  # newest first, after the export itself
        (OPERATOR, "read", f"goal {goal_id}"),
        (OPERATOR, "change", f"check-in on goal {goal_id}"),
        (OPERATOR, "read", "coaching goals"),
        (OPERATOR, "change", f"goal {goal_id}"),
    ]
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
