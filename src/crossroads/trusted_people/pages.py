"""A client's trusted people on /sharing/trusted: invite, change what each sees, send a fresh
link, stop sharing. And the trusted person's own page, /trusted/{token}, reached by its link
alone: what is shared now and the crisis lines for the visitor themselves, nothing more."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Person
from crossroads.kernel.resources import resources_for
from crossroads.trusted_people.rules import AREA_LABELS, MAX_NAME
from crossroads.trusted_people.service.invitations import (
    change_what_is_shared,
    invite_trusted_person,
    send_fresh_link,
    stop_sharing,
    trusted_people_of,
)
from crossroads.trusted_people.service.shared import LinkClosed, shared_view
from crossroads.web.auth import Client, RuntimeDep
from crossroads.web.deps import FormLists, templates
from crossroads.web.pages import page_router
from crossroads.web.region import region_for_lines

router = page_router()
HOME = "/sharing/trusted"
LABELS = {"name": "Their name", "email": "Their email address", "areas": "What they may see"}


def _manage_page(
    request: Request, runtime: RuntimeDep, client: Person, status: int = 200, **extra: object
) -> HTMLResponse:
    with runtime.database.reading() as session:
        people = trusted_people_of(session, runtime.master_keys, client)
    context = {
        "people": people,
        "areas": AREA_LABELS,
        "max_name": MAX_NAME,
        "now": datetime.now(UTC),
        "labels": LABELS,
        "form": {},
        "error": None,
        **extra,
    }
    return templates.TemplateResponse(
        request, "trusted_people/manage.html", context, status_code=status
    )


def _first(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0]


@router.get(HOME, response_class=HTMLResponse)
def trusted_people(request: Request, runtime: RuntimeDep, client: Client) -> HTMLResponse:
    return _manage_page(request, runtime, client)


@router.post(HOME, response_class=HTMLResponse)
def invite(request: Request, runtime: RuntimeDep, client: Client, form: FormLists) -> Response:
    try:
        with runtime.database.transaction() as session:
            invite_trusted_person(
                session,
                runtime.master_keys,
                client,
                name=_first(form, "name"),
                email=_first(form, "email"),
                areas=form.get("areas", []),
                show_my_name=_first(form, "show_my_name") == "yes",
                public_url=runtime.settings.public_url,
                now=datetime.now(UTC),
            )
    except InvalidInput as error:
        return _manage_page(request, runtime, client, 422, error=error, form=form)
    return RedirectResponse(f"{HOME}?invited=1", status_code=303)


@router.post(HOME + "/{invitation_id}", response_class=HTMLResponse)
def change(
    request: Request, invitation_id: str, runtime: RuntimeDep, client: Client, form: FormLists
) -> Response:
    try:
        with runtime.database.transaction() as session:
            change_what_is_shared(
                session,
                runtime.master_keys,
                client,
                invitation_id,
                areas=form.get("areas", []),
                show_my_name=_first(form, "show_my_name") == "yes",
            )
    except InvalidInput as error:
        return _manage_page(request, runtime, client, 422, error=error)
    return RedirectResponse(HOME, status_code=303)


@router.post(HOME + "/{invitation_id}/fresh-link", response_class=HTMLResponse)
def fresh_link(
    request: Request, invitation_id: str, runtime: RuntimeDep, client: Client
) -> Response:
    try:
        with runtime.database.transaction() as session:
            send_fresh_link(
                session,
                runtime.master_keys,
                client,
                invitation_id,
                public_url=runtime.settings.public_url,
                now=datetime.now(UTC),
            )
    except InvalidInput as error:
        return _manage_page(request, runtime, client, 422, error=error)
    return RedirectResponse(f"{HOME}?sent=1", status_code=303)


@router.post(HOME + "/{invitation_id}/stop")
def stop(invitation_id: str, runtime: RuntimeDep, client: Client) -> Response:
    with runtime.database.transaction() as session:
        stop_sharing(session, client, invitation_id, datetime.now(UTC))
    return RedirectResponse(HOME, status_code=303)


@router.get("/trusted/{token}", response_class=HTMLResponse)
def shared_with_me(
    request: Request, token: str, runtime: RuntimeDep, region: str = ""
) -> HTMLResponse:
    """Reached by the link alone, whoever is signed in; a closed link reads as an unknown one.
    The crisis lines follow the visitor (the region they choose, or their browser), never the
    client whose page it is."""
    context: dict[str, object] = {"resources": resources_for(region_for_lines(request, region))}
    try:
        with runtime.database.transaction() as session:
            view = shared_view(session, runtime.master_keys, token, datetime.now(UTC))
    except LinkClosed:
        return templates.TemplateResponse(
            request, "trusted_people/closed.html", context, status_code=404
        )
    return templates.TemplateResponse(
        request, "trusted_people/shared.html", {**context, "view": view}
    )
