"""`crossroads practitioners`: bring listings into the directory from a file, and list them."""

import sys
from dataclasses import asdict
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from crossroads.booking.service.directory import listings
from crossroads.booking.service.directory_import import import_listings
from crossroads.console import OutputFormat, as_written, echo_json, fail, working
from crossroads.kernel.errors import ImportProblems

practitioners_app = typer.Typer(help="Manage the practitioner directory.", no_args_is_help=True)


class ListingFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@practitioners_app.command("import")
def practitioners_import(
    path: Annotated[Path, typer.Argument(help="The file to read, or - for stdin.")],
    file_format: Annotated[ListingFormat, typer.Option("--format", "-f")] = ListingFormat.JSON,
) -> None:
    """Add or update listings (matched by email). Every row is checked first; if any is wrong,
    each problem is listed with its row and nothing is saved."""
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as error:
        raise fail("practitioners import", f"cannot read {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise fail(
            "practitioners import",
            f"the file is not UTF-8 text (line {line}, byte {error.start + 1}); save it as UTF-8",
        ) from None
    try:
        with working("practitioners import", options=as_written) as work:
            report = import_listings(work.session, text, file_format.value, datetime.now(UTC))
    except ImportProblems as problems:
        for number, problem in problems.problems:
            where = f"{'row' if file_format is ListingFormat.CSV else 'listing'} {number}: "
            typer.echo(
                f"crossroads practitioners import: {where if number else ''}{problem}", err=True
            )
        if problems.more:
            typer.echo(f"crossroads practitioners import: and {problems.more} more", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Added {report.added}, updated {report.updated}.")


@practitioners_app.command("list")
def practitioners_list(
    output: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Every listing: what it offers today, and whether it takes new clients."""
    today = datetime.now(UTC).date()
    with working("practitioners list") as work:
        found = listings(work.session)
    if output is OutputFormat.JSON:
        echo_json([{"id": each.id, "email": each.email, **asdict(each.profile)} for each in found])
        return
    for each in found:
        profile = each.profile
        offers = profile.offers(today)
        expired = " (a licence has expired)" if profile.expired_licences(today) else ""
        accepting = "taking new clients" if profile.accepting else "not taking new clients"
        offered = " and ".join(offers) or "nothing today"
        typer.echo(f"{each.id}  {profile.name}: {offered}; {accepting}{expired}")
