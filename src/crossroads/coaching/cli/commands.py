"""`crossroads goals`: a client's coaching goals from the command line. The operator works on
someone else's data, so every command is written to that person's access log. The services
screen what the person wrote; when the screen asks for them, the crisis lines come first."""

from datetime import UTC, datetime
from typing import Annotated

import typer

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.cli.text import detail_as_dict, format_detail, goal_as_dict, standing_line
from crossroads.coaching.rules.checkins import Cadence, plan_schedule, report_check_in
from crossroads.coaching.rules.goals import (
    SHARPENING_PROMPTS,
    Measure,
    MeasureKind,
    plan_goal,
    sharpening_prompts,
)
from crossroads.coaching.service.goal_detail import goal_detail
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.coaching.service.goals import add_goal, goal_for_viewer, goals_of_person, owned_goal
from crossroads.console import OutputFormat, echo_json, operating_on, print_screen, refusals
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day
from crossroads.kernel.people import local_today

goals_app = typer.Typer(help="Manage a client's coaching goals.", no_args_is_help=True)

# Where an option's name differs from the field the domain names in its errors.
OPTIONS = {"target_date": "--by"}


User = Annotated[str, typer.Option("--user", help="The email of the person whose goals these are.")]
GoalId = Annotated[str, typer.Argument(help="The goal's id, as `goals add` printed it.")]
Output = Annotated[OutputFormat, typer.Option("--format", "-f")]


@goals_app.command("add")
def goals_add(
    user: User,
    what: Annotated[str, typer.Option(help="What the person wants to achieve.")],
    why: Annotated[str, typer.Option(help="Why it matters to them.")] = "",
    area: Annotated[Area, typer.Option()] = Area.OTHER,
    measure: Annotated[MeasureKind | None, typer.Option(help="number or done.")] = None,
    unit: Annotated[str, typer.Option(help="The number's unit, such as km.")] = "",
    start: Annotated[float | None, typer.Option(help="Where the number starts.")] = None,
    target: Annotated[float | None, typer.Option(help="The number aimed for.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Target date, YYYY-MM-DD.")] = None,
    cadence: Annotated[Cadence | None, typer.Option(help="How often to check in.")] = None,
    every_days: Annotated[int | None, typer.Option(help="Days apart, for custom.")] = None,
) -> None:
    """Set a goal for a person, starting today where they live; prints its id. A vague goal
    is kept, and the questions that would sharpen it go to stderr."""
    now = datetime.now(UTC)
    with operating_on("goals add", user, options=OPTIONS) as op:
        today = local_today(op.person, now)
        goal = plan_goal(
            what=what,
            why=why,
            area=area,
            measure=_measure(measure, unit, start, target),
            starts_on=today,
            target_date=parse_day(by or "", "target_date"),
        )
        schedule = plan_schedule(_cadence(cadence, every_days), today, every_days)
        saved = add_goal(op.session, op.master_keys, op.person, goal, schedule, now=now)
        op.audit("change", f"goal {saved.id}")
    print_screen(saved.screen, op.person)
    typer.echo(saved.id)
    gaps = sharpening_prompts(goal)
    if gaps:
        typer.echo("The goal is kept; these would make it sharper:", err=True)
        for gap in gaps:
            typer.echo(f"  - {SHARPENING_PROMPTS[gap]}", err=True)


@goals_app.command("list")
def goals_list(user: User, output: Output = OutputFormat.TEXT) -> None:
    """Each goal with its progress, pace, streak and whether a check-in is due."""
    with operating_on("goals list", user, options=OPTIONS) as op:
        summaries = goals_of_person(op.session, op.master_keys, op.person, datetime.now(UTC))
        op.audit("read", "coaching goals")
    if output is OutputFormat.JSON:
        echo_json([goal_as_dict(summary) for summary in summaries])
    elif not summaries:
        typer.echo("No goals yet.")
    else:
        for summary in summaries:
            typer.echo(f"{summary.id}  {summary.goal.what}\n  {standing_line(summary)}")


@goals_app.command("checkin")
def goals_checkin(
    goal_id: GoalId,
    user: User,
    value: Annotated[float | None, typer.Option(help="The measure's new value.")] = None,
    done: Annotated[bool | None, typer.Option("--done/--not-done")] = None,
    did: Annotated[str, typer.Option(help="What the person did.")] = "",
    blocked: Annotated[str, typer.Option(help="What got in the way.")] = "",
    confidence: Annotated[int | None, typer.Option(help="How confident, 0 to 10.")] = None,
    day: Annotated[str | None, typer.Option(help="A missed earlier day, YYYY-MM-DD.")] = None,
) -> None:
    """Record a check-in for today where the person lives (or a missed earlier day) and print
    where the goal now stands."""
    now = datetime.now(UTC)
    with refusals("goals checkin", OPTIONS):
        report = report_check_in(
            value=value, done=done, did=did, blocked=blocked, confidence=confidence
        )
    with operating_on("goals checkin", user, options=OPTIONS) as op:
        on_day = parse_day(day or "", "day")
        saved = record_check_in(
            op.session, op.master_keys, op.person, goal_id, report, now=now, day=on_day
        )
        summary = goal_for_viewer(op.session, op.master_keys, op.person, goal_id, now)
        op.audit("change", f"check-in on goal {goal_id}")
    print_screen(saved.screen, op.person)
    typer.echo(f"Checked in. {summary.goal.what}: {standing_line(summary)}")


@goals_app.command("show")
def goals_show(goal_id: GoalId, user: User, output: Output = OutputFormat.TEXT) -> None:
    """One goal whole: progress and pace, milestones, steps, obstacles with the strategies
    tried, check-ins and a coach's comments."""
    with operating_on("goals show", user, options=OPTIONS) as op:
        owned_goal(op.session, op.person, goal_id)  # the person's own goal, not one they coach
        detail = goal_detail(op.session, op.master_keys, op.person, goal_id, datetime.now(UTC))
        op.audit("read", f"goal {goal_id}")
    if output is OutputFormat.JSON:
        echo_json(detail_as_dict(detail))
    else:
        typer.echo(format_detail(detail))


def _measure(
    kind: MeasureKind | None, unit: str, start: float | None, target: float | None
) -> Measure | None:
    """A number measure is implied by a unit, start or target; a done one takes none."""
    numbers = bool(unit.strip()) or start is not None or target is not None
    if kind is MeasureKind.DONE:
        if numbers:
            raise InvalidInput("measure", "a done / not done goal takes no unit, start or target")
        return Measure(MeasureKind.DONE)
    if kind is None and not numbers:
        return None
    return Measure(MeasureKind.NUMBER, unit, start or 0.0, target)


def _cadence(cadence: Cadence | None, every_days: int | None) -> Cadence:
    if every_days is None:
        return cadence or Cadence.WEEKLY
    if cadence not in (None, Cadence.CUSTOM):
        raise InvalidInput("every_days", "only a custom cadence takes a number of days")
    return Cadence.CUSTOM
