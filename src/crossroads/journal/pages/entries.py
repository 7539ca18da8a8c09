"""The journal as pages: a quick entry (a mood and a tap is enough), the timeline, one entry
with how its coping was read and a way to correct it. The journal service screens whatever a
person writes; these pages show what the screen's level asks for."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.journal.rules.coping import COPING, LISTED, coping_kind, is_maladaptive
from crossroads.journal.rules.entries import EMOTIONS, SITUATION_NAMES, plan_entry
from crossroads.journal.rules.exercises import EXERCISES, answer_lines, stepped_back
from crossroads.journal.rules.tools import tool_summary
from crossroads.journal.service import entries as journal
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_whole
from crossroads.kernel.risk import RiskScreen
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormLists, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen, crisis_if_at_risk

router = page_router()

SHOWN = 60  # entries on the timeline before "show all"


def journal_context() -> dict[str, object]:
    """What every journal template needs to name things."""
    return {
        "coping": COPING,
        "listed": LISTED,
        "emotions": EMOTIONS,
        "situations": SITUATION_NAMES,
        "exercises": EXERCISES,
        "maladaptive": is_maladaptive,
        "answer_lines": answer_lines,
        "stepped_back": stepped_back,
        "tool_summary": tool_summary,
    }


def crisis_or(request: Request, screen: RiskScreen, then: str) -> Response:
    """The page the screen's level asks for (what was written is saved either way); otherwise
    on to `then`."""
    return after_screen(request, screen, then)


def _journal_page(
    request: Request,
    runtime: RuntimeDep,
    client: Client,
    *,
    show_all: bool = False,
    status: int = 200,
    error: str = "",
    fields: dict[str, list[str]] | None = None,
) -> HTMLResponse:
    with runtime.database.reading() as session:
        entries = journal.journal_of(session, runtime.master_keys, client)
    newest = list(reversed(entries))
    context = {
        **journal_context(),
        "entries": newest if show_all else newest[:SHOWN],
        "hidden": 0 if show_all else max(len(newest) - SHOWN, 0),
        "error": error,
        "fields": fields or {},
    }
    return templates.TemplateResponse(request, "journal/index.html", context, status_code=status)


@router.get("/journal", response_class=HTMLResponse)
def journal_page(
    request: Request, runtime: RuntimeDep, client: Client, all: bool = False
) -> HTMLResponse:
    return _journal_page(request, runtime, client, show_all=all)


@router.post("/journal", response_class=HTMLResponse)
def add_entry(request: Request, runtime: RuntimeDep, client: Client, form: FormLists) -> Response:
    one = {name: values[0] if values else "" for name, values in form.items()}
    now = datetime.now(UTC)
    try:
        mood, helped = one.get("mood", ""), one.get("helped", "")
        entry = plan_entry(
            at=now,
            mood=parse_whole(mood, "mood") if mood.strip() else None,
            emotions=[*form.get("emotions", []), *one.get("own_emotions", "").split(",")],
            situation=one.get("situation", ""),
            what_happened=one.get("what_happened", ""),
            coping=form.get("coping", []),
            own_coping=one.get("own_coping", ""),
            helped=parse_whole(helped, "helped") if helped.strip() else None,
            note=one.get("note", ""),
        )
        with runtime.database.transaction() as session:
            added = journal.add_entry(session, runtime.master_keys, client, entry, now)
    except InvalidInput as error:
        return crisis_if_at_risk(request, form) or _journal_page(
            request, runtime, client, status=422, error=str(error), fields=form
        )
    return crisis_or(request, added.screen, f"/journal#entry-{added.id}")


@router.get("/journal/entries/{entry_id}", response_class=HTMLResponse)
def entry_page(
    request: Request, entry_id: str, runtime: RuntimeDep, client: Client
) -> HTMLResponse:
    return _entry_page(request, runtime, client, entry_id)


def _entry_page(
    request: Request,
    runtime: RuntimeDep,
    client: Client,
    entry_id: str,
    status: int = 200,
    error: str = "",
) -> HTMLResponse:
    with runtime.database.reading() as session:
        stored = journal.entry_of(session, runtime.master_keys, client, entry_id)
    context = {**journal_context(), "stored": stored, "error": error}
    return templates.TemplateResponse(request, "journal/entry.html", context, status_code=status)


@router.post("/journal/entries/{entry_id}/coping", response_class=HTMLResponse)
def correct_coping(
    request: Request, entry_id: str, runtime: RuntimeDep, client: Client, form: FormLists
) -> Response:
    """The person says what kind of coping their own words describe."""
    try:
        kind = coping_kind((form.get("kind") or [""])[0], "kind")
        with runtime.database.transaction() as session:
            journal.correct_coping(
                session, runtime.master_keys, client, entry_id, kind, datetime.now(UTC)
            )
    except InvalidInput as error:
        return _entry_page(request, runtime, client, entry_id, 422, str(error))
    return RedirectResponse(f"/journal#entry-{entry_id}", status_code=303)


@router.post("/journal/entries/{entry_id}/delete")
def delete_entry(entry_id: str, runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        journal.delete_entry(session, runtime.master_keys, client, entry_id)
    return RedirectResponse("/journal", status_code=303)
