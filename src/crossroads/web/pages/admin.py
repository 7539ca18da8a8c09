"""Account management for admins: roles and deletion, never the content of an account; and
the directory listings whose licence has expired."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.booking.service.directory import expired_listings
from crossroads.ops.admin import change_role, delete_account, list_accounts
from crossroads.web.auth import Admin, RuntimeDep
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router

router = page_router()


@router.get("/admin/people", response_class=HTMLResponse)
def people(request: Request, runtime: RuntimeDep, admin: Admin) -> HTMLResponse:
    with runtime.database.transaction() as session:
        accounts = list_accounts(session, admin)
        expired = expired_listings(session, datetime.now(UTC).date())
    context = {"accounts": accounts, "expired": expired, "today": datetime.now(UTC).date()}
    return templates.TemplateResponse(request, "admin/people.html", context)


@router.post("/admin/people/{person_id}/role")
def role(person_id: str, runtime: RuntimeDep, admin: Admin, form: FormFields) -> Response:
    with runtime.database.transaction() as session:
        change_role(session, admin, person_id, form.get("role", ""))
    return RedirectResponse("/admin/people", status_code=303)


@router.post("/admin/people/{person_id}/delete")
def delete(person_id: str, runtime: RuntimeDep, admin: Admin) -> Response:
    with runtime.database.transaction() as session:
        delete_account(session, runtime.master_keys, admin, person_id)
    return RedirectResponse("/admin/people", status_code=303)
