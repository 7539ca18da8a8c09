"""A practitioner's clients: only those who granted access, only the areas granted."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.domain.coaching import SHARPENING_PROMPTS
from crossroads.domain.errors import ConsentMissing, NotFound
from crossroads.domain.journal_insights import statements
from crossroads.services.assessments import client_assessments
from crossroads.services.consents import clients_of
from crossroads.services.goals import client_goals
from crossroads.services.journal_insights import client_journal_insights
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()

T = TypeVar("T")


@router.get("/clients", response_class=HTMLResponse)
def clients(request: Request, runtime: RuntimeDep, practitioner: Practitioner) -> HTMLResponse:
    with runtime.database.transaction() as session:
        grants = clients_of(session, practitioner)
    return templates.TemplateResponse(request, "clients/index.html", {"grants": grants})


@router.get("/clients/{client_id}", response_class=HTMLResponse)
def client_detail(
    request: Request, client_id: str, runtime: RuntimeDep, practitioner: Practitioner
) -> HTMLResponse:
    """What the client shared: assessments, coaching goals and journal patterns, each under its
    own grant; a client who shared none of them is not found."""
    now = datetime.now(UTC)
    keys = runtime.master_keys
    with runtime.database.transaction() as session:
        assessments = _shared(lambda: client_assessments(session, keys, practitioner, client_id))
        goals = _shared(lambda: client_goals(session, keys, practitioner, client_id, now))
        patterns = _shared(
            lambda: client_journal_insights(session, keys, practitioner, client_id, now)
        )
        if assessments is None and goals is None and patterns is None:
            raise NotFound(f"no client {client_id} has shared with you")
        client = next(
            (g.other for g in clients_of(session, practitioner) if g.other.id == client_id), None
        )
    context = {
        "client_id": client_id,
        "client": client,
        "assessments": assessments,
        "goals": goals,
        "journal": statements(patterns) if patterns is not None else None,
        "prompts": SHARPENING_PROMPTS,
    }
    return templates.TemplateResponse(request, "clients/detail.html", context)


def _shared(read: Callable[[], T]) -> T | None:
    """What `read` returns, or None where the client has not shared it."""
    try:
        return read()
    except ConsentMissing:
        return None
