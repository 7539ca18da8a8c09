"""A referral taken up: the practitioner the client chose joins their care team, with the
referral's reason when the client let them read it, and is told by email that a client chose
them. The email names neither the client nor why: whatever the client shares is read on
Crossroads, where the reading is audited. The practitioner who referred joins the team too, if
not in it already, seeing no one else until the client says so: so the referrer still learns
only that the referral was taken up."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.care_team import store
from crossroads.care_team.rules import REASON_FIELD, JoinedThrough
from crossroads.care_team.service.members import join
from crossroads.kernel.errors import NotFound
from crossroads.kernel.people import Person, Role
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys

CHOSEN_SUBJECT = "A client chose you after a referral"


def join_through_referral(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    practitioner_person_id: str,
    reason: str | None,
    now: datetime,
    *,
    referrer_id: str | None = None,
    sees_team: bool = False,
    public_url: str = "",
) -> None:
    """Put the chosen practitioner in the client's team. `reason` is the referral's reason
    when the client agreed to share it, else None; it is sealed under the client's key.
    `sees_team` is the client's answer on the acceptance form: for someone already in the
    team it can only add the consent, never take back one given before."""
    found = find_person(session, practitioner_person_id)
    if found is None or found.role != Role.PRACTITIONER:
        raise NotFound(f"no practitioner {practitioner_person_id}")
    sealed = (
        Vault(session, master_keys).seal_json(client.id, REASON_FIELD, {"reason": reason})
        if reason is not None
        else None
    )
    row = store.current_member(session, client.id, practitioner_person_id)
    if row is None:
        join(
            session,
            client.id,
            practitioner_person_id,
            JoinedThrough.REFERRAL,
            now,
            sees_team=sees_team,
            sealed_reason=sealed,
        )
    else:
        row.sees_team = row.sees_team or sees_team
        row.sealed = sealed or row.sealed
    if referrer_id is not None and store.current_member(session, client.id, referrer_id) is None:
        join(session, client.id, referrer_id, JoinedThrough.REFERRER, now)
    queue_message(
        session,
        recipient=found.email,
        subject=CHOSEN_SUBJECT,
        body=f"Hello {found.display_name},\n\nA client on Crossroads chose to work with you "
        "after a referral from another practitioner, and has added you to their care team. "
        "Sign in to see who they are and what they chose to share with you:\n\n"
        f"{public_url}/clients/{client.id}/care-team\n",
        now=now,
        about=[client.id],
    )
