"""A signed-in person keeps one safety plan, sealed with their own key; a practitioner they
shared it with reads it under that grant, and the read goes into the person's access log.

The plan's text is not sent through the crisis screen (see safety_plan/rules.py): it is the
safety response itself, and every page that shows it shows the crisis lines too.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.kernel.consent import Area
from crossroads.kernel.errors import ConsentMissing, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.safety_plan import store
from crossroads.safety_plan.rules import SafetyPlan, empty_plan, plan_safety_plan
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import access_under_grant

FIELD = "safety plan"


@dataclass(frozen=True)
class KeptPlan:
    """A person's plan as kept; `updated_at` is None when they have not saved one yet."""

    owner: Person
    plan: SafetyPlan
    updated_at: datetime | None


def save_plan(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    written: Mapping[str, str | None],
    now: datetime,
) -> KeptPlan:
    """Replace the owner's plan with what they wrote (InvalidInput names a part that is too
    long or unknown); a plan with nothing written in it is not kept. The caller commits."""
    plan = plan_safety_plan(written)
    if plan.blank:
        store.delete_plan(session, owner.id)
        return KeptPlan(owner, plan, None)
    sealed = Vault(session, master_keys).seal_json(owner.id, FIELD, plan.written)
    store.put_plan(session, owner.id, sealed=sealed, now=now)
    return KeptPlan(owner, plan, now)


def plan_of(session: Session, master_keys: MasterKeys, owner: Person) -> KeptPlan:
    """The owner's own plan; an empty one when they have not saved any."""
    row = store.find_plan(session, owner.id)
    if row is None:
        return KeptPlan(owner, empty_plan(), None)
    written = Vault(session, master_keys).open_json(owner.id, FIELD, row.sealed)
    return KeptPlan(owner, plan_safety_plan(written), row.updated_at)


def client_plan(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> KeptPlan:
    """A client's plan for a practitioner holding their safety plan grant, written to the
    client's access log; ConsentMissing without the grant."""
    access_under_grant(
        session, practitioner, client_id, Area.SAFETY_PLAN, action="read", target=FIELD
    )
    client = find_person(session, client_id)
    if client is None:
        raise NotFound(f"no client {client_id}")
    return plan_of(session, master_keys, as_person(client))


def shared_plan(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> KeptPlan | None:
    """The client's plan as `client_plan` reads it, or None (and nothing logged) where the
    client has not shared it with this practitioner."""
    try:
        return client_plan(session, master_keys, practitioner, client_id)
    except ConsentMissing:
        return None
