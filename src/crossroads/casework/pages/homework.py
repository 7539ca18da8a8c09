"""What a client's practitioners set and shared: homework to tick off, and the session notes
their authors chose to show them."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.casework.service import notes as casework
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/homework", response_class=HTMLResponse)
def homework_page(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    with runtime.database.transaction() as session:
        set_for_me = casework.homework_of(session, runtime.master_keys, client)
        notes = casework.notes_shared_with(session, runtime.master_keys, client)
    context = {
        "open": [h for h in set_for_me if not h.done],
        "done": [h for h in set_for_me if h.done],
        "notes": notes,
    }
    return templates.TemplateResponse(request, "homework/index.html", context)


@router.post("/homework/{homework_id}")
def mark(homework_id: str, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    with runtime.database.transaction() as session:
        casework.mark_homework(
            session, client, homework_id, done=form.get("done") == "yes", now=datetime.now(UTC)
        )
    return RedirectResponse("/homework", status_code=303)
