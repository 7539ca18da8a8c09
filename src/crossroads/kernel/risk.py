"""Risk levels: what a screen of answers and writing asks the product to do.

- `acute`: a first-person, current statement of intent, plan, means, preparation or timing, or
  a yes to the ASQ's "right now" question. Crisis lines and a safety plan come first, and only
  this level routes `crisis`.
- `urgent`: a positive ASQ that is not acute. The route stays, with the lines beside it, and
  never coaching alone.
- `check`: a signal to ask about, not to act on: PHQ-9 item 9 above 0, a text-model flag, or a
  first-person mention outside the acute frame. The lines sit on top, the ASQ is asked, and the
  person's result stays below.
- `none`: nothing to ask about.

Pure logic: the sources (lexicon, model, answers) are read elsewhere; this module ranks them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class RiskLevel(StrEnum):
    NONE = "none"
    CHECK = "check"
    URGENT = "urgent"
    ACUTE = "acute"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def flagged(self) -> bool:
        """Anything to ask about or act on: `check` or above."""
        return self is not RiskLevel.NONE


_RANKS = {level: rank for rank, level in enumerate(RiskLevel)}


class By(StrEnum):
    """What raised a reason: an answer to a questionnaire, the phrase list, or the text model."""

    ANSWER = "answer"
    LEXICON = "lexicon"
    MODEL = "model"


@dataclass(frozen=True)
class RiskReason:
    """One reason for a level: where it was found (a field such as "text" or "phq9 item 9"),
    what found it, and what it found."""

    source: str
    by: By
    evidence: str
    level: RiskLevel


@dataclass(frozen=True)
class RiskScreen:
    """Every reason found, and the highest level among them (`none` when there is none)."""

    reasons: tuple[RiskReason, ...] = ()

    @property
    def level(self) -> RiskLevel:
        return highest(reason.level for reason in self.reasons)

    @property
    def acute(self) -> bool:
        return self.level is RiskLevel.ACUTE

    @property
    def flagged(self) -> bool:
        return self.level.flagged

    def merged(self, other: "RiskScreen") -> "RiskScreen":
        return RiskScreen(self.reasons + other.reasons)


def highest(levels: Iterable[RiskLevel]) -> RiskLevel:
    return max(levels, key=lambda level: level.rank, default=RiskLevel.NONE)
