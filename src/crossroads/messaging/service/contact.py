"""What a practitioner's profile and the enquiry page say about writing to them: the measured
time they take to reply beside the time their listing promises, and how a visitor can write
to them now (in their thread, with a first short question, or not at all, and why)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.service.directory import listing
from crossroads.kernel.people import Person, Role
from crossroads.messaging import store
from crossroads.messaging.rules import MAX_ENQUIRY, REPLY_WINDOW, ReplyTime, Sent
from crossroads.messaging.rules import measured_reply_time as measured
from crossroads.messaging.service.links import link_between
from crossroads.messaging.service.sending import NO_ACCOUNT, NO_ENQUIRIES
from crossroads.messaging.service.threads import open_thread, person_by_id, writing_for

SEND, ASK = "Send a message", "Ask a question"


@dataclass(frozen=True)
class Contact:
    """For a profile: the measured reply time (None while too few replies say anything) and
    the words of the link to write, or None when the visitor can't write to them."""

    measured: ReplyTime | None
    action: str | None


@dataclass(frozen=True)
class Enquiry:
    """Where a client stands with writing to a listing's practitioner. `thread_id` is the
    pair's thread, once there is one; `in_thread` says to write there (they are linked, or the
    practitioner answered); otherwise `why_not` says why no question can be sent now, or is
    empty when one can, of at most `limit` characters."""

    practitioner_name: str
    thread_id: str | None
    in_thread: bool
    why_not: str = ""
    limit: int = MAX_ENQUIRY


def reply_time_of(session: Session, practitioner_id: str, now: datetime) -> ReplyTime | None:
    """The practitioner's (a person id) measured reply time over the last 90 days."""
    since = now - REPLY_WINDOW
    threads = store.sent_in_threads_of(session, practitioner_id, since)
    return measured(
        [[Sent(from_client, at) for from_client, at in sent] for sent in threads.values()], since
    )


def contact_on_profile(
    session: Session, viewer: Person | None, listing_id: str, now: datetime
) -> Contact:
    """What the listing's profile says about writing to its practitioner, for this visitor.
    Only reads: a thread is opened when the client follows the link."""
    found = listing(session, listing_id)
    if found.person_id is None:
        return Contact(None, None)
    reply_time = reply_time_of(session, found.person_id, now)
    if viewer is not None and viewer.role is not Role.CLIENT:
        return Contact(reply_time, None)
    if viewer is not None:
        practitioner = person_by_id(session, found.person_id)
        thread = store.thread_between(session, viewer.id, practitioner.id)
        if thread is not None or link_between(session, viewer.id, practitioner) is not None:
            return Contact(reply_time, SEND)
    return Contact(reply_time, ASK if found.profile.accepts_enquiries else None)


def enquiry_for(session: Session, client: Person, listing_id: str, now: datetime) -> Enquiry:
    """Where the client stands with writing to the listing's practitioner; a pair linked now
    has its thread opened, so the client can be sent there."""
    found = listing(session, listing_id)
    name = found.profile.name
    if found.person_id is None:
        return Enquiry(name, None, False, _sentence(NO_ACCOUNT.format(name=name)))
    practitioner = person_by_id(session, found.person_id)
    thread = store.thread_between(session, client.id, practitioner.id)
    if thread is None and (link := link_between(session, client.id, practitioner)) is not None:
        thread = open_thread(session, client.id, practitioner.id, opened_by=link, now=now)
    if thread is None:
        if not found.profile.accepts_enquiries:
            return Enquiry(name, None, False, _sentence(NO_ENQUIRIES.format(name=name)))
        return Enquiry(name, None, False)
    writing = writing_for(session, client, thread)
    return Enquiry(name, thread.id, writing.allowed, writing.why_not, writing.limit)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
