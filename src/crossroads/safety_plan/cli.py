"""`crossroads safety-plan`: read a person's safety plan from the command line, with the crisis
lines for their region. The operator reads someone else's data, so each read is written to that
person's access log."""

from collections.abc import Sequence
from datetime import UTC
from typing import Annotated, Any

import typer

from crossroads.assessment.rules.result import resource_as_dict
from crossroads.console import (
    OutputFormat,
    echo_json,
    operating_on,
    resource_lines,
)
from crossroads.kernel.regions import resolve_region
from crossroads.kernel.resources import CrisisResource, resources_for
from crossroads.safety_plan.service import KeptPlan, plan_of

safety_plan_app = typer.Typer(help="Read a person's safety plan.", no_args_is_help=True)

User = Annotated[str, typer.Option("--user", help="The email of the person whose plan it is.")]
Output = Annotated[OutputFormat, typer.Option("--format", "-f")]


@safety_plan_app.command("show")
def safety_plan_show(user: User, output: Output = OutputFormat.TEXT) -> None:
    """The plan part by part, then the crisis lines for where the person is."""
    with operating_on("safety-plan show", user) as op:
        kept = plan_of(op.session, op.master_keys, op.person)
        op.audit("read", "safety plan")
    owner = op.person
    region = resolve_region(
        account=owner.region, answered=None, accept_language=None, time_zone=owner.time_zone
    )
    resources = resources_for(region)
    if output is OutputFormat.JSON:
        echo_json(_as_json(kept, resources))
    else:
        typer.echo(_as_text(kept, resources))


def _as_json(kept: KeptPlan, resources: Sequence[CrisisResource]) -> dict[str, Any]:
    return {
        "user": kept.owner.email,
        "updated_at": kept.updated_at,
        "plan": kept.plan.written,
        "resources": [resource_as_dict(resource) for resource in resources],
    }


def _as_text(kept: KeptPlan, resources: Sequence[CrisisResource]) -> str:
    email = kept.owner.email
    if kept.updated_at is None:
        lines = [f"{email} has not saved a safety plan.", ""]
    else:
        changed = kept.updated_at.astimezone(UTC)
        lines = [
            f"Safety plan of {email}, last changed {changed:%Y-%m-%d %H:%M} UTC",
            "",
        ]
        for section, text in kept.plan.parts():
            lines.append(section.heading)
            written = text.splitlines() or ["(nothing written)"]
            lines += [f"  {line}" for line in written]
            lines.append("")
    return "\n".join([*lines, "Lines to call or text any time:", *resource_lines(resources)])
