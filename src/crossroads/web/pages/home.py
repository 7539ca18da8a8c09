"""The start page: what therapy and coaching are, and where to begin; for a signed-in client,
the check-ins due on their goals come first."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.coaching.service.goals import goals_of_person
from crossroads.kernel.people import Role
from crossroads.web.auth import RuntimeDep, Viewer
from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/", response_class=HTMLResponse)
def start(request: Request, runtime: RuntimeDep, viewer: Viewer) -> HTMLResponse:
    goals = []
    if viewer is not None and viewer.role is Role.CLIENT:
        with runtime.database.reading() as session:
            goals = goals_of_person(session, runtime.master_keys, viewer, datetime.now(UTC))
    return templates.TemplateResponse(request, "home/start.html", {"goals": goals})
