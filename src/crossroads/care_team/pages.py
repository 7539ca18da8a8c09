"""The care team as pages: on /care-team a client sees who helps them, adds someone they
already work with, says who may see the team, removes someone and keeps the coordination note;
on /clients/{id}/care-team a member sees the team as far as the client lets them."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.care_team.rules import JOINED_LABELS, MAX_NOTE, kind_label
from crossroads.care_team.service.members import (
    add_member,
    candidates_for,
    let_see_team,
    members_of,
    remove_member,
)
from crossroads.care_team.service.note import note_for_client, write_as_client, write_as_member
from crossroads.care_team.service.view import team_for
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Person
from crossroads.web.auth import Client, Practitioner, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen

router = page_router()
LABELS = {"kind_label": kind_label, "joined_labels": JOINED_LABELS, "max_note": MAX_NOTE}


@router.get("/care-team", response_class=HTMLResponse)
def care_team(
    request: Request, runtime: RuntimeDep, client: Client, no_account: str = ""
) -> HTMLResponse:
    """`no_account` is set on the way from accepting a referral to someone with no account
    yet, who could not join the team."""
    return _team_page(request, runtime, client, no_account=bool(no_account))


@router.post("/care-team", response_class=HTMLResponse)
def add(request: Request, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    try:
        with runtime.database.transaction() as session:
            add_member(session, client, form.get("practitioner", ""), datetime.now(UTC))
    except InvalidInput as error:
        return _team_page(request, runtime, client, error=str(error), status=422)
    return RedirectResponse("/care-team", status_code=303)


@router.post("/care-team/note", response_class=HTMLResponse)
def keep_note(request: Request, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    written = form.get("note", "")
    try:
        with runtime.database.transaction() as session:
            screen = write_as_client(
                session, runtime.master_keys, client, written, datetime.now(UTC)
            )
    except InvalidInput as error:
        return _team_page(request, runtime, client, error=str(error), written=written, status=422)
    return after_screen(request, screen, "/care-team#note")


@router.post("/care-team/{member_id}/consent")
def consent(member_id: str, runtime: RuntimeDep, client: Client, form: FormFields) -> Response:
    with runtime.database.transaction() as session:
        let_see_team(session, client, member_id, form.get("sees_team") == "yes")
    return RedirectResponse("/care-team", status_code=303)


@router.post("/care-team/{member_id}/remove")
def remove(member_id: str, runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        remove_member(session, client, member_id, datetime.now(UTC))
    return RedirectResponse("/care-team", status_code=303)


@router.get("/clients/{client_id}/care-team", response_class=HTMLResponse)
def team_of_client(
    request: Request, client_id: str, runtime: RuntimeDep, practitioner: Practitioner
) -> HTMLResponse:
    return _member_page(request, runtime, practitioner, client_id)


@router.post("/clients/{client_id}/care-team/note", response_class=HTMLResponse)
def keep_note_as_member(
    request: Request,
    client_id: str,
    runtime: RuntimeDep,
    practitioner: Practitioner,
    form: FormFields,
) -> Response:
    written = form.get("note", "")
    try:
        with runtime.database.transaction() as session:
            write_as_member(
                session, runtime.master_keys, practitioner, client_id, written, datetime.now(UTC)
            )
    except InvalidInput as error:
        return _member_page(
            request, runtime, practitioner, client_id, error=str(error), written=written
        )
    return RedirectResponse(f"/clients/{client_id}/care-team#note", status_code=303)


def _team_page(
    request: Request,
    runtime: RuntimeDep,
    client: Person,
    *,
    error: str = "",
    written: str | None = None,
    no_account: bool = False,
    status: int = 200,
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        context = {
            "members": members_of(session, client),
            "candidates": candidates_for(session, client),
            "note": note_for_client(session, runtime.master_keys, client),
        }
    context |= {"error": error, "written": written, "no_account": no_account, **LABELS}
    return templates.TemplateResponse(request, "care_team/mine.html", context, status_code=status)


def _member_page(
    request: Request,
    runtime: RuntimeDep,
    practitioner: Person,
    client_id: str,
    *,
    error: str = "",
    written: str | None = None,
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        view = team_for(session, runtime.master_keys, practitioner, client_id)
    context = {"view": view, "error": error, "written": written, **LABELS}
    return templates.TemplateResponse(
        request, "care_team/member.html", context, status_code=422 if error else 200
    )
