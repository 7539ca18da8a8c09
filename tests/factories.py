"""Readable answers for tests: a named person's answers as the input format describes them;
people, and browser sessions for them."""

from datetime import date, datetime, timedelta
from typing import Any

import pyotp
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import new_password, sign_up
from crossroads.accounts.service.sessions import (
    begin_totp_setup,
    confirm_totp,
    resolve_session,
    start_session,
)
from crossroads.booking.service.directory import save_listing
from crossroads.kernel.people import Person, Role
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys

STEADY_COACHING_CLIENT: dict[str, Any] = {
    "phq9": [0, 1, 0, 1, 0, 0, 1, 0, 0],
    "gad7": [1, 1, 0, 1, 0, 0, 0],
    "goal": "Lead my team with more confidence and get promoted by June",
    "area": "leadership",
    "steady": 8,
    "region": "US",
}

DEPRESSED_WITH_GOAL: dict[str, Any] = {
    "phq9": [2, 2, 2, 2, 1, 2, 1, 1, 0],
    "goal": "Finish my degree this year",
    "area": "career",
    "steady": 4,
    "region": "GB",
}

ITEM9_ONLY: dict[str, Any] = {"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1], "region": "US"}


def answers(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of `base` with some fields changed; a change to None removes the field."""
    merged = {**base, **changes}
    return {key: value for key, value in merged.items() if value is not None}


PASSWORD = "correct horse battery"


def make_person(
    session: Session, email: str, *, role: str = "client", password: str = PASSWORD
) -> Person:
    """An account named after its email, with a readable default password."""
    return sign_up(
        session,
        email=email,
        display_name=email.split("@")[0].title(),
        password=new_password(password),
        role=Role(role),
    )


def make_therapist(
    session: Session, email: str, *, now: datetime, licensed_until: date | None = None
) -> Person:
    """A practitioner whose listing holds a licence to practise therapy until `licensed_until`
    (a year after `now` unless given): while it holds, they see a client's clinical
    questionnaires under the assessments grant."""
    person = make_person(session, email, role="practitioner")
    licence = {
        "type": "LCSW",
        "jurisdiction": "US-NY",
        "number": "LCSW-1234",
        "expires_on": (licensed_until or (now + timedelta(days=365)).date()).isoformat(),
    }
    fields = {"email": email, "name": person.display_name, "kind": "therapist"}
    save_listing(session, {**fields, "licences": [licence]}, now, person.id)
    return person


def browser_session(
    session: Session, master_keys: MasterKeys, person: Person, now: datetime
) -> str:
    """A signed-in session cookie for `person`, with the second factor done where their role
    requires one."""
    token = start_session(session, person, now)
    if person.needs_second_factor:
        vault = Vault(session, master_keys)
        secret = begin_totp_setup(session, vault, person)
        signed_in = resolve_session(session, token, now)
        assert signed_in is not None
        code = pyotp.TOTP(secret).at(now)
        token = confirm_totp(session, vault, signed_in, code, source="127.0.0.1", now=now)
    return token
