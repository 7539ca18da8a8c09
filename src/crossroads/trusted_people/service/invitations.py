"""A client invites a trusted person by email, changes what they see, sends a fresh link and
stops sharing, at once. Who the trusted person is stays sealed with the client's key; their
link is 256 random bits, kept only as a digest, so guessing one is hopeless and needs no limit.

The invitation's email names no part of what is shared and nothing the client wrote: only the
client's name, if they agree, and the link. A client keeps at most MAX_STANDING trusted people
and a fresh link goes out at most once every RESEND_AFTER, so the feature cannot be turned
into a way to flood someone's mailbox.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, Role, normalise_email
from crossroads.platform.outbox import queue_message
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.security.tokens import new_token, token_digest
from crossroads.trusted_people import store
from crossroads.trusted_people.rules import (
    LINK_LIFETIME,
    Choice,
    TrustedArea,
    plan_choice,
    plan_name,
)
from crossroads.trusted_people.store import TrustedPersonRow

FIELD = "trusted person"
MAX_STANDING = 5
RESEND_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class TrustedPerson:
    """An invitation as the client who made it sees it."""

    id: str
    name: str
    email: str
    choice: Choice
    invited_at: datetime
    link_sent_at: datetime
    link_expires_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def trusted_actor(invitation_id: str) -> str:
    """How a trusted person is named in the client's audit chain."""
    return f"trusted:{invitation_id}"


def invite_trusted_person(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    *,
    name: str,
    email: str,
    areas: Iterable[str],
    show_my_name: bool,
    public_url: str,
    now: datetime,
) -> TrustedPerson:
    """Keep the invitation and queue its email in the caller's transaction; InvalidInput names
    the field refused."""
    if client.role is not Role.CLIENT:
        raise InvalidInput("email", "only clients invite a trusted person")
    who = {"name": plan_name(name), "email": normalise_email(email)}
    choice = plan_choice(areas, show_my_name=show_my_name)
    standing = [row for row in store.trusted_people_of(session, client.id) if not row.revoked_at]
    if len(standing) >= MAX_STANDING:
        raise InvalidInput("email", f"you can have up to {MAX_STANDING} trusted people at once")
    token = new_token()
    row = TrustedPersonRow(
        id=str(uuid.uuid4()),
        client_id=client.id,
        sealed=Vault(session, master_keys).seal_json(client.id, FIELD, who),
        token_digest=token_digest(token),
        areas=_areas_text(choice),
        show_my_name=choice.show_my_name,
        invited_at=now,
        link_sent_at=now,
        link_expires_at=now + LINK_LIFETIME,
    )
    store.add_trusted_person(session, row)
    _mail_link(session, client, who, row, f"{public_url.rstrip('/')}/trusted/{token}", now)
    return _trusted(Vault(session, master_keys), row)


def trusted_people_of(
    session: Session, master_keys: MasterKeys, client: Person
) -> list[TrustedPerson]:
    """Everyone the client has invited, standing or not, oldest first."""
    vault = Vault(session, master_keys)
    return [_trusted(vault, row) for row in store.trusted_people_of(session, client.id)]


def trusted_names(session: Session, master_keys: MasterKeys, client: Person) -> dict[str, str]:
    """Each trusted person's name by how the audit chain names them, for the access log."""
    return {
        trusted_actor(each.id): each.name
        for each in trusted_people_of(session, master_keys, client)
    }


def change_what_is_shared(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    invitation_id: str,
    *,
    areas: Iterable[str],
    show_my_name: bool,
) -> TrustedPerson:
    """Takes effect on the trusted person's very next visit; NotFound once sharing stopped."""
    row = _standing(session, client, invitation_id)
    choice = plan_choice(areas, show_my_name=show_my_name)
    row.areas, row.show_my_name = _areas_text(choice), choice.show_my_name
    session.flush()
    return _trusted(Vault(session, master_keys), row)


def send_fresh_link(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    invitation_id: str,
    *,
    public_url: str,
    now: datetime,
) -> TrustedPerson:
    """Mail a new link, good for LINK_LIFETIME from now; the old one stops working."""
    row = _standing(session, client, invitation_id)
    if now - row.link_sent_at < RESEND_AFTER:
        raise InvalidInput(
            "invitation", "a link went out a few minutes ago; give it time to arrive"
        )
    vault = Vault(session, master_keys)
    token = new_token()
    row.token_digest = token_digest(token)
    row.link_sent_at, row.link_expires_at = now, now + LINK_LIFETIME
    session.flush()
    who = vault.open_json(client.id, FIELD, row.sealed)
    _mail_link(session, client, who, row, f"{public_url.rstrip('/')}/trusted/{token}", now)
    return _trusted(vault, row)


def stop_sharing(session: Session, client: Person, invitation_id: str, now: datetime) -> None:
    """Takes effect on the trusted person's very next request: no link opens it again.
    Stopping twice is harmless."""
    row = _owned(session, client, invitation_id)
    if row.revoked_at is None:
        row.revoked_at, row.token_digest = now, None
        session.flush()


def _mail_link(
    session: Session,
    client: Person,
    who: dict[str, str],
    row: TrustedPersonRow,
    link: str,
    now: datetime,
) -> None:
    sender = client.display_name if row.show_my_name else "Someone who trusts you"
    until = row.link_expires_at
    queue_message(
        session,
        recipient=who["email"],
        subject=(
            f"{client.display_name} has invited you to Crossroads"
            if row.show_my_name
            else "You have been invited to Crossroads"
        ),
        body=(
            f"Hello {who['name']},\n\n"
            f"{sender} has asked you to be their trusted person on Crossroads, and chose to "
            "let you see a little of how they are doing. You don't need an account: open this "
            f"link whenever you like until {until.day} {until:%B %Y}:\n\n{link}\n\n"
            "The link is for you alone, so please keep it to yourself. They can change what "
            "you see, or stop sharing, at any time.\n\n"
            "If you weren't expecting this, you can ignore this message.\n"
        ),
        now=now,
        about=[client.id],
    )


def _owned(session: Session, client: Person, invitation_id: str) -> TrustedPersonRow:
    row = store.find_trusted_person(session, invitation_id)
    if row is None or row.client_id != client.id:
        raise NotFound(f"no trusted person with id {invitation_id}")
    return row


def _standing(session: Session, client: Person, invitation_id: str) -> TrustedPersonRow:
    row = _owned(session, client, invitation_id)
    if row.revoked_at is not None:
        raise NotFound(f"you stopped sharing with {invitation_id}")
    return row


def _areas_text(choice: Choice) -> str:
    return ",".join(sorted(choice.areas))


def choice_of(row: TrustedPersonRow) -> Choice:
    """What the invitation shares now, as kept on its row."""
    areas = frozenset(TrustedArea(each) for each in row.areas.split(",") if each)
    return Choice(areas, row.show_my_name)


def _trusted(vault: Vault, row: TrustedPersonRow) -> TrustedPerson:
    who = vault.open_json(row.client_id, FIELD, row.sealed)
    return TrustedPerson(
        row.id,
        who["name"],
        who["email"],
        choice_of(row),
        row.invited_at,
        row.link_sent_at,
        row.link_expires_at,
        row.revoked_at,
    )
