"""Which of a client's questionnaires a practitioner may see: the clinical ones (PHQ-9, GAD-7,
PC-PTSD-5 and their two-question short forms) under the grant that opens them (kernel/consent.py:
a licence to practise therapy with the assessments grant, or the client's explicit clinical
grant), the WHO-5, a wellbeing measure a coach works with too, under the assessments grant.

What a practitioner without the clinical grant sees of a fit assessment keeps its route, its
reasons and its safety screen, without a clinical score or band in it. Pure logic."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from crossroads.assessment.rules.alerts import Alert
from crossroads.assessment.rules.result import Result
from crossroads.assessment.rules.scoring import Scores
from crossroads.assessment.rules.signals import Dimension
from crossroads.assessment.rules.trends import SCALES
from crossroads.assessment.rules.triage import ROUTE_EXPLANATIONS

CLINICAL = frozenset({"phq9", "gad7", "pcptsd5", "phq2", "gad2"})
# How a reason's evidence names a clinical questionnaire, first (assessment/rules/signals.py;
# "PC-PTSD-5:" as results stored before it was said in words).
_CLINICAL_NAMES = ("PHQ-9 ", "GAD-7 ", "PC-PTSD-5 ", "PC-PTSD-5:", "PHQ-2 ", "GAD-2 ")
# How a route's explanation joined the evidence it rested on, in results stored before each
# explanation stood without (triage.py).
_EVIDENCE_JOIN = "; "
_EXPLANATIONS = frozenset(text for table in ROUTE_EXPLANATIONS.values() for _, text in table)


@dataclass(frozen=True)
class Scope:
    """What of a client's questionnaires one practitioner may see now: `measures` under the
    assessments grant (results, the WHO-5, safety alerts), `clinical` under the grant that opens
    the clinical questionnaires."""

    measures: bool
    clinical: bool

    def opens(self, instrument: str) -> bool:
        return self.clinical if instrument in CLINICAL else self.measures

    def sees(self, alert: Alert) -> bool:
        """A worsening with its numbers under the questionnaire's grant; a safety screen
        under the assessments grant."""
        if alert.instrument is None:
            return self.measures
        return self.opens(alert.instrument)

    def instruments(self, keys: Iterable[str]) -> tuple[str, ...]:
        """The instruments among `keys` this scope opens, in their order."""
        return tuple(key for key in keys if self.opens(key))


def without_clinical_scores(result: Result) -> Result:
    """The result without a clinical score or band: the WHO-5 and the safety screen stay, and
    so do the route and what it means; a reason resting on a clinical score alone goes, and a
    route's explanation keeps the rest of the evidence it cites."""
    reasons = []
    for reason in result.reasons:
        parts = reason.evidence.split(_EVIDENCE_JOIN)
        kept = [part for part in parts if not part.startswith(_CLINICAL_NAMES)]
        if reason.dimension == Dimension.SAFETY or kept == parts:
            reasons.append(reason)
        elif reason.text in _EXPLANATIONS:
            reasons.append(replace(reason, evidence=_EVIDENCE_JOIN.join(kept)))
    return replace(result, scores=Scores(who5=result.scores.who5), reasons=tuple(reasons))


def clinical_named(name: str) -> bool:
    """Whether a questionnaire named as people read it ("PHQ-9") is a clinical one."""
    return any(SCALES[key].name == name for key in CLINICAL if key in SCALES)


def without_clinical_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """An assessment's answers without those given to a clinical questionnaire."""
    return {key: value for key, value in answers.items() if key not in CLINICAL}
