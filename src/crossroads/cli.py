"""The `crossroads` command: mounts each feature's commands (the assessment, coaching goals, the
journal, measures, the directory, the safety plan), and holds the operator's own: the server,
the worker, demo data, the database and its backups, accounts, export, audit, keys and the text
classifiers."""

import json
import logging.config
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

import crossroads.assessment.cli.assess as cli_assessment
import crossroads.assessment.cli.measures as cli_measures
import crossroads.booking.cli as cli_practitioners
import crossroads.coaching.cli.commands as cli_goals
import crossroads.journal.cli as cli_journal
import crossroads.safety_plan.cli as cli_safety_plan
from crossroads.accounts.service.accounts import new_password, sign_up
from crossroads.assessment.service.assessments import seal_plaintext_assessments
from crossroads.assessment.service.results import seal_plaintext_instruments
from crossroads.assessment.service.retakes import seal_plaintext_schedules
from crossroads.casework.service.records import seal_notes_for_authors
from crossroads.casework.service.referrals import seal_plaintext_referral_kinds
from crossroads.console import (
    BAD_INPUT,
    as_written,
    fail,
    fail_on,
    operating_on,
    read_text,
    refusals,
    running,
    working,
)
from crossroads.journal.service.entries import seal_plaintext_entry_kinds
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Role
from crossroads.ops.demo import load_demo
from crossroads.ops.privacy import delete_person, export_everything
from crossroads.ops.worker import run_worker, work_round
from crossroads.platform.audit import OPERATOR, breaks, breaks_since, current_checkpoint
from crossroads.platform.backup import (
    DatabaseInUse,
    NotEmbedded,
    back_up,
    embedded_path,
    restore_backup,
)
from crossroads.platform.config import Settings
from crossroads.platform.database import open_database, shown_url
from crossroads.platform.keys import rewrap_batch
from crossroads.platform.log_format import logging_config
from crossroads.platform.outbox import publish_outbox_key
from crossroads.platform.runtime import Runtime
from crossroads.platform.secrets import (
    add_audit_key,
    add_master_key,
    load_audit_keys,
    load_audit_signing_key,
    load_master_keys,
)
from crossroads.security.audit_checkpoints import (
    BadCheckpoint,
    Checkpoint,
    read_signed,
    signed,
    signing_key_from,
)
from crossroads.text.classification import (
    MalformedLines,
    classify_items,
    parse_items,
    parse_task,
)
from crossroads.text.pipeline.evaluation import EVALUATION_STEPS, RISK_LABELS, results_markdown
from crossroads.text.pipeline.evaluation import evaluate as evaluate_classifiers
from crossroads.text.pipeline.training import (
    MODEL_CARD,
    SHIPPED_ARTIFACT,
    TRAINING_STEPS,
    write_artifact,
)
from crossroads.text.pipeline.training import train as train_classifiers

app = typer.Typer(help="Crossroads: therapy, coaching or both.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database.", no_args_is_help=True)
users_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
audit_app = typer.Typer(
    help="Check the audit log and sign checkpoints of it.", no_args_is_help=True
)
keys_app = typer.Typer(help="Manage encryption keys.", no_args_is_help=True)
app.command("assess")(cli_assessment.assess)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(cli_goals.goals_app, name="goals")
app.add_typer(cli_journal.journal_app, name="journal")
app.add_typer(cli_measures.measures_app, name="measures")
app.add_typer(cli_practitioners.practitioners_app, name="practitioners")
app.add_typer(cli_safety_plan.safety_plan_app, name="safety-plan")


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
        "crossroads.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=settings.forwarded_allow_ips is not None,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_config=logging_config(settings.log_format, settings.log_level),
        access_log=False,
    )


@app.command()
def demo() -> None:
    """Load demo accounts and data (a client with a coaching goal, and their coach) into the
    database, unless they are there already."""
    with working("demo") as work:
        accounts = load_demo(work.session, work.master_keys, datetime.now(UTC))
    typer.echo("Demo data loaded." if accounts.created else "Demo data is already there.")
    typer.echo(f"  client: {accounts.client}")
    typer.echo(f"  coach:  {accounts.coach} (sets up two-factor sign-in on first sign-in)")
    typer.echo(f"  password for both: {accounts.password}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema, and seal any plaintext left from
    before encryption."""
    with running("db upgrade") as runtime:
        runtime.database.upgrade()
        keys = runtime.master_keys
        with runtime.database.transaction() as session:
            sealed = seal_plaintext_assessments(session, keys)
            publish_outbox_key(session, keys, datetime.now(UTC))
            names = seal_plaintext_instruments(session, keys)
            names += seal_plaintext_schedules(session, keys)
            names += seal_plaintext_entry_kinds(session, keys)
            names += seal_plaintext_referral_kinds(session, keys)
            notes = seal_notes_for_authors(session, keys)
    shown = shown_url(runtime.settings.database)
    typer.echo(f"Database {shown} is up to date.")
    if sealed:
        typer.echo(f"Sealed {sealed} assessments stored before encryption.")
    if names:
        typer.echo(f"Sealed the kind named by {names} retakes, schedules, entries and referrals.")
    if notes:
        typer.echo(f"Sealed {notes} session notes again under their author's key.")


@app.command()
def backup(
    dest: Annotated[
        Path | None,
        typer.Argument(help="A new file, or a folder to put it in; by default data/backups/."),
    ] = None,
) -> None:
    """Copy the embedded database, consistent while the app keeps writing, into a file only
    you can read, and check the copy. It holds no keys: keep those apart from it."""
    with _embedded_only("backup"), refusals("backup", as_written):
        made = back_up(Settings(), dest, datetime.now(UTC))
    typer.echo(f"Backed up to {made.path} ({_size(made.size)}).")
    if not made.newest:
        typer.echo("Its schema is older than this release's: `crossroads db upgrade` is due.")
    needed = ", ".join(sorted(made.master_key_ids)) or "none yet"
    typer.echo(
        "The copy holds no keys. Keep them apart from it, where two people can reach them: the "
        f"master keys (master.keys or CROSSROADS_MASTER_KEYS; this copy needs {needed}), the "
        "session secret (secret.key) and the audit keys (audit.keys, audit-signing.key). "
        "Without the master keys nothing sealed in it can ever be opened."
    )


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by `crossroads backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the live database; it is kept beside it.")
    ] = False,
) -> None:
    """Put a backup in place of the embedded database, with the server and workers stopped.
    The database it replaces is kept beside it, named `.before-restore-<time>`."""
    with _embedded_only("restore"), refusals("restore", as_written):
        live = embedded_path(Settings())
        if not yes:
            raise fail(
                "restore",
                f"--yes: this replaces {live} with {file}; stop the server "
                "and workers, then run it again with --yes",
            )
        try:
            restored = restore_backup(Settings(), file, datetime.now(UTC))
        except DatabaseInUse as error:
            typer.echo(f"crossroads restore: {error}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"Restored {file} to {live}.")
    if restored.kept:
        typer.echo(f"The database it replaced is kept as {restored.kept}.")
    if restored.missing_master_keys:
        missing = ", ".join(sorted(restored.missing_master_keys))
        typer.echo(
            f"The master keys in use lack {missing}: put the master keys kept with this backup "
            "in place before starting, or what is sealed in it stays shut."
        )
    if not restored.backup.newest:
        typer.echo("Its schema is older than this release's: run `crossroads db upgrade` next.")


@contextmanager
def _embedded_only(command: str) -> Iterator[None]:
    """Refuse a PostgreSQL database, which its own tools back up, naming where they are shown."""
    try:
        yield
    except NotEmbedded as error:
        raise fail(command, str(error)) from None


def _size(size: int) -> str:
    shown, unit = float(size), "bytes"
    for larger in ("kB", "MB", "GB"):
        if shown < 1000:
            break
        shown, unit = shown / 1000, larger
    return f"{size} bytes" if unit == "bytes" else f"{shown:.1f} {unit}"


@users_app.command("add")
def users_add(
    email: str,
    role: Annotated[Role, typer.Option(help="client, practitioner or admin")] = Role.CLIENT,
    name: Annotated[str | None, typer.Option(help="Display name; defaults to the email.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account. The password is read from stdin, never from the command line."""
    if not password_stdin:
        raise fail("users add", "password: pass --password-stdin and pipe it in")
    with refusals("users add", as_written):
        chosen = new_password(sys.stdin.readline().rstrip("\n"))  # hashed before the transaction
    with working("users add", options=as_written) as work:
        person = sign_up(
            work.session, email=email, display_name=name or email, password=chosen, role=role
        )
    typer.echo(f"Added {person.email} as {person.role}.")


@users_app.command("delete")
def users_delete(email: str) -> None:
    """Delete an account and destroy its key; nothing of it can be read again."""
    with operating_on("users delete", email, options=as_written) as op:
        delete_person(op.session, op.master_keys, op.person, actor=OPERATOR)
    typer.echo(f"Deleted {email}; its data key is destroyed.")


@app.command()
def export(user: Annotated[str, typer.Option(help="Whose data to export.")]) -> None:
    """Print everything held about a person as one JSON document (audited)."""
    with operating_on("export", user, options=as_written) as op:
        document = export_everything(
            op.session, op.master_keys, op.person, now=datetime.now(UTC), operator=OPERATOR
        )
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


@audit_app.command("verify")
def audit_verify(
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="A checkpoint `crossroads audit checkpoint` wrote: every chain must still "
            "reach it.",
        ),
    ] = None,
) -> None:
    """Exit 0 when every chain holds (and reaches the checkpoint); 1 naming each break."""
    settings = Settings()
    kept = _read_checkpoint(settings, checkpoint) if checkpoint else None
    with open_database(settings).reading() as session:
        found = breaks(session)
        if kept is not None:
            found += breaks_since(session, kept)
        reached = current_checkpoint(session, datetime.now(UTC))
    for each in found:
        typer.echo(f"crossroads audit verify: {each}", err=True)
    if found:
        raise typer.Exit(1)
    typer.echo(
        f"The audit log holds: {len(reached.heads)} chains, {reached.entries} entries."
        + (f" Every chain reaches the checkpoint of {kept.at:%Y-%m-%d %H:%M} UTC." if kept else "")
    )


def _read_checkpoint(settings: Settings, path: Path) -> Checkpoint:
    key = signing_key_from(load_audit_signing_key(settings))
    try:
        return read_signed(path.read_text("utf-8"), key)
    except (BadCheckpoint, UnicodeDecodeError) as error:
        raise fail("audit verify", f"{path}: {error}") from None


@audit_app.command("checkpoint")
def audit_checkpoint(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Print a signed statement of every chain's head (a Merkle root over them, with their
    count), to keep somewhere the database's holders cannot reach."""
    settings = Settings()
    key = signing_key_from(load_audit_signing_key(settings))
    with open_database(settings).reading() as session:
        document = signed(current_checkpoint(session, datetime.now(UTC)), key)
    if output is None:
        typer.echo(document)
    else:
        output.write_text(document + "\n", encoding="utf-8")
        typer.echo(f"Wrote the checkpoint to {output}; keep a copy away from the database.")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Add a master key and an audit key (with the key files), re-wrap every data key under
    the newest master key, in small committed batches while the application keeps running,
    and link new audit entries with the newest audit key (older ones still verify theirs)."""
    settings = Settings()
    try:
        master_keys = add_master_key(settings)
    except ValueError:
        master_keys = load_master_keys(settings)  # from the environment: rotate to its last key
    try:
        audit_keys = add_audit_key(settings)
    except ValueError:
        audit_keys = load_audit_keys(settings)
    database = open_database(settings)
    moved = 0
    while True:
        with database.transaction() as session:
            batch = rewrap_batch(session, master_keys)
        moved += batch
        if batch == 0:
            break
    typer.echo(f"Re-wrapped {moved} data keys under master key {master_keys.current_id}.")
    typer.echo(
        f"New audit entries are linked with audit key {audit_keys.current_id} once the app and "
        "workers restart; keep every older audit key too, to verify the entries it linked."
    )


@app.command()
def worker(
    once: Annotated[bool, typer.Option(help="Deliver what is due, then stop.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between rounds.")] = 5.0,
) -> None:
    """Queue check-in reminders as they come due, and deliver queued messages (password
    resets, reminders) over SMTP. Several may run against one PostgreSQL database; SIGTERM
    lets the round in hand finish first."""
    with running("worker") as runtime:
        if once:
            _work_once(runtime)
        else:
            _work_until_stopped(runtime, interval)


def _work_once(runtime: Runtime) -> None:
    done = work_round(runtime.database, runtime.settings, runtime.master_keys)
    reminders, report = done.reminders, done.delivery
    queued = (reminders.people if reminders else 0) + done.booking_reminders
    typer.echo(f"Reminders queued {queued}. Sent {report.sent}, failed {report.failed}.")


def _work_until_stopped(runtime: Runtime, interval: float) -> None:
    settings = runtime.settings
    logging.config.dictConfig(logging_config(settings.log_format, settings.log_level))
    stop = threading.Event()
    for stopping in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stopping, lambda *_: stop.set())
    run_worker(runtime.database, settings, runtime.master_keys, stop=stop, interval=interval)


@app.command()
def classify(
    task: Annotated[str, typer.Argument(help="need, crisis or coping.")],
    input_path: Annotated[
        str, typer.Option("--input", "-i", help='JSON Lines of {"id", "text"}, or - for stdin.')
    ],
    output_path: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Classify each text: its label, a probability per label, and the evidence."""
    try:
        chosen = parse_task(task)
        items = parse_items(_read_lines(input_path))
    except MalformedLines as error:
        for number, problem in error.problems:
            typer.echo(f"crossroads classify: line {number}: {problem}", err=True)
        raise typer.Exit(BAD_INPUT) from None
    except InvalidInput as error:
        raise fail_on("classify", error, as_written) from None
    lines = [json.dumps(result, ensure_ascii=False) for result in classify_items(chosen, items)]
    text = "".join(line + "\n" for line in lines)
    if output_path is None:
        typer.echo(text, nl=False)
    else:
        output_path.write_text(text, encoding="utf-8")


def _read_lines(input_path: str) -> list[str]:
    # not splitlines(): JSON strings may hold U+2028 and its kin unescaped
    return read_text(input_path).split("\n")


DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        help="The shared data folder, with counselchat/, sdcnl/ and the others.",
        exists=True,
        file_okay=False,
    ),
]


@app.command()
def train(
    data_dir: DataDir,
    output: Annotated[
        Path, typer.Option(help="Where to write classifiers.json.")
    ] = SHIPPED_ARTIFACT,
) -> None:
    """Retrain the classifiers from our examples and the CounselChat train split; the model
    card is written beside them."""
    with (
        refusals("train", as_written),
        typer.progressbar(length=TRAINING_STEPS, label="Training", file=sys.stderr) as bar,
    ):
        trained = train_classifiers(
            data_dir, trained_on=datetime.now(UTC).date(), on_step=lambda: bar.update(1)
        )
    write_artifact(trained, output)
    typer.echo(f"Wrote {output} and {output.with_name(MODEL_CARD.name)}.")


@app.command()
def evaluate(
    data_dir: DataDir,
    output: Annotated[Path, typer.Option(help="Where to write the table.")] = Path(
        "benchmarks/RESULTS-text.md"
    ),
    risk_labels: Annotated[
        Path, typer.Option(help="Hand labels of the hidden CounselChat questions' risk content.")
    ] = RISK_LABELS,
) -> None:
    """Measure the classifiers on the hidden splits and write a table beside a keyword
    baseline."""
    with (
        refusals("evaluate", as_written),
        typer.progressbar(length=EVALUATION_STEPS, label="Evaluating", file=sys.stderr) as bar,
    ):
        figures = evaluate_classifiers(
            data_dir, on_step=lambda: bar.update(1), risk_labels=risk_labels
        )
    table = results_markdown(figures, datetime.now(UTC).date())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(table, encoding="utf-8")
    typer.echo(table)
