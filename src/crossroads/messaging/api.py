"""/api/v1/messages: a person's threads, one thread (marking what the other sent as read, and
in the client's log when a practitioner reads it) and sending in it; and a client's first short
question to a practitioner through their listing. A message a client sends answers with
`crisis`, the service's screen of its words. Anyone outside a thread gets 404, as for a thread
that does not exist."""

from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from crossroads.kernel.people import Person
from crossroads.messaging.rules import MAX_MESSAGE
from crossroads.messaging.service.sending import Sent, send_enquiry, send_message
from crossroads.messaging.service.threads import thread_of, threads_of
from crossroads.web.api.json_bodies import CheckedJsonRoute
from crossroads.web.api.schemas import CrisisOut, Strict, crisis_for
from crossroads.web.auth import ApiClient, ApiPerson, RuntimeDep

router = APIRouter(tags=["messages"], route_class=CheckedJsonRoute)


class ThreadOut(BaseModel):
    id: str
    other_name: str = Field(description="The other person in the thread.")
    opened_at: datetime
    opened_by: str = Field(description="booking, grant, referral, team or enquiry")
    last_sent_at: datetime | None
    unread: int = Field(description="Messages the other person sent that you have not read.")


class MessageOut(BaseModel):
    id: str
    mine: bool
    from_client: bool
    sent_at: datetime
    read_at: datetime | None = Field(description="When the other person read it.")
    text: str


class ThreadDetailOut(BaseModel):
    id: str
    other_name: str
    messages: list[MessageOut]
    can_write: bool
    limit: int = Field(description="How many characters a message may have now.")
    why_not: str = Field(description="Why you can't write now, when you can't.")


class MessageIn(Strict):
    text: str = Field(max_length=MAX_MESSAGE)


class SentOut(BaseModel):
    id: str
    thread_id: str
    crisis: CrisisOut


@router.get("/api/v1/messages", response_model=list[ThreadOut])
def list_threads(runtime: RuntimeDep, person: ApiPerson) -> list[ThreadOut]:
    """Your threads, unread first, then the latest."""
    with runtime.database.transaction() as session:
        found = threads_of(session, person, datetime.now(UTC))
    return [
        ThreadOut(
            id=each.id,
            other_name=each.other_name,
            opened_at=each.opened_at,
            opened_by=each.opened_by,
            last_sent_at=each.last_sent_at,
            unread=each.unread,
        )
        for each in found
    ]


@router.get("/api/v1/messages/{thread_id}", response_model=ThreadDetailOut)
def read_thread(thread_id: str, runtime: RuntimeDep, person: ApiPerson) -> ThreadDetailOut:
    """The thread, oldest message first; what the other person sent is marked read."""
    with runtime.database.transaction() as session:
        found = thread_of(session, runtime.master_keys, person, thread_id, datetime.now(UTC))
    return ThreadDetailOut(
        id=found.id,
        other_name=found.other_name,
        messages=[
            MessageOut(
                id=m.id,
                mine=m.mine,
                from_client=m.from_client,
                sent_at=m.sent_at,
                read_at=m.read_at,
                text=m.text,
            )
            for m in found.messages
        ],
        can_write=found.writing.allowed,
        limit=found.writing.limit if found.writing.allowed else 0,
        why_not=found.writing.why_not,
    )


@router.post("/api/v1/messages/{thread_id}", status_code=201, response_model=SentOut)
def send(thread_id: str, body: MessageIn, runtime: RuntimeDep, person: ApiPerson) -> SentOut:
    with runtime.database.transaction() as session:
        sent = send_message(
            session, runtime.master_keys, person, thread_id, body.text, datetime.now(UTC)
        )
    return _sent_out(sent, person)


@router.post(
    "/api/v1/practitioners/{practitioner_id}/enquiry", status_code=201, response_model=SentOut
)
def enquire(
    practitioner_id: str, body: MessageIn, runtime: RuntimeDep, client: ApiClient
) -> SentOut:
    """A short question to the listing's practitioner before working together, or a message in
    your thread with them when you already work together."""
    with runtime.database.transaction() as session:
        sent = send_enquiry(
            session, runtime.master_keys, client, practitioner_id, body.text, datetime.now(UTC)
        )
    return _sent_out(sent, client)


def _sent_out(sent: Sent, writer: Person) -> SentOut:
    return SentOut(id=sent.id, thread_id=sent.thread_id, crisis=crisis_for(sent.screen, writer))
