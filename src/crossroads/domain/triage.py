"""Route a person to therapy, coaching or both, with reasons they can read.

Pure logic: answers become signals, and the first row of TRIAGE_TABLE whose condition holds
gives the route. docs/triage.md shows the same table; a test keeps the two in step.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from crossroads.domain.answers import Answers
from crossroads.domain.safety import CrisisScreen
from crossroads.domain.screening import Scores

MODERATE = (
    10  # PHQ-9 and GAD-7 totals from which symptoms count as moderate (Kroenke 2001, Spitzer 2006)
)
MILD = 5  # PHQ-9 and GAD-7 totals from which symptoms count as mild
WHO5_LIKELY_DEPRESSION = 28  # WHO-5 percentage at or below which depression is likely (Topp 2015)
UNSTEADY_AT_MOST = 4  # self-rated steadiness (0-10) at or below which coaching alone is too thin

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


class Dimension(StrEnum):
    """Where a reason sits among the differences between therapy and coaching."""

    SAFETY = "safety"
    PURPOSE = "purpose"
    PAST_OR_FUTURE = "past_or_future"
    DIAGNOSIS_OR_GOALS = "diagnosis_or_goals"
    METHODS = "methods"
    CREDENTIALS = "credentials"
    CONFIDENTIALITY = "confidentiality"


class Signal(StrEnum):
    RISK = "risk"
    SYMPTOMS = "symptoms"
    PATTERN = "pattern"
    UNSTEADY = "unsteady"
    GOAL = "goal"
    STEADY = "steady"


@dataclass(frozen=True)
class Reason:
    dimension: Dimension
    text: str
    evidence: str


@dataclass(frozen=True)
class Finding:
    """A reason that may also carry a signal; notes (mild symptoms) carry none."""

    signal: Signal | None
    reason: Reason


@dataclass(frozen=True)
class Rule:
    route: Route
    when: str
    applies: Callable[[frozenset[Signal]], bool]


HEALING = frozenset({Signal.SYMPTOMS, Signal.PATTERN, Signal.UNSTEADY})

TRIAGE_TABLE = (
    Rule(
        Route.CRISIS,
        "any risk signal: PHQ-9 item 9 above 0, or risk language in any text",
        lambda signals: Signal.RISK in signals,
    ),
    Rule(
        Route.BOTH,
        "a goal, together with clinically significant symptoms, a repeating pattern or "
        f"steadiness of {UNSTEADY_AT_MOST} or less",
        lambda signals: Signal.GOAL in signals and bool(signals & HEALING),
    ),
    Rule(
        Route.THERAPY,
        "clinically significant symptoms, a repeating pattern or "
        f"steadiness of {UNSTEADY_AT_MOST} or less, without a goal",
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

CLINICAL_THRESHOLDS = (
    f"PHQ-9 ≥ {MODERATE}",
    f"GAD-7 ≥ {MODERATE}",
    "PC-PTSD-5 positive",
    f"WHO-5 ≤ {WHO5_LIKELY_DEPRESSION} %",
    "PHQ-2 or GAD-2 positive",
)


@dataclass(frozen=True)
class Recommendation:
    route: Route
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()


def recommend_route(scores: Scores, answers: Answers, crisis: CrisisScreen) -> Recommendation:
    """Crisis first; then therapy for healing signals, coaching for a goal, both when both apply."""
    findings = find_signals(scores, answers, crisis)
    signals = frozenset(finding.signal for finding in findings if finding.signal is not None)
    route = next(rule.route for rule in TRIAGE_TABLE if rule.applies(signals))
    if route is Route.CRISIS:
        risk = tuple(f.reason for f in findings if f.signal is Signal.RISK)
        return Recommendation(route, risk)
    reasons = tuple(finding.reason for finding in findings)
    if route is Route.UNDETERMINED:
        return Recommendation(route, reasons, _missing(signals))
    evidence = "; ".join(f.reason.evidence for f in findings if f.signal in _DECIDING[route])
    explained = tuple(Reason(dim, text, evidence) for dim, text in ROUTE_EXPLANATIONS[route])
    return Recommendation(route, reasons + explained)


_DECIDING = {
    Route.THERAPY: HEALING,
    Route.COACHING: frozenset({Signal.GOAL, Signal.STEADY}),
    Route.BOTH: HEALING | {Signal.GOAL},
}


def find_signals(scores: Scores, answers: Answers, crisis: CrisisScreen) -> tuple[Finding, ...]:
    """Every signal the answers carry, each with the reason a person will read."""
    findings = [
        Finding(
            Signal.RISK,
            Reason(Dimension.SAFETY, _risk_text(risk.source), f"{risk.source}: {risk.evidence}"),
        )
        for risk in crisis.signals
    ]
    findings += _symptom_findings(scores)
    if answers.stuck_pattern:
        findings.append(
            Finding(
                Signal.PATTERN,
                Reason(
                    Dimension.PAST_OR_FUTURE,
                    "You feel stuck in a pattern that keeps coming back. Patterns like that "
                    "often have roots worth understanding, which is therapy's work; coaching "
                    "plans tend to stall on them.",
                    "stuck_pattern: yes",
                ),
            )
        )
    findings += _readiness_findings(scores, answers, findings)
    return tuple(findings)


def _risk_text(source: str) -> str:
    if source == "phq9 item 9":
        return (
            "You told us that thoughts of being better off dead, or of hurting yourself, have "
            "come up. That deserves care right now, and talking to someone can help."
        )
    return (
        f"Something you wrote in your {source} sounds like you may be thinking about ending "
        "your life or hurting yourself. You don't have to carry that alone."
    )


def _symptom_findings(scores: Scores) -> list[Finding]:
    found = []

    def add(signal: Signal | None, dimension: Dimension, text: str, evidence: str) -> None:
        found.append(Finding(signal, Reason(dimension, text, evidence)))

    if scores.phq9 is not None:
        evidence = f"PHQ-9 total {scores.phq9.score} of 27 ({scores.phq9.band})"
        if scores.phq9.score >= MODERATE:
            add(
                Signal.SYMPTOMS,
                Dimension.PURPOSE,
                "Your answers about mood reach the range where low mood gets in the way of "
                "daily life. Easing that is what therapy is for.",
                evidence,
            )
        elif scores.phq9.score >= MILD:
            add(
                None,
                Dimension.PURPOSE,
                "Some low mood shows in your answers, below the range that points to therapy. "
                "If it grows or lingers, therapy is worth a look.",
                evidence,
            )
    if scores.gad7 is not None:
        evidence = f"GAD-7 total {scores.gad7.score} of 21 ({scores.gad7.band})"
        if scores.gad7.score >= MODERATE:
            add(
                Signal.SYMPTOMS,
                Dimension.PURPOSE,
                "Your answers about worry reach the range where anxiety gets in the way of "
                "daily life. Therapy has well-tested ways to ease it.",
                evidence,
            )
        elif scores.gad7.score >= MILD:
            add(
                None,
                Dimension.PURPOSE,
                "Some worry shows in your answers, below the range that points to therapy. "
                "If it grows or lingers, therapy is worth a look.",
                evidence,
            )
    if scores.pcptsd5 is not None and scores.pcptsd5.positive:
        add(
            Signal.SYMPTOMS,
            Dimension.PAST_OR_FUTURE,
            "Something frightening or painful that happened still seems to follow you. "
            "Working through what happened is therapy's work, not coaching's.",
            f"PC-PTSD-5: {scores.pcptsd5.score} of 5 answered yes (positive screen)",
        )
    if scores.who5 is not None and scores.who5.percent <= WHO5_LIKELY_DEPRESSION:
        add(
            Signal.SYMPTOMS,
            Dimension.PURPOSE,
            "Your wellbeing score is very low. A therapist can help find out what is weighing "
            "on you and how to lift it.",
            f"WHO-5 {scores.who5.percent} % ({scores.who5.band})",
        )
    for short, topic in ((scores.phq2, ("PHQ-2", "low mood")), (scores.gad2, ("GAD-2", "worry"))):
        if short is not None and short.positive:
            add(
                Signal.SYMPTOMS,
                Dimension.DIAGNOSIS_OR_GOALS,
                f"The two-question check for {topic[1]} came out positive. It is a quick "
                "screen, so a longer questionnaire or a clinician would tell you more.",
                f"{topic[0]} total {short.score} of 6 (positive screen)",
            )
    return found


def _readiness_findings(scores: Scores, answers: Answers, so_far: list[Finding]) -> list[Finding]:
    found = []
    if answers.goal:
        area = f" ({answers.area.label})" if answers.area else ""
        found.append(
            Finding(
                Signal.GOAL,
                Reason(
                    Dimension.PAST_OR_FUTURE,
                    f"You have something you want to move toward{area}. Looking forward and "
                    "turning a goal into steps is what coaching does.",
                    f'goal: "{answers.goal}"',
                ),
            )
        )
    symptoms = any(finding.signal is Signal.SYMPTOMS for finding in so_far)
    if answers.steady is not None and answers.steady <= UNSTEADY_AT_MOST:
        found.append(
            Finding(
                Signal.UNSTEADY,
                Reason(
                    Dimension.PURPOSE,
                    "You don't feel very steady right now. Coaching works best from steady ground; "
                    "therapy can help you find it.",
                    f"steady: {answers.steady} of 10",
                ),
            )
        )
    elif answers.steady is not None:
        found.append(
            Finding(
                Signal.STEADY,
                Reason(
                    Dimension.PURPOSE,
                    "You feel steady enough to put your energy into a goal.",
                    f"steady: {answers.steady} of 10",
                ),
            )
        )
    elif scores.any and not symptoms:
        found.append(
            Finding(
                Signal.STEADY,
                Reason(
                    Dimension.PURPOSE,
                    "Your questionnaire answers are below every level that points to therapy.",
                    "screening below " + ", ".join(CLINICAL_THRESHOLDS),
                ),
            )
        )
    return found


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
    Dimension.PAST_OR_FUTURE: "Therapy often looks back and inward, at what happened and the "
    "patterns it left, so that the present can feel different.",
    Dimension.DIAGNOSIS_OR_GOALS: "A therapist can assess and, where it helps, diagnose and "
    "treat. Nothing here is a diagnosis; a therapist's assessment is the place for one.",
    Dimension.METHODS: "Therapy uses tested treatments, such as cognitive behavioural therapy, "
    "to change what keeps distress going, at a pace that feels safe.",
    Dimension.CREDENTIALS: "Look for a licensed clinician: for example an LCSW, LMFT, LPC, "
    "a psychologist (PsyD or PhD), or your country's equivalent.",
    Dimension.CONFIDENTIALITY: "Therapists are bound by law and by their licence to keep what "
    "you say confidential, with narrow, stated exceptions for safety.",
}
_COACHING = {
    Dimension.PURPOSE: "Coaching is a planning profession: its purpose is to help a steady "
    "person reach a goal sooner and more surely.",
    Dimension.PAST_OR_FUTURE: "Coaching looks forward, from where you are now to where you "
    "want to be, without digging into the past.",
    Dimension.DIAGNOSIS_OR_GOALS: "Coaching sets goals rather than diagnosing: it starts from "
    "where you want to be and works out the steps.",
    Dimension.METHODS: "Coaching uses goal setting, action plans, experiments and regular "
    "check-ins that keep you accountable.",
    Dimension.CREDENTIALS: "Coaching is not licensed; look for a recognised certification, "
    "such as ICF ACC, PCC or MCC, and for a coach who refers to therapy when needed.",
    Dimension.CONFIDENTIALITY: "A coach's confidentiality rests on your agreement and their "
    "code of ethics, not on the legal duty that binds therapists.",
}
_BOTH = {
    Dimension.PURPOSE: "You have something to heal and something to build; each profession "
    "serves one of those purposes.",
    Dimension.PAST_OR_FUTURE: "Therapy can look back at what weighs on you while coaching "
    "looks ahead to your goal.",
    Dimension.DIAGNOSIS_OR_GOALS: "Therapy can look at what weighs on you, and coaching at the "
    "goal you named; neither result here is a diagnosis.",
    Dimension.METHODS: "Many people do both: therapy to ease what holds them back, coaching to "
    "plan and act. Often healing comes first, then the plan; a practitioner trained in both "
    "can help with the order.",
    Dimension.CREDENTIALS: "Look for a licensed therapist (such as an LCSW, LPC or "
    "psychologist) and a certified coach (such as ICF PCC), or one person who is both.",
    Dimension.CONFIDENTIALITY: "Therapy is protected by law and licence; coaching by agreement "
    "and ethics codes, so decide with each what you share.",
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
