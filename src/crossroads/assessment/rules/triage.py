"""Route a person to therapy, coaching or both, with reasons they can read.

Pure logic: answers become signals (signals.py), and the first row of TRIAGE_TABLE whose
condition holds gives the route. docs/triage.md shows the same table; a test keeps them in step.
The reasons come strongest first: safety, then what decided the route, then the rest, then what
the route means (which rests on no answer in particular, so cites none).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from crossroads.assessment.rules.answers import Answers
from crossroads.assessment.rules.reading import TextReading
from crossroads.assessment.rules.scoring import Scores
from crossroads.assessment.rules.signals import (
    HEALING,
    UNSTEADY_AT_MOST,
    Dimension,
    Finding,
    Reason,
    Signal,
    find_signals,
)
from crossroads.kernel.risk import RiskScreen

DISCLAIMER = (
    "This is a screening, not a diagnosis. The questionnaires point to a kind of support; they "
    "do not put a label on you. Only a licensed clinician who talks with you can diagnose."
)


class Route(StrEnum):
    CRISIS = "crisis"
    THERAPY = "therapy"
    COACHING = "coaching"
    BOTH = "both"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class Rule:
    route: Route
    when: str
    applies: Callable[[frozenset[Signal]], bool]


TRIAGE_TABLE = (
    Rule(
        Route.CRISIS,
        "acute risk only: a first-person, current statement of intent, plan, means, "
        "preparation or timing in any text, or a yes to the ASQ's question about thoughts of "
        "killing oneself right now (a risk that needs asking shows the lines and the ASQ above "
        "the result instead, and never changes the route)",
        lambda signals: Signal.ACUTE_RISK in signals,
    ),
    Rule(
        Route.BOTH,
        "a goal, together with a positive ASQ, clinically significant symptoms, a repeating "
        f"pattern, steadiness of {UNSTEADY_AT_MOST} or less, or distress read in what you wrote",
        lambda signals: Signal.GOAL in signals and bool(signals & HEALING),
    ),
    Rule(
        Route.THERAPY,
        "a positive ASQ, clinically significant symptoms, a repeating pattern, steadiness of "
        f"{UNSTEADY_AT_MOST} or less, or distress read in what you wrote, without a goal",
        lambda signals: bool(signals & HEALING),
    ),
    Rule(
        Route.COACHING,
        f"a goal, and steadiness of {UNSTEADY_AT_MOST + 1} or more or questionnaires below "
        "every clinical threshold",
        lambda signals: {Signal.GOAL, Signal.STEADY} <= signals,
    ),
    Rule(
        Route.UNDETERMINED,
        "anything else: the result says what is missing",
        lambda signals: True,
    ),
)


@dataclass(frozen=True)
class Recommendation:
    route: Route
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


def recommend_route(
    scores: Scores, answers: Answers, risk: RiskScreen, reading: TextReading | None = None
) -> Recommendation:
    """Crisis for acute risk alone; then therapy for healing signals, coaching for a goal, both
    when both apply."""
    findings = find_signals(scores, answers, risk, reading)
    signals = frozenset(finding.signal for finding in findings if finding.signal is not None)
    route = next(rule.route for rule in TRIAGE_TABLE if rule.applies(signals))
    if route is Route.CRISIS:
        acute = tuple(f.reason for f in findings if f.signal is Signal.ACUTE_RISK)
        return Recommendation(route, acute)
    deciding = _DECIDING.get(route, frozenset())
    reasons = tuple(f.reason for f in sorted(findings, key=lambda f: _strength(f, deciding)))
    if route is Route.UNDETERMINED:
        return Recommendation(route, reasons, _missing(signals))
    explained = tuple(
        Reason(dimension, text, "", ROUTE_TITLES[route][dimension])
        for dimension, text in ROUTE_EXPLANATIONS[route]
    )
    return Recommendation(route, reasons + explained)


_DECIDING = {
    Route.THERAPY: HEALING,
    Route.COACHING: frozenset({Signal.GOAL, Signal.STEADY}),
    Route.BOTH: HEALING | {Signal.GOAL},
}
# From the strongest: a risk, then clinical signals, then the person's own account.
_STRENGTH = (
    Signal.ACUTE_RISK,
    Signal.RISK,
    Signal.SYMPTOMS,
    Signal.PATTERN,
    Signal.UNSTEADY,
    Signal.DISTRESS_IN_WORDS,
    Signal.GOAL,
    Signal.STEADY,
)


def _strength(finding: Finding, deciding: frozenset[Signal]) -> tuple[int, int]:
    """Sorts safety first, then the signals that decided the route, then other signals, then
    notes that carry none (mild symptoms); by _STRENGTH within each."""
    if finding.reason.dimension is Dimension.SAFETY:
        group = 0
    elif finding.signal in deciding:
        group = 1
    else:
        group = 2 if finding.signal is not None else 3
    rank = _STRENGTH.index(finding.signal) if finding.signal is not None else len(_STRENGTH)
    return group, rank


def _missing(signals: frozenset[Signal]) -> tuple[str, ...]:
    if Signal.GOAL in signals:
        return ("how steady you feel (0 to 10), or the questionnaires about mood and worry",)
    if Signal.STEADY in signals:
        return (
            "a goal you want to work toward: nothing you told us points to therapy, and "
            "coaching starts from a goal",
        )
    return (
        "the questionnaires about mood and worry, or how steady you feel (0 to 10)",
        "a goal you want to work toward, if you have one",
    )


_THERAPY = {
    Dimension.PURPOSE: "Therapy is a healing profession: its purpose is to ease distress and "
    "change what causes it.",
    Dimension.METHODS: "Therapy uses tested treatments, such as cognitive behavioural therapy, "
    "to change what keeps distress going, at a pace that feels safe.",
    Dimension.PAST_OR_FUTURE: "Therapy often looks back and inward, at what happened and the "
    "patterns it left, so that the present can feel different.",
    Dimension.DIAGNOSIS_OR_GOALS: "A therapist can assess and, where it helps, diagnose and "
    "treat. Nothing here is a diagnosis; a therapist's assessment is the place for one.",
    Dimension.CREDENTIALS: "Look for a licensed clinician: for example an LCSW, LMFT, LPC, "
    "a psychologist (PsyD or PhD), or your country's equivalent.",
    Dimension.CONFIDENTIALITY: "Therapists are bound by law and by their licence to keep what "
    "you say confidential, with narrow, stated exceptions for safety.",
}
_COACHING = {
    Dimension.PURPOSE: "Coaching is a planning profession: its purpose is to help a steady "
    "person reach a goal sooner and more surely.",
    Dimension.METHODS: "Coaching uses goal setting, action plans, experiments and regular "
    "check-ins that keep you accountable.",
    Dimension.PAST_OR_FUTURE: "Coaching looks forward, from where you are now to where you "
    "want to be, without digging into the past.",
    Dimension.DIAGNOSIS_OR_GOALS: "Coaching sets goals rather than diagnosing: it starts from "
    "where you want to be and works out the steps.",
    Dimension.CREDENTIALS: "Coaching is not licensed; look for a recognised certification, "
    "such as ICF ACC, PCC or MCC, and for a coach who refers to therapy when needed.",
    Dimension.CONFIDENTIALITY: "A coach's confidentiality rests on your agreement and their "
    "code of ethics, not on the legal duty that binds therapists.",
}
_BOTH = {
    Dimension.PURPOSE: "You have something to heal and something to build; each profession "
    "serves one of those purposes.",
    Dimension.METHODS: "Many people do both: therapy to ease what holds them back, coaching to "
    "plan and act. Often healing comes first, then the plan; a practitioner trained in both "
    "can help with the order.",
    Dimension.PAST_OR_FUTURE: "Therapy can look back at what weighs on you while coaching "
    "looks ahead to your goal.",
    Dimension.DIAGNOSIS_OR_GOALS: "Therapy can look at what weighs on you, and coaching at the "
    "goal you named; neither result here is a diagnosis.",
    Dimension.CREDENTIALS: "Look for a licensed therapist (such as an LCSW, LPC or "
    "psychologist) and a certified coach (such as ICF PCC), or one person who is both.",
    Dimension.CONFIDENTIALITY: "Therapy is protected by law and licence; coaching by agreement "
    "and ethics codes, so decide with each what you share.",
}
# What each explanation is headed by, as a person would name it.
_SHARED_TITLES = {
    Dimension.PAST_OR_FUTURE: "Looking back, looking forward",
    Dimension.CREDENTIALS: "Who to look for",
    Dimension.CONFIDENTIALITY: "What stays private",
}
ROUTE_TITLES = {
    Route.THERAPY: {
        Dimension.PURPOSE: "What therapy is for",
        Dimension.METHODS: "How therapy works",
        Dimension.DIAGNOSIS_OR_GOALS: "Assessment, and a diagnosis only where it helps",
        **_SHARED_TITLES,
    },
    Route.COACHING: {
        Dimension.PURPOSE: "What coaching is for",
        Dimension.METHODS: "How coaching works",
        Dimension.DIAGNOSIS_OR_GOALS: "Goals, not a diagnosis",
        **_SHARED_TITLES,
    },
    Route.BOTH: {
        Dimension.PURPOSE: "Something to heal, something to build",
        Dimension.METHODS: "How doing both works",
        Dimension.DIAGNOSIS_OR_GOALS: "What weighs on you, and your goal",
        **_SHARED_TITLES,
    },
}
ROUTE_EXPLANATIONS = {
    route: tuple(table.items())
    for route, table in (
        (Route.THERAPY, _THERAPY),
        (Route.COACHING, _COACHING),
        (Route.BOTH, _BOTH),
    )
}


def triage_table_markdown() -> str:
    """TRIAGE_TABLE as the Markdown table docs/triage.md shows."""
    rows = ["| order | route | when |", "|---|---|---|"]
    rows += [f"| {n} | `{rule.route}` | {rule.when} |" for n, rule in enumerate(TRIAGE_TABLE, 1)]
    return "\n".join(rows)
