"""`crossroads goals` output: a goal's pace, progress and streak in words, and a goal or its
whole detail as text or as a JSON-ready dictionary."""

from dataclasses import asdict
from typing import Any

from crossroads.coaching.rules.checkins import Cadence
from crossroads.coaching.rules.experiments import OUTCOME_NAMES
from crossroads.coaching.rules.goals import SHARPENING_PROMPTS, MeasureKind, Pace
from crossroads.coaching.service.goal_detail import CheckInView, GoalDetail, ObstacleView, StepView
from crossroads.coaching.service.goals import GoalSummary

DETAIL_PARTS = ("steps", "obstacles", "check_ins", "comments")
PERIODS = {Cadence.DAILY: "day", Cadence.WEEKLY: "week", Cadence.FORTNIGHTLY: "fortnight"}


def _amount(value: float, unit: str) -> str:
    rounded = round(float(value), 1)  # an int passes for a float in the types
    shown = str(int(rounded)) if rounded.is_integer() else str(rounded)
    return f"{shown} {unit}".strip()


def pace_text(summary: GoalSummary) -> str:
    """'on track', 'behind by 3 km', 'reached', ..."""
    progress, measure = summary.progress, summary.goal.measure
    unit = measure.unit if measure else ""
    short = _amount(progress.behind_by, unit) if progress.behind_by is not None else None
    if progress.pace is Pace.BEHIND and short:
        return f"behind by {short}"
    if progress.pace is Pace.OVERDUE:
        return f"overdue, {short} to go" if short else "overdue"
    return {
        Pace.ON_TRACK: "on track",
        Pace.REACHED: "reached",
        Pace.OPEN: "not done yet",
        Pace.UNPLANNED: "no target and date to pace against",
    }.get(progress.pace, progress.pace.value)


def progress_text(summary: GoalSummary) -> str:
    progress, measure = summary.progress, summary.goal.measure
    parts = []
    if measure is not None and measure.kind is MeasureKind.NUMBER and progress.current is not None:
        of = f" of {_amount(measure.target, '')}" if measure.target is not None else ""
        parts.append(f"{_amount(progress.current, '')}{of} {measure.unit}".strip())
    if progress.percent is not None and (measure is None or measure.kind is MeasureKind.NUMBER):
        parts.append(f"{_amount(progress.percent, '%')}")
    return ", ".join([*parts, pace_text(summary)])


def streak_text(summary: GoalSummary) -> str:
    schedule, streak = summary.schedule, summary.standing.streak
    period = PERIODS.get(schedule.cadence, f"{schedule.every_days}-day stretch")
    return f"streak {streak} {period}{'' if streak == 1 else 's'}"


def check_in_due(summary: GoalSummary) -> bool:
    return summary.reminding and summary.standing.due


def standing_line(summary: GoalSummary) -> str:
    due = "; check-in due" if check_in_due(summary) else ""
    return f"{summary.status}; {progress_text(summary)}; {streak_text(summary)}{due}"


def goal_as_dict(summary: GoalSummary) -> dict[str, Any]:
    """One goal as `goals list --format json` gives it."""
    goal, progress = summary.goal, summary.progress
    return {
        "id": summary.id,
        "what": goal.what,
        "area": goal.area.value,
        "status": summary.status.value,
        "current": progress.current,
        "target": goal.measure.target if goal.measure else None,
        "unit": goal.measure.unit if goal.measure else "",
        "percent": progress.percent,
        "pace": progress.pace.value,
        "behind_by": progress.behind_by,
        "pace_text": pace_text(summary),
        "target_date": goal.target_date,
        "cadence": summary.schedule.cadence.value,
        "every_days": summary.schedule.every_days,
        "streak": summary.standing.streak,
        "check_in_due": check_in_due(summary),
    }


def detail_as_dict(detail: GoalDetail) -> dict[str, Any]:
    """One goal whole, as `goals show --format json` gives it: the list's fields, then the
    rest of the goal and its parts as the services hold them."""
    summary = detail.summary
    goal, progress = summary.goal, summary.progress
    return {
        **goal_as_dict(summary),
        "why": goal.why,
        "measure": asdict(goal.measure) if goal.measure else None,
        "starts_on": goal.starts_on,
        "reality": summary.reality,
        "confidence": summary.confidence,
        "expected": progress.expected,
        "sharpen": list(summary.prompts),
        "milestones": [asdict(milestone) for milestone in progress.milestones],
        **{part: [asdict(each) for each in getattr(detail, part)] for part in DETAIL_PARTS},
    }


def format_detail(detail: GoalDetail) -> str:
    summary = detail.summary
    goal = summary.goal
    lines = [f"{goal.what}  [{summary.status}]", f"Id: {summary.id}", f"Area: {goal.area.label}"]
    if goal.why:
        lines.append(f"Why: {goal.why}")
    by = f" by {goal.target_date}" if goal.target_date else ""
    lines += [
        f"Started {goal.starts_on}{by}; check-ins {summary.schedule.cadence}",
        f"Progress: {progress_text(summary)}",
        f"Accountability: {streak_text(summary)}"
        + ("; a check-in is due" if check_in_due(summary) else ""),
    ]
    lines += [f"To sharpen it: {SHARPENING_PROMPTS[gap]}" for gap in summary.prompts]
    reached = summary.progress.milestones
    if reached:
        lines.append("Milestones: " + ", ".join(f"{m.percent} % on {m.day}" for m in reached))
    lines += _section("Steps", [_step_line(step) for step in detail.steps])
    lines += _section("Obstacles", [line for each in detail.obstacles for line in _obstacle(each)])
    lines += _section("Check-ins", [_check_in_line(each) for each in detail.check_ins])
    lines += _section("Comments", [f"{c.author}: {c.text}" for c in detail.comments])
    return "\n".join(lines)


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"{title}:", *(f"  {line}" for line in lines)] if lines else []


def _step_line(step: StepView) -> str:
    notes = [f"due {step.due_on}"] if step.due_on else []
    notes += [f"homework from {step.assigned_by}"] if step.homework else []
    suffix = f" ({'; '.join(notes)})" if notes else ""
    return f"{step.position}. [{step.status}] {step.text}{suffix}"


def _obstacle(obstacle: ObstacleView) -> list[str]:
    lines = [f"- {obstacle.text}"]
    for each in obstacle.strategies:
        strategy = each.strategy
        outcome = OUTCOME_NAMES[strategy.outcome] if strategy.outcome else "not judged yet"
        note = f": {strategy.note}" if strategy.note else ""
        lines.append(f"    try: {strategy.text} ({outcome}{note})")
    return lines


def _check_in_line(check_in: CheckInView) -> str:
    report = check_in.report
    parts = [] if report.value is None else [f"value {_amount(report.value, '')}"]
    parts += [] if report.done is None else ["done" if report.done else "not done"]
    parts += [f"did: {report.did}"] if report.did else []
    parts += [f"in the way: {report.blocked}"] if report.blocked else []
    parts += [] if report.confidence is None else [f"confidence {report.confidence}/10"]
    return f"{check_in.day}: {'; '.join(parts)}"
