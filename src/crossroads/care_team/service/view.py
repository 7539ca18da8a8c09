"""A client's care team as one of its members sees it: always their own place in it and the
referral's reason if the client shared it; who else helps and the coordination note only
when the client lets this member see the team. Each opening goes into the client's access
log."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.care_team import store
from crossroads.care_team.rules import REASON_FIELD, TEAM_TARGET, JoinedThrough
from crossroads.care_team.service.members import described
from crossroads.care_team.service.note import CoordinationNote, member, read_as_member
from crossroads.kernel.errors import NotFound
from crossroads.kernel.people import Person
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys


@dataclass(frozen=True)
class Colleague:
    """Another member, as far as a member sees them: a name and a kind, nothing more."""

    name: str
    kind: str


@dataclass(frozen=True)
class TeamView:
    """`others` and `note` are None when the client has not let this member see the team."""

    client: Person
    joined_at: datetime
    joined_through: JoinedThrough
    reason: str | None  # why they were referred, when the client shared it
    others: tuple[Colleague, ...] | None
    note: CoordinationNote | None

    @property
    def sees_team(self) -> bool:
        return self.others is not None


def team_for(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> TeamView:
    """The client's team for a practitioner in it; NotFound for anyone else."""
    row = member(session, practitioner, client_id)
    found = find_person(session, client_id)
    if found is None:
        raise NotFound(f"no client {client_id}")
    record_access(
        session, actor=practitioner.label, subject_id=client_id, action="read", target=TEAM_TARGET
    )
    vault = Vault(session, master_keys)
    reason = vault.open_json(client_id, REASON_FIELD, row.sealed)["reason"] if row.sealed else None
    others, note = None, None
    if row.sees_team:
        others = tuple(
            Colleague(*described(session, each.practitioner_id))
            for each in store.current_members(session, client_id)
            if each.id != row.id
        )
        note = read_as_member(session, master_keys, practitioner, client_id)
    return TeamView(
        as_person(found), row.joined_at, JoinedThrough(row.joined_through), reason, others, note
    )
