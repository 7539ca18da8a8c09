"""Read the answers as signals for triage, each with a reason a person can read: a short
title, what it means, and the evidence it rests on, in words (what they answered or wrote, never
a field's key or the text model's confidence).

Pure logic. The clinical cut-points live here; triage.py decides what the signals add up to.
"""

from dataclasses import dataclass
from enum import StrEnum

from crossroads.assessment.rules.answers import Answers
from crossroads.assessment.rules.instruments import PHQ9
from crossroads.assessment.rules.reading import LIKELY, TextReading
from crossroads.assessment.rules.scoring import Scores
from crossroads.kernel.asq import NAME as ASQ_NAME
from crossroads.kernel.asq import AsqResult
from crossroads.kernel.risk import RiskLevel, RiskReason, RiskScreen
from crossroads.kernel.safety import ITEM9_FIELD

# PHQ-9 and GAD-7 totals from which symptoms count as moderate (Kroenke 2001, Spitzer 2006)
MODERATE = 10
MILD = 5  # PHQ-9 and GAD-7 totals from which symptoms count as mild
WHO5_LIKELY_DEPRESSION = 28  # WHO-5 percentage at or below which depression is likely (Topp 2015)
UNSTEADY_AT_MOST = 4  # self-rated steadiness (0-10) at or below which coaching alone is too thin


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
    ACUTE_RISK = "acute_risk"
    RISK = "risk"  # a positive confirming screener, not acute
    SYMPTOMS = "symptoms"
    PATTERN = "pattern"
    UNSTEADY = "unsteady"
    DISTRESS_IN_WORDS = "distress_in_words"
    GOAL = "goal"
    STEADY = "steady"


@dataclass(frozen=True)
class Reason:
    """`evidence` is "" for a reason that speaks of the route rather than of the answers."""

    dimension: Dimension
    text: str
    evidence: str
    title: str = ""


@dataclass(frozen=True)
class Finding:
    """A reason that may also carry a signal; notes (mild symptoms) carry none."""

    signal: Signal | None
    reason: Reason


# Urgent risk counts toward healing, so that it can never leave coaching alone.
HEALING = frozenset(
    {Signal.RISK, Signal.SYMPTOMS, Signal.PATTERN, Signal.UNSTEADY, Signal.DISTRESS_IN_WORDS}
)

# Where the person wrote what a reason quotes, as the form names it.
WRITTEN_IN = {"goal": "your goal", "text": "your own words"}


def find_signals(
    scores: Scores, answers: Answers, risk: RiskScreen, reading: TextReading | None = None
) -> tuple[Finding, ...]:
    """Every signal the answers and the text model's reading carry, each with the reason a
    person will read."""
    item9 = scores.phq9.item9 if scores.phq9 is not None else None
    findings = [_risk_finding(reason, item9) for reason in risk.reasons]
    findings += _symptom_findings(scores)
    if answers.stuck_pattern:
        findings.append(
            _finding(
                Signal.PATTERN,
                Dimension.PAST_OR_FUTURE,
                "You feel stuck in a pattern that keeps coming back. Patterns like that "
                "often have roots worth understanding, which is therapy's work; coaching "
                "plans tend to stall on them.",
                "You said yes to feeling stuck in a pattern that keeps repeating, however hard "
                "you try.",
                "A pattern that keeps coming back",
            )
        )
    findings += _reading_findings(reading or TextReading())
    findings += _readiness_findings(scores, answers, findings)
    return tuple(findings)


def _reading_findings(reading: TextReading) -> list[Finding]:
    """Distress the text model reads in the person's words counts toward healing. A goal still
    has to be given as one: the model's `coaching` reading is no more than "not distress"."""
    if reading.distress < LIKELY:
        return []
    return [
        _finding(
            Signal.DISTRESS_IN_WORDS,
            Dimension.PURPOSE,
            "The way you describe things sounds like something is weighing on you. Easing that "
            "is what therapy is for.",
            f"In your words: “{reading.need_evidence}”",
            "What you wrote",
        )
    ]


_RISK_SIGNALS = {
    RiskLevel.ACUTE: Signal.ACUTE_RISK,
    RiskLevel.URGENT: Signal.RISK,
    RiskLevel.CHECK: None,  # a question to ask, not a route
}


def _risk_finding(reason: RiskReason, item9: int | None) -> Finding:
    return _finding(
        _RISK_SIGNALS[reason.level],
        Dimension.SAFETY,
        _risk_text(reason),
        _risk_evidence(reason, item9),
        "Your safety",
    )


def _risk_evidence(reason: RiskReason, item9: int | None) -> str:
    """What raised a risk reason, in words: the answer given, or the words written."""
    if reason.source == ITEM9_FIELD and item9 is not None:
        said = next(c.label for c in PHQ9.choices if c.value == item9)
        return (
            "Your answer to question 9 of the PHQ-9, about thoughts of being better off dead "
            f"or of hurting yourself: “{said}”."
        )
    if reason.source == ASQ_NAME:
        return "Your answers to the five safety questions (the ASQ): " + _ASQ_SAID.get(
            reason.evidence, reason.evidence
        )
    return f"In {WRITTEN_IN.get(reason.source, 'what you wrote')}: “{reason.evidence}”"


_ASQ_SAID: dict[str, str] = {
    AsqResult.ACUTE_POSITIVE: "a yes to having thoughts of killing yourself right now.",
    AsqResult.NON_ACUTE_POSITIVE: "a yes to at least one of the first four questions, and a "
    "no to having such thoughts right now.",
}


def _risk_text(reason: RiskReason) -> str:
    if reason.level is RiskLevel.URGENT:
        return (
            "Your answers to the safety questions say that thoughts of death or of ending your "
            "life have been with you lately. A therapist can help with that, and it is worth "
            "talking to someone soon. The crisis lines shown with this result are there in the "
            "meantime."
        )
    if reason.source == ITEM9_FIELD:
        text = "You told us that thoughts of being better off dead, or of hurting yourself, "
        text += "have come up."
    else:
        written = WRITTEN_IN.get(reason.source, "words")
        text = f"Something you wrote in {written} sounds like thoughts of ending "
        text += "your life or of hurting yourself."
    if reason.level is RiskLevel.ACUTE:
        return text + " That matters more than anything else here, and help is there right now."
    return text + " We ask a few short questions about it, so that you get the right help."


# PHQ-9 and GAD-7 read the same way: (name, topic, highest total, moderate text, mild text).
# Evidence names a clinical questionnaire first, as assessment/rules/scope.py looks for it.
_SEVERITY_READINGS = (
    (
        "PHQ-9 (mood)",
        "low mood",
        27,
        "Your answers about mood reach the range where low mood gets in the way of daily life. "
        "Easing that is what therapy is for.",
        "Some low mood shows in your answers, below the range that points to therapy. If it "
        "grows or lingers, therapy is worth a look.",
    ),
    (
        "GAD-7 (worry)",
        "worry",
        21,
        "Your answers about worry reach the range where anxiety gets in the way of daily life. "
        "Therapy has well-tested ways to ease it.",
        "Some worry shows in your answers, below the range that points to therapy. If it grows "
        "or lingers, therapy is worth a look.",
    ),
)


def _symptom_findings(scores: Scores) -> list[Finding]:
    found = []
    for severity, reading in zip((scores.phq9, scores.gad7), _SEVERITY_READINGS, strict=True):
        name, topic, highest, moderate_text, mild_text = reading
        if severity is None or severity.score < MILD:
            continue
        evidence = (
            f"{name}: a total of {severity.score} out of {highest}, in the {severity.band} range."
        )
        if severity.score >= MODERATE:
            found.append(
                _finding(
                    Signal.SYMPTOMS, Dimension.PURPOSE, moderate_text, evidence, topic.capitalize()
                )
            )
        else:
            found.append(_finding(None, Dimension.PURPOSE, mild_text, evidence, f"Some {topic}"))
    if scores.pcptsd5 is not None and scores.pcptsd5.positive:
        found.append(
            _finding(
                Signal.SYMPTOMS,
                Dimension.PAST_OR_FUTURE,
                "Something frightening or painful that happened still seems to follow you. "
                "Working through what happened is therapy's work, not coaching's.",
                f"PC-PTSD-5 (after a frightening event): {scores.pcptsd5.score} of its 5 "
                "questions answered yes, a positive screen.",
                "Something painful that still follows you",
            )
        )
    if scores.who5 is not None and scores.who5.percent <= WHO5_LIKELY_DEPRESSION:
        found.append(
            _finding(
                Signal.SYMPTOMS,
                Dimension.PURPOSE,
                "Your wellbeing score is very low. A therapist can help find out what is weighing "
                "on you and how to lift it.",
                f"WHO-5 (wellbeing): {scores.who5.percent} out of 100, {scores.who5.band}.",
                "Low wellbeing",
            )
        )
    for short, name, topic in ((scores.phq2, "PHQ-2", "low mood"), (scores.gad2, "GAD-2", "worry")):
        if short is not None and short.positive:
            found.append(
                _finding(
                    Signal.SYMPTOMS,
                    Dimension.DIAGNOSIS_OR_GOALS,
                    f"The two-question check for {topic} came out positive. It is a quick screen, "
                    "so a longer questionnaire or a clinician would tell you more.",
                    f"{name} (two questions on {topic}): a total of {short.score} out of 6, a "
                    "positive screen.",
                    f"A quick check for {topic}",
                )
            )
    return found


def _finding(
    signal: Signal | None, dimension: Dimension, text: str, evidence: str, title: str
) -> Finding:
    return Finding(signal, Reason(dimension, text, evidence, title))


def _readiness_findings(scores: Scores, answers: Answers, so_far: list[Finding]) -> list[Finding]:
    found = []
    if answers.goal:
        area = f" ({answers.area.label})" if answers.area else ""
        found.append(
            _finding(
                Signal.GOAL,
                Dimension.PAST_OR_FUTURE,
                f"You have something you want to move toward{area}. Looking forward and "
                "turning a goal into steps is what coaching does.",
                f"Your goal: “{answers.goal}”",
                "A goal to work toward",
            )
        )
    symptoms = any(finding.signal is Signal.SYMPTOMS for finding in so_far)
    if answers.steady is not None and answers.steady <= UNSTEADY_AT_MOST:
        found.append(
            _finding(
                Signal.UNSTEADY,
                Dimension.PURPOSE,
                "You don't feel very steady right now. Coaching works best from steady ground; "
                "therapy can help you find it.",
                _steadiness(answers.steady),
                "Not feeling steady",
            )
        )
    elif answers.steady is not None:
        found.append(
            _finding(
                Signal.STEADY,
                Dimension.PURPOSE,
                "You feel steady enough to put your energy into a goal.",
                _steadiness(answers.steady),
                "Steady enough for a goal",
            )
        )
    elif scores.any and not symptoms:
        found.append(
            _finding(
                Signal.STEADY,
                Dimension.PURPOSE,
                "Your questionnaire answers are below every level that points to therapy.",
                "Each questionnaire you answered came out below the level where it points to "
                "therapy.",
                "Questionnaires below the level for therapy",
            )
        )
    return found


def _steadiness(steady: int) -> str:
    return f"You rated how steady you feel at {steady} out of 10."
