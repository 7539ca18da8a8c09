"""Coaching in words: each goal with its measure, steps, obstacles and the strategies tried,
check-ins and a coach's comments; and the GROW conversations, question by question."""

from collections.abc import Mapping, Sequence
from typing import Any

from crossroads.casework.service.progress_report import PACE_WORDS
from crossroads.coaching.rules.experiments import OUTCOME_NAMES
from crossroads.coaching.rules.grow import QUESTIONS, STAGE_TITLES, Stage
from crossroads.ops.readable.health import AREAS
from crossroads.ops.readable.shapes import (
    Line,
    Record,
    Section,
    day,
    label_of,
    lines,
    listed,
    moment,
    out_of,
    said,
    yes_no,
)

STATUSES = {"active": "Under way", "achieved": "Reached", "archived": "Set aside"}
STEP_STATUSES = {"open": "to do", "done": "done", "skipped": "skipped"}
CADENCES = {
    "daily": "Every day",
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
}
MEASURES = {"number": "A number to reach", "done": "Done, or not yet"}
PACES = {pace.value: words for pace, words in PACE_WORDS.items()}


def goals(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("coaching_goals",),
        "Your coaching goals",
        tuple(_goal(each) for each in items),
        empty="You have not set a goal.",
    )


def _goal(item: Mapping[str, Any]) -> Record:
    summary = item["summary"]
    goal, schedule, progress = summary["goal"], summary["schedule"], summary["progress"]
    unit = (goal.get("measure") or {}).get("unit", "")
    return Record(
        goal["what"],
        lines=lines(
            said("Why it matters", goal.get("why")),
            said("What it is about", label_of(AREAS, goal.get("area"))),
            said("How you will know", _measure(goal.get("measure"))),
            said("Starts", "", day(goal.get("starts_on"))),
            said("Aim to get there by", "", day(goal.get("target_date"))),
            said("Where it stands", label_of(STATUSES, summary.get("status"))),
            said("Pace", label_of(PACES, progress.get("pace"))),
            said("Where you were when you began", summary.get("reality")),
            said("How confident you felt", out_of(summary.get("confidence"), 10)),
            said("Check-ins", _cadence(schedule)),
            listed(
                "Steps",
                (
                    said(step["text"], _step(step), day(step.get("due_on")), before="due")
                    for step in item.get("steps", [])
                ),
            ),
            listed("What gets in the way", (_obstacle(o) for o in item.get("obstacles", []))),
            listed(
                "Your check-ins",
                (
                    said("Check-in", _check_in(c["report"], unit), day(c.get("day")))
                    for c in item.get("check_ins", [])
                ),
            ),
            listed(
                "Comments from your coach",
                (
                    said(c["author"], c["text"], moment(c.get("created_at")))
                    for c in item.get("comments", [])
                ),
            ),
        ),
        link=("Open this goal", f"/goals/{summary['id']}"),
    )


def _measure(measure: Mapping[str, Any] | None) -> str:
    if not measure:
        return ""
    if measure.get("kind") != "number":
        return label_of(MEASURES, measure.get("kind"))
    unit = measure.get("unit") or ""
    target = measure.get("target")
    aim = f" to {_number(target)} {unit}" if target is not None else ""
    return f"From {_number(measure.get('start'))} {unit}{aim}".replace("  ", " ").strip()


def _number(value: object) -> str:
    """1.0 as "1", 2.5 as "2.5"."""
    return f"{value:g}" if isinstance(value, float | int) else ""


def _cadence(schedule: Mapping[str, Any]) -> str:
    cadence = schedule.get("cadence")
    if cadence in CADENCES:
        return CADENCES[cadence]
    return f"Every {schedule.get('every_days')} days"


def _step(step: Mapping[str, Any]) -> str:
    status = label_of(STEP_STATUSES, step.get("status"))
    by = step.get("assigned_by")
    return f"{status}, set by {by}" if by else status


def _obstacle(obstacle: Mapping[str, Any]) -> Line:
    """An obstacle, and each strategy tried against it with how it went."""
    tried = [
        f"tried “{each['strategy']['text']}”, "
        + label_of(OUTCOME_NAMES, each["strategy"].get("outcome"), "not judged yet").lower()
        for each in obstacle.get("strategies", [])
    ]
    return Line(obstacle["text"], "; ".join(tried))


def _check_in(report: Mapping[str, Any], unit: str) -> str:
    parts = []
    if report.get("value") is not None:
        parts.append(f"{_number(report['value'])} {unit}".strip())
    if report.get("done") is not None:
        parts.append("done" if report["done"] else "not done yet")
    if report.get("did"):
        parts.append(f"what you did: {report['did']}")
    if report.get("blocked"):
        parts.append(f"what got in the way: {report['blocked']}")
    if report.get("confidence") is not None:
        parts.append(f"confidence {report['confidence']} out of 10")
    return "; ".join(parts)


def conversations(items: Sequence[Mapping[str, Any]]) -> Section:
    return Section(
        ("coaching_conversations",),
        "Your coaching conversations (GROW)",
        tuple(_conversation(each) for each in items),
    )


def _conversation(item: Mapping[str, Any]) -> Record:
    answers = item.get("answers") or {}
    next_stage = item.get("next_stage")
    return Record(
        "Conversation",
        moment(item.get("created_at")),
        lines(
            *(
                listed(
                    STAGE_TITLES[stage],
                    (
                        said(question, _answer(name, answers[stage.value].get(name)))
                        for name, question in QUESTIONS[stage].items()
                    ),
                )
                for stage in Stage
                if stage.value in answers
            ),
            said(
                "Where you left off",
                STAGE_TITLES[Stage(next_stage)] if next_stage in set(Stage) else "finished",
            ),
            said("Turned into a goal", yes_no(item.get("goal_id"))),
        ),
    )


def _answer(name: str, value: object) -> str:
    if not value:
        return ""
    if name == "area":
        return label_of(AREAS, value)
    if name == "measure":
        return label_of(MEASURES, value)
    return str(value)
