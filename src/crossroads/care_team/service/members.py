"""Who is in a client's care team."""

from sqlalchemy.orm import Session

from crossroads.care_team import store


def is_member(session: Session, client_id: str, practitioner_id: str) -> bool:
    """Whether the practitioner (a person id) is in the client's team now: joined, not left."""
    return store.current_member(session, client_id, practitioner_id) is not None
