"""Who may see what: a person sees their own data; a practitioner sees only the areas a client
granted them, while the grant stands; an admin manages accounts and never reads content."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Area(StrEnum):
    """The parts of a client's data a grant can open."""

    ASSESSMENTS = "assessments"
    COACHING = "coaching"
    JOURNAL = "journal"
    SAFETY_PLAN = "safety_plan"


@dataclass(frozen=True)
class Grant:
    id: str
    client_id: str
    practitioner_id: str
    area: Area
    granted_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def standing_grant(
    grants: list[Grant], *, practitioner_id: str, client_id: str, area: Area
) -> Grant | None:
    """The grant that lets this practitioner see this area of this client's data now, if any."""
    for grant in grants:
        if (
            grant.active
            and grant.practitioner_id == practitioner_id
            and grant.client_id == client_id
            and grant.area is area
        ):
            return grant
    return None
