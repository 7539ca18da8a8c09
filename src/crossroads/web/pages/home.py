"""The home page at `/`, one for each role: a client's home (what is due, their next session,
mood and goals, and one next step), a practitioner's (alerts first, today's sessions, unread
messages), an admin's (where accounts are managed); for anyone not signed in, the start page:
what therapy and coaching are, and where to begin."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.booking.rules.appointments import ROOM_OPENS_BEFORE
from crossroads.kernel.people import Role
from crossroads.ops.home import client_home, practitioner_home
from crossroads.web.auth import RuntimeDep, Viewer
from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, runtime: RuntimeDep, viewer: Viewer) -> HTMLResponse:
    now = datetime.now(UTC)
    if viewer is None:
        return templates.TemplateResponse(request, "home/start.html", {})
    context: dict[str, object] = {"person": viewer, "now": now}
    if viewer.role is Role.CLIENT:
        with runtime.database.reading() as session:
            context["home"] = client_home(session, runtime.master_keys, viewer, now)
        context["room_opens"] = int(ROOM_OPENS_BEFORE.total_seconds() // 60)
        return templates.TemplateResponse(request, "home/client.html", context)
    if viewer.role is Role.PRACTITIONER:
        # A transaction: reading the caseload's alerts writes to each client's access log.
        with runtime.database.transaction() as session:
            context["home"] = practitioner_home(session, runtime.master_keys, viewer, now)
        return templates.TemplateResponse(request, "home/practitioner.html", context)
    return templates.TemplateResponse(request, "home/admin.html", context)
