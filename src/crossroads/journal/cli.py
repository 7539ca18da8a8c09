"""`crossroads journal`: a client's coping and healing journal from the command line: add an
entry, list them, read the patterns, and bring history in or take it out (CSV or JSON, and
Daylio's CSV export). The operator works on someone else's data, so every command is written to
that person's access log. The journal service screens what the person wrote (imported notes
too); when the screen asks for them, the crisis lines come first."""

import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from crossroads.console import OutputFormat, echo_json, operating_on, print_screen, refusals
from crossroads.journal.rules.coping import COPING, CopingKind
from crossroads.journal.rules.entries import Entry, Situation, plan_entry
from crossroads.journal.rules.exchange import entries_to_json
from crossroads.journal.rules.insights import statements
from crossroads.journal.rules.tools import Tool, tool_summary
from crossroads.journal.service import entries as journal
from crossroads.journal.service.insights import insights_of
from crossroads.journal.service.right_now import log_tool_use
from crossroads.journal.service.transfer import FileFormat, entries_from_file, file_of
from crossroads.kernel.errors import ImportProblems, InvalidInput
from crossroads.kernel.screening import screen_of_all

journal_app = typer.Typer(help="Keep a client's coping and healing journal.", no_args_is_help=True)

User = Annotated[str, typer.Option("--user", help="The email of the person whose journal it is.")]
Output = Annotated[OutputFormat, typer.Option("--format", "-f")]


@journal_app.command("add")
def journal_add(
    user: User,
    mood: Annotated[int, typer.Option(help="How the person feels, 0 to 10.")],
    coping: Annotated[
        list[CopingKind] | None, typer.Option(help="A way of coping; repeat for more.")
    ] = None,
    emotion: Annotated[list[str] | None, typer.Option(help="A feeling; repeat for more.")] = None,
    situation: Annotated[Situation | None, typer.Option(help="What it was about.")] = None,
    what: Annotated[str, typer.Option("--what", help="What happened.")] = "",
    own_coping: Annotated[str, typer.Option(help="How they coped, in their words.")] = "",
    helped: Annotated[int | None, typer.Option(help="How much it helped, 0 to 10.")] = None,
    note: Annotated[str, typer.Option(help="Anything else.")] = "",
) -> None:
    """Add an entry now; prints its id, and how the person's own words about coping were read."""
    now = datetime.now(UTC)
    with refusals("journal add"):
        entry = plan_entry(
            at=now,
            mood=mood,
            emotions=emotion or [],
            situation=situation.value if situation else "",
            what_happened=what,
            coping=[kind.value for kind in coping or []],
            own_coping=own_coping,
            helped=helped,
            note=note,
        )
    with operating_on("journal add", user) as op:
        added = journal.add_entry(op.session, op.master_keys, op.person, entry, now)
        op.audit("change", f"journal entry {added.id}")
    print_screen(added.screen, op.person)
    typer.echo(added.id)
    kind = added.own_coping_kind
    if kind is not None:
        typer.echo(f"Own words read as: {COPING[kind].name} ({added.evidence})", err=True)


@journal_app.command("tool")
def journal_tool(
    user: User,
    tool: Annotated[Tool, typer.Argument(help="The tool for the moment that was used.")],
    minutes: Annotated[int | None, typer.Option(help="How many minutes it took.")] = None,
    rhythm: Annotated[str, typer.Option(help="For breathing: even, longer_out or box.")] = "",
    note: Annotated[str, typer.Option(help="Anything else, in the person's words.")] = "",
    mood: Annotated[int | None, typer.Option(help="How the person feels now, 0 to 10.")] = None,
) -> None:
    """Keep a tool's use as coping in the journal now; prints the entry's id."""
    fields = {"rhythm": rhythm, "note": note}
    if minutes is not None:
        fields["minutes"] = str(minutes)
    if mood is not None:
        fields["mood"] = str(mood)
    now = datetime.now(UTC)
    with operating_on("journal tool", user) as op, refusals("journal tool"):
        added = log_tool_use(op.session, op.master_keys, op.person, tool.value, fields, now)
        op.audit("change", f"journal entry {added.id}")
    print_screen(added.screen, op.person)
    typer.echo(added.id)


@journal_app.command("list")
def journal_list(user: User, output: Output = OutputFormat.TEXT) -> None:
    """Every entry and exercise, oldest first."""
    with operating_on("journal list", user) as op:
        entries = journal.journal_of(op.session, op.master_keys, op.person)
        op.audit("read", "journal")
    if output is OutputFormat.JSON:
        echo_json(
            [
                {"id": each.id, "evidence": each.evidence, **row}
                for each, row in zip(
                    entries, entries_to_json([e.entry for e in entries]), strict=True
                )
            ]
        )
    elif not entries:
        typer.echo("No entries yet.")
    else:
        for each in entries:
            typer.echo(f"{each.id}  {_line(each.entry)}")


@journal_app.command("insights")
def journal_insights(user: User, output: Output = OutputFormat.TEXT) -> None:
    """The patterns the journal can honestly name, with their numbers."""
    with operating_on("journal insights", user) as op:
        found = insights_of(op.session, op.master_keys, op.person, datetime.now(UTC))
        op.audit("read", "journal insights")
    if output is OutputFormat.JSON:
        echo_json({"statements": [s.text for s in statements(found)], **asdict(found)})
        return
    said = statements(found)
    if not said:
        typer.echo("Not enough entries yet to name a pattern.")
    for statement in said:
        typer.echo(f"- {statement.text}")


@journal_app.command("export")
def journal_export(
    user: User,
    file_format: Annotated[FileFormat, typer.Option("--format", "-f")] = FileFormat.CSV,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Every entry and exercise, in our CSV or JSON, which `journal import` reads back."""
    with refusals("journal export"):
        file_of([], file_format)  # refuse a format that cannot be written before reading any
    with operating_on("journal export", user) as op:
        entries = [s.entry for s in journal.journal_of(op.session, op.master_keys, op.person)]
        op.audit("export", "journal")
    text = file_of(entries, file_format)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {len(entries)} entries to {output}.", err=True)


@journal_app.command("import")
def journal_import(
    user: User,
    path: Annotated[Path, typer.Argument(help="The file to read, or - for stdin.")],
    file_format: Annotated[FileFormat, typer.Option("--format", "-f")] = FileFormat.CSV,
    mood_map: Annotated[
        str,
        typer.Option(
            help='For Daylio: each mood name in the file and its number, as "rad=10, good=8, '
            'meh=5, bad=3, awful=1". Renamed moods are never guessed.'
        ),
    ] = "",
) -> None:
    """Add the entries in a file to the journal, with a progress bar. Nothing is added unless
    every row can be read; every problem is listed with its row."""
    with refusals("journal import"):
        text = sys.stdin.read() if str(path) == "-" else _read(path)
    try:
        with operating_on("journal import", user, reading=True) as found:
            entries = entries_from_file(text, file_format, mood_map, found.person)
            examples = journal.coping_examples(found.session, found.master_keys, found.person)
    except ImportProblems as problems:
        for row, problem in problems.problems:
            typer.echo(f"crossroads journal import: row {row}: {problem}", err=True)
        raise typer.Exit(2) from None
    # Classified outside any transaction, so the app's writers are not held up meanwhile.
    with typer.progressbar(length=len(entries), label="Importing", file=sys.stderr) as bar:
        prepared = journal.prepare_entries(entries, examples, progress=bar.update)
    with operating_on("journal import", user) as op:
        added = journal.store_prepared(
            op.session, op.master_keys, op.person, prepared, datetime.now(UTC)
        )
        op.audit("change", f"journal import of {len(added)} entries")
    print_screen(screen_of_all(each.screen for each in added), op.person)
    typer.echo(f"Imported {len(added)} {'entry' if len(added) == 1 else 'entries'}.")
    flagged = sum(1 for each in added if each.screen.flagged)
    if flagged:
        typer.echo(f"{flagged} of them hold words that can signal crisis.", err=True)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidInput("path", f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput("path", f"{path} is not UTF-8 text") from None


def _line(entry: Entry) -> str:
    when = entry.at.strftime("%Y-%m-%d %H:%M")
    if entry.is_exercise:
        return f"{when}  exercise: {entry.kind.value}"
    if entry.is_tool:
        mood = "" if entry.mood is None else f"; mood {entry.mood}"
        return f"{when}  {tool_summary(entry.answers)}{mood}"
    coping = ", ".join(COPING[kind].name.lower() for kind in entry.all_coping)
    return f"{when}  mood {entry.mood}" + (f"; coped by {coping}" if coping else "")
