"""A result's reasons as a person reads them: the strongest few first, the rest in detail, and
each piece of evidence cited once, in words. Pure logic; the reasons come strongest first
(triage.py).

Results are kept for years, and those stored before their evidence was written in words cite it
as the rules once wrote it ("steady: 3 of 10"); LEGACY_EVIDENCE says each such form in words.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from crossroads.assessment.rules.result import RouteReason
from crossroads.assessment.rules.signals import WRITTEN_IN

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
        said = _EVIDENCE_JOIN.join(in_words(part) for part in parts if part not in cited)
        shown.append(replace(reason, evidence=said))
        cited.update(parts)
    return Explained(tuple(shown[:STRONGEST]), tuple(shown[STRONGEST:]))


def in_words(evidence: str) -> str:
    """Evidence as a person reads it: as it is, or said in words where a result stored it in
    an earlier form."""
    for pattern, say in LEGACY_EVIDENCE:
        if found := pattern.fullmatch(evidence):
            return say(found)
    return evidence


_Say = Callable[[re.Match[str]], str]
LEGACY_EVIDENCE: tuple[tuple[re.Pattern[str], _Say], ...] = tuple(
    (re.compile(pattern), say)
    for pattern, say in (
        (
            r"stuck_pattern: yes",
            lambda m: (
                "You said yes to feeling stuck in a pattern that "
                "keeps repeating, however hard you try."
            ),
        ),
        (r'goal: "(.*)"', lambda m: f"Your goal: “{m[1]}”"),
        (r"steady: (\d+) of 10", lambda m: f"You rated how steady you feel at {m[1]} out of 10."),
        (
            r'your words: "(.*)" \(read as therapy or both: \d+%\)',
            lambda m: f"In your words: “{m[1]}”",
        ),
        (
            r"(PHQ-9|GAD-7) total (\d+) of (\d+) \((.+)\)",
            lambda m: f"{m[1]}: a total of {m[2]} out of {m[3]}, in the {m[4]} range.",
        ),
        (
            r"(PHQ-2|GAD-2) total (\d+) of 6 \(positive screen\)",
            lambda m: f"{m[1]}: a total of {m[2]} out of 6, a positive screen.",
        ),
        (
            r"PC-PTSD-5: (\d) of 5 answered yes \(positive screen\)",
            lambda m: (
                "PC-PTSD-5 (after "
                f"a frightening event): {m[1]} of its 5 questions answered yes, a positive screen."
            ),
        ),
        (r"WHO-5 (\d+) % \((.+)\)", lambda m: f"WHO-5 (wellbeing): {m[1]} out of 100, {m[2]}."),
        (
            r"screening below .*",
            lambda m: (
                "Each questionnaire you answered came out below the "
                "level where it points to therapy."
            ),
        ),
        (
            r"phq9 item 9: answered (\d) of 3",
            lambda m: (
                "Your answer to question 9 of the PHQ-9, "
                f"about thoughts of being better off dead or of hurting yourself: {m[1]} of 3."
            ),
        ),
        (r"ASQ: (.+)", lambda m: f"Your answers to the five safety questions (the ASQ): {m[1]}."),
        (r"(goal|text): (.+)", lambda m: f"In {WRITTEN_IN[m[1]]}: “{m[2]}”"),
    )
)
