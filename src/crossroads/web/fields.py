"""Refused form fields as a person reads them: each field named by its label, what is wrong, and
where the field is on the page, for the error summary at the top of a form.

Rules name a field by its key, as the form or the API sends it (`time_zone`); a page names it by
its label ("Your time zone"). LABELS is the one place where the two meet. A key with no label
is never shown: its problem is shown alone, and says enough without it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from crossroads.kernel.errors import InvalidInput

LABELS: dict[str, str] = {
    # Accounts and sign-in
    "email": "Your email address",
    "display_name": "Your name",
    "password": "Your password",
    "current_password": "Your current password",
    "new_password": "Your new password",
    "code": "The six-digit code",
    "time_zone": "Your time zone",
    "region": "Where you are",
    "subdivision": "Your state, province or territory",
    "name": "The name",
    "scopes": "What the token may do",
    # Sharing and working together
    "practitioner_email": "The practitioner's email address",
    "areas": "What to share",
    "practitioner": "The practitioner",
    "reason": "Why",
    "referral": "The referral",
    # The assessment and the questionnaires taken again
    "goal": "Your goal",
    "area": "The part of life it is about",
    "steady": "How steady you feel",
    "stuck_pattern": "Feeling stuck in a pattern",
    "instrument": "The questionnaire",
    "phq9": "PHQ-9 (mood)",
    "gad7": "GAD-7 (worry)",
    "who5": "WHO-5 (wellbeing)",
    "pcptsd5": "PC-PTSD-5 (after a frightening event)",
    "phq2": "PHQ-2 (mood, short)",
    "gad2": "GAD-2 (worry, short)",
    "every_days": "Every how many days",
    # Coaching
    "what": "Your goal",
    "why": "Why it matters to you",
    "unit": "What you count",
    "target": "The number you are aiming for",
    "start": "Where you are starting from",
    "target_date": "By when",
    "cadence": "How often to check in",
    "value": "Where you are now",
    "confidence": "How confident you feel",
    "obstacles": "What could get in the way",
    "tried": "What you have tried",
    "blocked": "What got in the way",
    "did": "What you did",
    "stage": "The part of the conversation",
    # The journal and its exercises
    "mood": "Your mood",
    "situation": "What it was about",
    "emotions": "What you were feeling",
    "own_emotions": "Other feelings",
    "coping": "How you coped",
    "own_coping": "How you coped, in your own words",
    "helped": "How much it helped",
    "day": "The day",
    "time": "The time",
    "file": "The file",
    "format": "The kind of file",
    "mood_map": "The numbers for your moods",
    "before": "How strong the feeling was",
    "after": "How strong the feeling is now",
    "thought": "The thought",
    # Booking and listings
    "kind": "The kind",
    "starts": "The time",
    "mode": "Online or in person",
    "online": "Online",
    "in_person": "In person",
    "booking": "The booking",
    "note": "Your note",
    "fit": "How it went",
    "location": "Where you see people",
    "licences": "Licences",
    "certifications": "Coaching certifications",
    "fee": "The fee",
    "currency": "The currency",
    "session_minutes": "The session length",
    "buffer_minutes": "The minutes kept free between sessions",
    "replies_within_hours": "How soon you reply",
    "availability": "Your hours",
    "hours": "Your weekly hours",
    "exceptions": "Days that differ",
    "days": "It works for",
    "from": "From",
    "to": "To",
    # Casework
    "text": "What you wrote",
    "due_on": "The date it is due",
    "records_kept_years": "Years to keep each note",
}
# Keys numbered on the page: (pattern, label made from the number).
NUMBERED = (
    (re.compile(r"step_(\d+)"), "Step {}"),
    (re.compile(r"step_(\d+)_due"), "The date for step {}"),
)
# How InvalidInput writes itself ("field: problem"), which is what many pages hand a template.
_KEYED = re.compile(r"([a-z][a-z0-9_.\[\]-]*): (.+)", re.DOTALL)
_NEXT_KEYED = re.compile(r"; (?=[a-z][a-z0-9_.\[\]-]*: )")


@dataclass(frozen=True)
class FieldProblem:
    """One refused field: its label (None when the problem says it alone), what is wrong, and
    the id of the field on the page (None for a problem with no field to go to)."""

    label: str | None
    problem: str
    anchor: str | None

    def __str__(self) -> str:
        said = self.problem[:1].upper() + self.problem[1:]
        return f"{self.label}: {self.problem}" if self.label else said


def label_of(field: str, labels: Mapping[str, str] | None = None) -> str | None:
    """The label a person knows the field by: the page's own first, then LABELS; None for a
    key that has none."""
    for known in (labels or {}, LABELS):
        if field in known:
            return known[field]
    for pattern, label in NUMBERED:
        if matched := pattern.fullmatch(field):
            return label.format(*matched.groups())
    return None


def field_problems(
    error: InvalidInput | str | None,
    *,
    ids: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[FieldProblem]:
    """Every problem in `error`, each with its field's label and where the field is: `ids`
    maps a key to the id of its field where they differ (a field's id is its key otherwise).
    A page may hand the error itself or its text, which InvalidInput writes as
    "field: problem"; other text is a message of its own."""
    if error is None or error == "":
        return []
    if isinstance(error, InvalidInput):
        pairs = list(error.by_field)
    else:
        parts = _NEXT_KEYED.split(str(error))
        matched = [_KEYED.fullmatch(part) for part in parts]
        if not all(matched):
            return [FieldProblem(None, str(error), None)]
        pairs = [(found.group(1), found.group(2)) for found in matched if found]
    return [_problem(field, problem, ids or {}, labels) for field, problem in pairs]


def _problem(
    field: str, problem: str, ids: Mapping[str, str], labels: Mapping[str, str] | None
) -> FieldProblem:
    base = re.split(r"[\[.]", field)[0]  # "pcptsd5.items[2]" is a part of "pcptsd5"
    own = field if re.fullmatch(r"[A-Za-z][\w-]*", field) else None
    anchor = ids.get(field) or ids.get(base) or own
    return FieldProblem(label_of(field, labels), problem, anchor)
