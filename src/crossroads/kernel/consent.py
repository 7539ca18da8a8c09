"""Who may see what: a person sees their own data; a practitioner sees only the areas a client
granted them, while the grant stands; an admin manages accounts and never reads content.

Clinical questionnaires (the client's PHQ-9, GAD-7 and PC-PTSD-5 scores, bands and trends) are
clinical work: under the assessments grant only a practitioner licensed to practise therapy sees
them; a coach sees them only when the client shares that area with them by name."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Area(StrEnum):
    """The parts of a client's data a grant can open."""

    ASSESSMENTS = "assessments"
    COACHING = "coaching"
    JOURNAL = "journal"
    SAFETY_PLAN = "safety_plan"
    CLINICAL = "clinical"  # clinical questionnaires, for a practitioner without a licence


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


def licensed_on(clinical_until: date | None, today: date) -> bool:
    """Whether a licence to practise therapy holds today; `clinical_until` is the last day one
    does (None: never licensed, as a coach)."""
    return clinical_until is not None and today <= clinical_until


def clinical_grant(
    grants: list[Grant], *, practitioner_id: str, client_id: str, clinician: bool
) -> Grant | None:
    """The grant that opens this client's clinical questionnaires to this practitioner now, if
    any: the explicit clinical grant, or the assessments grant while they are a clinician."""
    explicit = standing_grant(
        grants, practitioner_id=practitioner_id, client_id=client_id, area=Area.CLINICAL
    )
    if explicit is not None or not clinician:
        return explicit
    return standing_grant(
        grants, practitioner_id=practitioner_id, client_id=client_id, area=Area.ASSESSMENTS
    )
