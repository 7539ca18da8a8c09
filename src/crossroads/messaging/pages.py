"""Messages as pages: a person's threads, one thread with its reply form, and a client's first
question to a practitioner from their profile. The service screens a client's words and saves
them whatever the screen says; the page then shows the crisis or check page its level asks for.
Words refused (too long, too many) are not saved, but a client still sees the lines first when
they ask for them."""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crossroads.kernel.errors import InvalidInput, RateLimited
from crossroads.kernel.people import Person, Role
from crossroads.messaging.service.contact import Contact, contact_on_profile, enquiry_for
from crossroads.messaging.service.sending import send_enquiry, send_message
from crossroads.messaging.service.threads import thread_of, threads_of, unread_count
from crossroads.platform.database import DatabaseBusy
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import Client, RuntimeDep, SignedInPerson
from crossroads.web.deps import FormFields, templates
from crossroads.web.pages import page_router
from crossroads.web.pages.crisis import after_screen, crisis_if_at_risk

router = page_router()


@router.get("/messages", response_class=HTMLResponse)
def messages(request: Request, runtime: RuntimeDep, person: SignedInPerson) -> HTMLResponse:
    with runtime.database.transaction() as session:
        threads = threads_of(session, person, datetime.now(UTC))
    context = {"threads": threads}
    return templates.TemplateResponse(request, "messages/index.html", context)


@router.get("/messages/{thread_id}", response_class=HTMLResponse)
def thread(
    request: Request, thread_id: str, runtime: RuntimeDep, person: SignedInPerson
) -> HTMLResponse:
    return _thread_page(request, runtime, person, thread_id)


@router.post("/messages/{thread_id}", response_class=HTMLResponse)
def send(
    request: Request,
    thread_id: str,
    runtime: RuntimeDep,
    person: SignedInPerson,
    form: FormFields,
) -> Response:
    text = form.get("text", "")
    try:
        with runtime.database.transaction() as session:
            sent = send_message(
                session, runtime.master_keys, person, thread_id, text, datetime.now(UTC)
            )
    except InvalidInput as error:
        if (crisis := _lines_first(request, person, text)) is not None:
            return crisis
        return _thread_page(request, runtime, person, thread_id, error.problem, text, 422)
    except RateLimited:
        if (crisis := _lines_first(request, person, text)) is not None:
            return crisis
        raise
    return after_screen(request, sent.screen, f"/messages/{thread_id}")


@router.get("/practitioners/{practitioner_id}/enquiry", response_class=HTMLResponse)
def enquiry(
    request: Request, practitioner_id: str, runtime: RuntimeDep, client: Client
) -> Response:
    """The question form; a client who may already write to the practitioner is sent to their
    thread instead."""
    with runtime.database.transaction() as session:
        state = enquiry_for(session, client, practitioner_id, datetime.now(UTC))
    if state.in_thread and state.thread_id is not None:
        return RedirectResponse(f"/messages/{state.thread_id}", status_code=303)
    context = {"state": state, "practitioner_id": practitioner_id}
    return templates.TemplateResponse(request, "messages/enquiry.html", context)


@router.post("/practitioners/{practitioner_id}/enquiry", response_class=HTMLResponse)
def ask(
    request: Request, practitioner_id: str, runtime: RuntimeDep, client: Client, form: FormFields
) -> Response:
    text = form.get("text", "")
    now = datetime.now(UTC)
    try:
        with runtime.database.transaction() as session:
            sent = send_enquiry(session, runtime.master_keys, client, practitioner_id, text, now)
    except InvalidInput as error:
        if (crisis := _lines_first(request, client, text)) is not None:
            return crisis
        with runtime.database.transaction() as session:
            state = enquiry_for(session, client, practitioner_id, now)
        context = {
            "state": state,
            "practitioner_id": practitioner_id,
            "error": error.problem,
            "text": text,
        }
        return templates.TemplateResponse(
            request, "messages/enquiry.html", context, status_code=422
        )
    except RateLimited:
        if (crisis := _lines_first(request, client, text)) is not None:
            return crisis
        raise
    return after_screen(request, sent.screen, f"/messages/{sent.thread_id}")


def _thread_page(
    request: Request,
    runtime: Runtime,
    person: Person,
    thread_id: str,
    error: str = "",
    text: str = "",
    status: int = 200,
) -> HTMLResponse:
    with runtime.database.transaction() as session:
        found = thread_of(session, runtime.master_keys, person, thread_id, datetime.now(UTC))
    context = {"thread": found, "error": error, "text": text}
    return templates.TemplateResponse(request, "messages/thread.html", context, status_code=status)


def _lines_first(request: Request, person: Person, text: str) -> HTMLResponse | None:
    """The crisis or check page for a client's refused words that ask for it. A
    practitioner's words are theirs, not a sign of their own risk (they may quote a client)."""
    if person.role is not Role.CLIENT:
        return None
    return crisis_if_at_risk(request, {"text": text})


def unread_messages(request: Request) -> int:
    """How many messages wait unread for the person signed in; 0 for anyone else, and while
    the database is too busy to say (the page itself matters more than the count)."""
    viewer: Person | None = getattr(request.state, "viewer", None)
    if viewer is None or viewer.role is Role.ADMIN:
        return 0
    runtime: Runtime = request.app.state.runtime
    try:
        with runtime.database.reading() as session:
            return unread_count(session, viewer)
    except DatabaseBusy:
        return 0


def message_contact(request: Request, listing_id: str) -> Contact:
    """What a practitioner's profile says about writing to them, for the visitor."""
    viewer: Person | None = getattr(request.state, "viewer", None)
    runtime: Runtime = request.app.state.runtime
    with runtime.database.reading() as session:
        return contact_on_profile(session, viewer, listing_id, datetime.now(UTC))


# The base page's navigation and the practitioner's profile (booking's practitioners/
# profile.html) read these through globals, as any page can include the guides' questions:
# the profile is the booking feature's page, and messages are built on booking, not under it.
templates.env.globals["unread_messages"] = unread_messages
templates.env.globals["message_contact"] = message_contact
