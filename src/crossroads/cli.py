"""The `crossroads` command: the assessment, the database and the server."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from sqlalchemy.engine import make_url

from crossroads.config import Settings
from crossroads.domain.assessment import assessment_as_dict
from crossroads.domain.errors import InvalidAnswer
from crossroads.domain.instruments import INSTRUMENTS
from crossroads.services.assessments import run_assessment
from crossroads.services.database import open_database

app = typer.Typer(help="Crossroads: therapy, coaching or both.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")

BAD_INPUT = 2  # exit status for input the command cannot use, as the CLI contract promises


class OutputFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


@app.command()
def assess(
    input_path: Annotated[
        str, typer.Option("--input", "-i", help="A JSON file of answers, or - for stdin.")
    ],
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.JSON,
) -> None:
    """Score the answers and recommend therapy, coaching or both. Nothing is stored."""
    try:
        raw = _read_json(input_path)
        result = assessment_as_dict(run_assessment(raw))
    except InvalidAnswer as error:
        typer.echo(f"crossroads assess: {error}", err=True)
        raise typer.Exit(BAD_INPUT) from None
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        typer.echo(format_assessment(result))


def _read_json(input_path: str) -> object:
    try:
        text = sys.stdin.read() if input_path == "-" else Path(input_path).read_text("utf-8")
    except OSError as error:
        raise InvalidAnswer("input", f"cannot read {input_path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidAnswer("input", "is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidAnswer(
            "input", f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


def format_assessment(result: dict[str, Any]) -> str:
    """A readable summary; in a crisis the lines to call or text come first."""
    lines: list[str] = []
    if result["crisis"]:
        lines += ["You don't have to go through this alone. You can reach someone now:", ""]
        lines += _resource_lines(result["resources"])
        lines += ["", "Route: crisis. Please reach out before anything else."]
    else:
        lines.append(f"Suggested route: {result['route']}")
    if result["measures"]:
        lines += ["", "Screening results (not a diagnosis):"]
        lines += [f"  {_measure_line(key, value)}" for key, value in result["measures"].items()]
    if result["reasons"]:
        lines += ["", "Why:"]
        for reason in result["reasons"]:
            lines.append(f"  - [{reason['dimension'].replace('_', ' ')}] {reason['text']}")
            lines.append(f"      based on: {reason['evidence']}")
    if result["missing"]:
        lines += ["", "To say more, we need:"] + [f"  - {item}" for item in result["missing"]]
    if not result["crisis"]:
        lines += ["", "If things get hard, you can reach someone any time:"]
        lines += _resource_lines(result["resources"])
    lines += ["", result["disclaimer"]]
    return "\n".join(lines)


_NAMES = {instrument.key: instrument.name for instrument in INSTRUMENTS}


def _measure_line(key: str, value: dict[str, Any]) -> str:
    name = _NAMES[key]
    if key == "who5":
        return f"{name}: {value['percent']} % ({value['band']})"
    if "band" in value:
        return f"{name}: {value['score']} ({value['band']})"
    verdict = "positive screen" if value["positive"] else "negative screen"
    return f"{name}: {value['score']} ({verdict})"


def _resource_lines(resources: list[dict[str, Any]]) -> list[str]:
    lines = []
    for resource in resources:
        ways = "; ".join(contact["instructions"] for contact in resource["contacts"])
        lines.append(f"  {resource['name']}: {ways} ({resource['hours']})")
    return lines


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the web application and the API."""
    settings = Settings()
    if not open_database(settings).is_current():
        typer.echo("crossroads serve: the database is not migrated; run `crossroads db upgrade`")
        raise typer.Exit(1)
    uvicorn.run(
        "crossroads.web.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=False,
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    settings = Settings()
    open_database(settings).upgrade()
    shown = make_url(settings.database).render_as_string(hide_password=True)
    typer.echo(f"Database {shown} is up to date.")
