"""A result's reasons as a person reads them: the strongest few first, the rest in detail, and
each piece of evidence cited once. Pure logic; the reasons come strongest first (triage.py)."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from crossroads.assessment.rules.result import RouteReason

STRONGEST = 3  # reasons a result leads with; the rest wait behind "Why, in detail"
_EVIDENCE_JOIN = "; "  # how results stored before each reason cited its own joined evidence


@dataclass(frozen=True)
class Explained:
    strongest: tuple[RouteReason, ...]
    rest: tuple[RouteReason, ...]


def explain(reasons: Sequence[RouteReason]) -> Explained:
    """The reasons split into the strongest and the rest, in their order. A reason whose
    evidence has all been cited by an earlier one cites none: results stored before each
    reason cited its own gave every explanation of the route the same joined list."""
    cited: set[str] = set()
    shown = []
    for reason in reasons:
        parts = [part for part in reason.evidence.split(_EVIDENCE_JOIN) if part]
        shown.append(replace(reason, evidence="") if cited.issuperset(parts) else reason)
        cited.update(parts)
    return Explained(tuple(shown[:STRONGEST]), tuple(shown[STRONGEST:]))
