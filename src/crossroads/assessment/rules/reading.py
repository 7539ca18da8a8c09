"""What the text model read in a person's own words, as the assessment weighs it.

Services fill a TextReading in from the classifiers (text/classifier.py); the domain only
decides what it means. Distress counts when the need classifier gives `therapy` and `both`
together at least LIKELY, so a "both" story counts toward healing too.
"""

from dataclasses import dataclass, field

from crossroads.kernel.risk import RiskReason

LIKELY = 0.5


@dataclass(frozen=True)
class TextReading:
    """`risk`: sentences the crisis model flagged, by field, each a `check`. `need`: the need
    classifier's probabilities for everything the person wrote, `need_evidence` the sentence
    behind the label it chose. Empty when the person wrote nothing."""

    risk: tuple[RiskReason, ...] = ()
    need: dict[str, float] = field(default_factory=dict)
    need_evidence: str = ""

    @property
    def distress(self) -> float:
        return self.need.get("therapy", 0.0) + self.need.get("both", 0.0)
