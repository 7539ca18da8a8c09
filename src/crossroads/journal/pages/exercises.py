"""Healing exercises as pages: the list with what the person has done, and each exercise's
form. A saved exercise joins the journal's timeline; the journal service screens what is
written, and the page shows what the screen's level asks for."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from crossroads.journal.pages.entries import crisis_or
from crossroads.journal.rules.entries import EntryKind
from crossroads.journal.rules.exercises import EXERCISES, plan_exercise
from crossroads.journal.service import entries as journal
from crossroads.journal.service.insights import insights_of
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import crisis_if_at_risk

router = page_router()


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
    with runtime.database.transaction() as session:
        found = insights_of(session, runtime.master_keys, client, datetime.now(UTC))
    context = {"exercises": EXERCISES, "done": found.acknowledgement}
    return templates.TemplateResponse(request, "journal/exercises.html", context)


@router.get("/journal/exercises/{exercise}", response_class=HTMLResponse)
def exercise_form(request: Request, exercise: str, client: Client) -> HTMLResponse:
    return _form(request, _kind(exercise))


def _form(
    request: Request, kind: EntryKind, fields: dict[str, str] | None = None, error: str = ""
) -> HTMLResponse:
    context = {"exercise": EXERCISES[kind], "fields": fields or {}, "error": error}
    status = 422 if error else 200
    return templates.TemplateResponse(request, "journal/exercise.html", context, status_code=status)


@router.post("/journal/exercises/{exercise}", response_class=HTMLResponse)
def save_exercise(
    request: Request, exercise: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    kind = _kind(exercise)
    now = datetime.now(UTC)
    try:
        entry = plan_exercise(kind, form, now)
        with runtime.database.transaction() as session:
            added = journal.add_entry(session, runtime.master_keys, client, entry, now)
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _form(request, kind, form, str(error))
    return crisis_or(request, added.screen, f"/journal#entry-{added.id}")
