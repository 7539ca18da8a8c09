"""Healing exercises as pages: the list with what the person has done and their readiness
threshold, and each exercise: how ready the person feels first (a calming tool suggested below
their threshold, with a way on all the same), then its form, which can be left midway for a
calming tool with what is written saved. A saved exercise joins the journal's timeline; the
journal service screens what is written, and the page shows what the screen's level asks for.
Every step works without JavaScript: the readiness is a plain GET form, and the minutes stayed
with a feeling are counted from a start time the server puts in the form."""

from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.journal.pages.entries import crisis_or
from crossroads.journal.rules.entries import EntryKind
from crossroads.journal.rules.exercises import (
    EXERCISES,
    READINESS,
    YES,
    calming_first,
    parse_readiness,
    plan_exercise,
    readiness_threshold,
    written_in,
)
from crossroads.journal.service import entries as journal
from crossroads.journal.service import exercises as healing
from crossroads.journal.service.insights import insights_of
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import crisis_if_at_risk

router = page_router()

CALMER = "/right-now"  # the tools for the moment
CALMING_TOOL = "/right-now#breathing"  # where stepping back leads: slow breathing


def _kind(name: str) -> EntryKind:
    try:
        kind = EntryKind(name)
    except ValueError:
        kind = EntryKind.ENTRY
    if kind not in EXERCISES:
        raise NotFound(f"no exercise called {name}")
    return kind


@router.get("/journal/exercises", response_class=HTMLResponse)
def exercises_page(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    return _list(request, runtime, client)


def _list(request: Request, runtime: RuntimeDep, client: Client, error: str = "") -> HTMLResponse:
    with runtime.database.reading() as session:
        found = insights_of(session, runtime.master_keys, client, datetime.now(UTC))
        own = healing.readiness_threshold_of(session, client)
    context = {
        "exercises": EXERCISES,
        "done": found.acknowledgement,
        "threshold": readiness_threshold(own),
        "scale": READINESS,
        "error": error,
    }
    status = 422 if error else 200
    return templates.TemplateResponse(
        request, "journal/exercises.html", context, status_code=status
    )


@router.post("/journal/readiness", response_class=HTMLResponse)
def change_threshold(
    request: Request, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    """How ready the person wants to feel before an exercise goes on without first suggesting
    a calming tool."""
    try:
        threshold = parse_readiness(form.get("threshold", ""), "threshold")
        with runtime.database.transaction() as session:
            healing.set_readiness_threshold(session, client, threshold)
    except InvalidInput as error:
        return _list(request, runtime, client, str(error))
    return RedirectResponse("/journal/exercises#readiness", status_code=303)


@router.get("/journal/exercises/{exercise}", response_class=HTMLResponse)
def exercise_form(
    request: Request,
    exercise: str,
    runtime: RuntimeDep,
    client: Client,
    readiness: str = "",
    anyway: str = "",
    from_record: str = "",
) -> HTMLResponse:
    """First how ready the person feels; below their threshold a calmer tool is suggested,
    unless they chose to go on anyway; then the exercise. `from_record` is a thought record the
    belief exercise goes deeper from: its thought is carried over."""
    kind = _kind(exercise)
    fields = {"readiness": readiness}
    with runtime.database.reading() as session:
        own = healing.readiness_threshold_of(session, client)
        if from_record and kind is EntryKind.BELIEF:
            fields["thought"] = healing.thought_to_follow(
                session, runtime.master_keys, client, from_record
            )
    if not readiness.strip():
        return _form(request, runtime, client, kind, fields, step="ask", from_record=from_record)
    try:
        level = parse_readiness(readiness)
    except InvalidInput as error:
        return _form(
            request, runtime, client, kind, {}, str(error), step="ask", from_record=from_record
        )
    step = "suggest" if calming_first(level, own) and anyway != YES else "form"
    return _form(request, runtime, client, kind, fields, step=step, from_record=from_record)


def _form(
    request: Request,
    runtime: RuntimeDep,
    client: Client,
    kind: EntryKind,
    fields: dict[str, str],
    error: str = "",
    *,
    step: str = "form",
    from_record: str = "",
) -> HTMLResponse:
    promises = None
    if kind is EntryKind.SELF_TRUST:
        with runtime.database.reading() as session:
            promises = healing.promises_of_person(
                session, runtime.master_keys, client, datetime.now(UTC)
            )
    go_on = {"readiness": fields.get("readiness", ""), "anyway": YES}
    context = {
        "exercise": EXERCISES[kind],
        "fields": fields,
        "error": error,
        "step": step,
        "scale": READINESS,
        "from_record": from_record,
        "go_on": urlencode(go_on | ({"from_record": from_record} if from_record else {})),
        "calmer": CALMER,
        "promises": promises,
    }
    status = 422 if error else 200
    return templates.TemplateResponse(request, "journal/exercise.html", context, status_code=status)


@router.post("/journal/exercises/{exercise}", response_class=HTMLResponse)
def save_exercise(
    request: Request, exercise: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    """Save the exercise, or with "stay" start staying with a feeling (nothing saved yet; the
    words written so far are screened all the same), or with "stepped_back" save what is
    written and go to a calming tool."""
    kind = _kind(exercise)
    now = datetime.now(UTC)
    if kind is EntryKind.FEELING and form.get("stay") == "start":
        started = {**form, "started": now.isoformat()}
        return crisis_if_at_risk(request, form) or _form(request, runtime, client, kind, started)
    stepping_back = form.get("stepped_back") == YES
    if stepping_back and not written_in(kind, form):
        return RedirectResponse(CALMING_TOOL, status_code=303)  # nothing written to lose
    try:
        entry = plan_exercise(kind, form, now)
        with runtime.database.transaction() as session:
            added = journal.add_entry(session, runtime.master_keys, client, entry, now)
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _form(
            request, runtime, client, kind, form, str(error)
        )
    if stepping_back:
        then = CALMING_TOOL
    elif kind is EntryKind.THOUGHT_RECORD and form.get("then") == "deeper":
        then = f"/journal/exercises/belief?from_record={added.id}"
    else:
        then = f"/journal#entry-{added.id}"
    return crisis_or(request, added.screen, then)


@router.post("/journal/promises/{entry_id}", response_class=HTMLResponse)
def check_promise(
    request: Request, entry_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    """Say that a promise to oneself was kept, or not yet, and what was noticed."""
    now = datetime.now(UTC)
    try:
        with runtime.database.transaction() as session:
            added = healing.check_promise(session, runtime.master_keys, client, entry_id, form, now)
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _form(
            request, runtime, client, EntryKind.SELF_TRUST, {}, str(error)
        )
    return crisis_or(request, added.screen, "/journal/exercises/self_trust#promises")
