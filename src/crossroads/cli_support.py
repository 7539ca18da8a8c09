"""What every `crossroads` command shares: the exit status for unusable input, the output
formats, finding the person an operator names, and crisis lines as plain text."""

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import typer
from sqlalchemy.orm import Session

from crossroads.domain.errors import InvalidInput
from crossroads.services.accounts import Person, find_by_email

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


def resource_lines(resources: Iterable[dict[str, Any]]) -> list[str]:
    """One line per crisis resource, as the result format holds them."""
    lines = []
    for resource in resources:
        ways = "; ".join(contact["instructions"] for contact in resource["contacts"])
        lines.append(f"  {resource['name']}: {ways} ({resource['hours']})")
    return lines
