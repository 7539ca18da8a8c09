"""A practitioner's clients: only those who granted access, only the areas granted."""

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossroads.domain.errors import ConsentMissing, NotFound
from crossroads.services.assessments import client_assessments
from crossroads.services.consents import clients_of
from crossroads.web.auth import Practitioner, RuntimeDep
from crossroads.web.deps import templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/clients", response_class=HTMLResponse)
def clients(request: Request, runtime: RuntimeDep, practitioner: Practitioner) -> HTMLResponse:
    with runtime.database.transaction() as session:
        grants = clients_of(session, practitioner)
    return templates.TemplateResponse(request, "clients/index.html", {"grants": grants})


@router.get("/clients/{client_id}", response_class=HTMLResponse)
def client_detail(
    request: Request, client_id: str, runtime: RuntimeDep, practitioner: Practitioner
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        try:
            assessments = client_assessments(session, runtime.master_keys, practitioner, client_id)
        except ConsentMissing:
            raise NotFound(f"no client {client_id} has shared with you") from None
        client = next(
            (g.other for g in clients_of(session, practitioner) if g.other.id == client_id), None
        )
    return templates.TemplateResponse(
        request, "clients/detail.html", {"client": client, "assessments": assessments}
    )
