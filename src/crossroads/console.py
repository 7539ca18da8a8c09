"""What every `crossroads` command shares: the runtime and one transaction, the person an
operator names and the audit entry for working on their data, input refused as exit status 2
naming its option, the output formats, and crisis lines as plain text, as a risk screen asks."""

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from crossroads.accounts.service.accounts import find_by_email
from crossroads.assessment.rules.result import resource_as_dict
from crossroads.kernel.errors import ImportProblems, InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.kernel.resources import CrisisResource, resources_for
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.screening import lines_region
from crossroads.platform.audit import OPERATOR, record_access
from crossroads.platform.config import Settings
from crossroads.platform.database import Session
from crossroads.platform.runtime import Runtime, open_runtime
from crossroads.security.encryption import MasterKeys

CRISIS_LEAD = "You don't have to go through this alone. You can reach someone now:"
ACUTE_LEAD = (
    "URGENT: what was written says the person may be in danger right now. "
    "Please make sure they reach someone now, before anything else."
)
BAD_INPUT = 2  # exit status for input the command cannot use, as the CLI contract promises


# How a refused field is named to the operator: a map of the fields whose option is named
# otherwise (the rest become `--field-name`), or a function of the field.
Options = Mapping[str, str] | Callable[[str], str]


class OutputFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


@dataclass(frozen=True)
class Work:
    """One command's unit of work: its transaction, and what use cases take besides."""

    session: Session
    master_keys: MasterKeys
    settings: Settings


@dataclass(frozen=True)
class Operation(Work):
    """The operator's work on one person's data: each access is theirs to answer for."""

    person: Person

    def audit(self, action: str, target: str) -> None:
        """An operator working on someone's data from the command line is an access to it."""
        record_access(
            self.session, actor=OPERATOR, subject_id=self.person.id, action=action, target=target
        )


@contextmanager
def refusals(command: str, options: Options | None = None) -> Iterator[None]:
    """Input refused anywhere inside ends the command with BAD_INPUT, naming the option that
    carries it (`fail_on`). A file's list of problems is left to the command, which prints it
    row by row in its own words."""
    try:
        yield
    except ImportProblems:
        raise
    except (InvalidInput, NotFound) as error:
        raise fail_on(command, error, options) from None


@contextmanager
def running(command: str, *, options: Options | None = None) -> Iterator[Runtime]:
    """The runtime the settings describe, for a command that opens its own units of work."""
    with refusals(command, options):
        yield open_runtime(Settings())


@contextmanager
def working(command: str, *, options: Options | None = None) -> Iterator[Work]:
    """One transaction for a command that works on no one person's data: committed when the
    block ends, rolled back when anything inside fails, input refused as `refusals` says."""
    with running(command, options=options) as runtime, runtime.database.transaction() as session:
        yield Work(session, runtime.master_keys, runtime.settings)


@contextmanager
def operating_on(
    command: str, email: str, *, options: Options | None = None, reading: bool = False
) -> Iterator[Operation]:
    """One transaction (only `reading`, where asked) on the data of the person with `email`:
    an unknown email is refused as the `user` field. Committed when the block ends, rolled back
    when anything inside fails, input refused as `refusals` says."""
    with running(command, options=options) as runtime:
        database = runtime.database
        with database.reading() if reading else database.transaction() as session:
            person = _person_by_email(session, email)
            yield Operation(session, runtime.master_keys, runtime.settings, person)


def _person_by_email(session: Session, email: str) -> Person:
    person = find_by_email(session, email)
    if person is None:
        raise InvalidInput("user", f"no account with email {email}")
    return person


def read_text(input_path: str) -> str:
    """The file's text, or stdin's for "-"; InvalidInput naming the input when unreadable."""
    try:
        return sys.stdin.read() if input_path == "-" else Path(input_path).read_text("utf-8")
    except OSError as error:
        raise InvalidInput("input", f"cannot read {input_path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput("input", "is not UTF-8 text") from None


def fail(command: str, message: str) -> typer.Exit:
    """Say what is wrong on stderr, naming the command, and exit with BAD_INPUT."""
    typer.echo(f"crossroads {command}: {message}", err=True)
    return typer.Exit(BAD_INPUT)


def fail_on(
    command: str, error: InvalidInput | NotFound, options: Options | None = None
) -> typer.Exit:
    """`fail` for a refused input, naming the option that carries the field as `options` say,
    or for something not found."""
    if not isinstance(error, InvalidInput):
        return fail(command, str(error))
    return fail(command, f"{_option(error.field, options)}: {error.problem}")


def as_written(field: str) -> str:
    """`options` for a command whose refused fields are not its options (the keys of an answers
    file, an argument): each is named as the error names it."""
    return field


def as_option(field: str) -> str:
    """The option a field is given by, unless `options` name another: `--target-date`."""
    return "--" + field.replace("_", "-")


def _option(field: str, options: Options | None) -> str:
    if callable(options):
        return options(field)
    return (options or {}).get(field, as_option(field))


def resource_lines(resources: Iterable[CrisisResource]) -> list[str]:
    """One line per crisis resource: its name, how to reach it and when."""
    lines = []
    for resource in resources:
        ways = "; ".join(contact.instructions for contact in resource.contacts)
        lines.append(f"  {resource.name}: {ways} ({resource.hours})")
    return lines


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
    lines = resource_lines(resources_for(region))
    typer.echo("\n".join([CRISIS_LEAD, "", *lines, ""]), err=err)


def crisis_resources(region: str | None) -> list[dict[str, Any]]:
    return [resource_as_dict(resource) for resource in resources_for(region)]


def echo_json(document: object) -> None:
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=_iso))


def _iso(value: object) -> str:
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
