"""What every `crossroads` command shares: the exit status for unusable input, the output
formats, finding the person an operator names, the audit entry for working on their data, and
crisis lines as plain text, as a risk screen asks for them."""

import json
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

import typer

from crossroads.assessment.rules.result import resource_as_dict
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.resources import resources_for
from crossroads.kernel.risk import RiskScreen
from crossroads.services.accounts import find_by_email
from crossroads.services.audit import OPERATOR, record_access
from crossroads.services.database import Session
from crossroads.services.screening import lines_region

CRISIS_LEAD = "You don't have to go through this alone. You can reach someone now:"
ACUTE_LEAD = (
    "URGENT: what was written says the person may be in danger right now. "
    "Please make sure they reach someone now, before anything else."
)
BAD_INPUT = 2  # exit status for input the command cannot use, as the CLI contract promises


class OutputFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


def person_by_email(session: Session, email: str) -> Person:
    person = find_by_email(session, email)
    if person is None:
        raise InvalidInput("user", f"no account with email {email}")
    return person


def fail(command: str, message: str) -> typer.Exit:
    """Say what is wrong on stderr, naming the command, and exit with BAD_INPUT."""
    typer.echo(f"crossroads {command}: {message}", err=True)
    return typer.Exit(BAD_INPUT)


def fail_on(
    command: str, error: InvalidInput | NotFound, options: Mapping[str, str] | None = None
) -> typer.Exit:
    """`fail` for a refused input, naming the option that carries the field (`options` maps
    fields whose option is named otherwise), or for something not found."""
    if not isinstance(error, InvalidInput):
        return fail(command, str(error))
    field = error.field
    option = (options or {}).get(field, "--" + field.replace("_", "-"))
    return fail(command, f"{option}: {error.problem}")


def resource_lines(resources: Iterable[dict[str, Any]]) -> list[str]:
    """One line per crisis resource, as the result format holds them."""
    lines = []
    for resource in resources:
        ways = "; ".join(contact["instructions"] for contact in resource["contacts"])
        lines.append(f"  {resource['name']}: {ways} ({resource['hours']})")
    return lines


def audit_operator(session: Session, owner: Person, action: str, target: str) -> None:
    """An operator working on someone's data from the command line is an access to it."""
    record_access(session, actor=OPERATOR, subject_id=owner.id, action=action, target=target)


def print_screen(screen: RiskScreen, writer: Person) -> None:
    """What the service's screen of the person's words asks for, before any other output (what
    was written is saved either way): at `acute` a loud warning and then the lines; at `check`
    or `urgent` the lines; at `none` nothing."""
    if screen.acute:
        typer.echo(ACUTE_LEAD + "\n")
    if screen.flagged:
        print_crisis_lines(lines_region(writer))


def print_crisis_lines(region: str | None = None, *, err: bool = False) -> None:
    """The lines for `region`, or the international ones where it is not known. `err` keeps
    them off a JSON document on stdout."""
    lines = resource_lines(crisis_resources(region))
    typer.echo("\n".join([CRISIS_LEAD, "", *lines, ""]), err=err)


def crisis_resources(region: str | None) -> list[dict[str, Any]]:
    return [resource_as_dict(resource) for resource in resources_for(region)]


def echo_json(document: object) -> None:
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=_iso))


def _iso(value: object) -> str:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
