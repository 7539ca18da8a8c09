"""Score every questionnaire a person answered, and only those."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from crossroads.assessment.rules.answers import Answers
from crossroads.assessment.rules.instruments import (
    Phq9Score,
    ScreenScore,
    SeverityScore,
    Who5Score,
    score_gad2,
    score_gad7,
    score_pcptsd5,
    score_phq2,
    score_phq9,
    score_who5,
)

Score = Phq9Score | SeverityScore | Who5Score | ScreenScore
MEASURE_KEYS = ("phq9", "gad7", "who5", "pcptsd5", "phq2", "gad2")  # in the order asked
S = TypeVar("S", Phq9Score, SeverityScore, Who5Score, ScreenScore)


@dataclass(frozen=True)
class Scores:
    phq9: Phq9Score | None = None
    gad7: SeverityScore | None = None
    who5: Who5Score | None = None
    pcptsd5: ScreenScore | None = None
    phq2: ScreenScore | None = None
    gad2: ScreenScore | None = None

    @property
    def any(self) -> bool:
        return any(
            score is not None
            for score in (self.phq9, self.gad7, self.who5, self.pcptsd5, self.phq2, self.gad2)
        )


def scores_from_dict(measures: Mapping[str, Mapping[str, Any]]) -> Scores:
    """The scores back from their stored fields (`dataclasses.asdict` of each)."""

    def read(key: str, kind: type[S]) -> S | None:
        return kind(**measures[key]) if key in measures else None

    return Scores(
        phq9=read("phq9", Phq9Score),
        gad7=read("gad7", SeverityScore),
        who5=read("who5", Who5Score),
        pcptsd5=read("pcptsd5", ScreenScore),
        phq2=read("phq2", ScreenScore),
        gad2=read("gad2", ScreenScore),
    )


def score_answers(answers: Answers) -> Scores:
    trauma = answers.pcptsd5
    return Scores(
        phq9=score_phq9(answers.phq9) if answers.phq9 is not None else None,
        gad7=score_gad7(answers.gad7) if answers.gad7 is not None else None,
        who5=score_who5(answers.who5) if answers.who5 is not None else None,
        pcptsd5=(
            score_pcptsd5(trauma.exposure, [int(item) for item in trauma.items or ()] or None)
            if trauma is not None
            else None
        ),
        phq2=score_phq2(answers.phq2) if answers.phq2 is not None else None,
        gad2=score_gad2(answers.gad2) if answers.gad2 is not None else None,
    )
