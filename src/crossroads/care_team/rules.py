"""What the care team's parts are called and how long the coordination note may be."""

from enum import StrEnum


class JoinedThrough(StrEnum):
    CLIENT = "client"  # the client added someone they already work with
    REFERRAL = "referral"  # the client chose them when accepting a referral
    REFERRER = "referrer"  # they made the referral the client accepted


NOTE_FIELD = "coordination note"  # the sealed field, and the audit log's target
TEAM_TARGET = "care team"  # the audit log's target when a member opens the team
REASON_FIELD = "care team referral reason"  # a referral's reason, as the client shared it
MAX_NOTE = 4000

# How a member's kind reads on a page: their listing's kind; "" for an account with no listing.
KIND_LABELS = {"therapist": "Therapist", "coach": "Coach", "both": "Therapist and coach"}
JOINED_LABELS = {
    JoinedThrough.CLIENT: "you added them",
    JoinedThrough.REFERRAL: "you chose them after a referral",
    JoinedThrough.REFERRER: "they referred you",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, "Practitioner")
