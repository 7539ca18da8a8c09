"""Validated screening questionnaires: their items, answer scales and published scoring rules.

Item wording and answer labels are reproduced verbatim, because a paraphrased item is no longer
the validated instrument. Sources and the permission each gives to reproduce it:

- PHQ-9 and PHQ-2: Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-613 and Med Care
  2003;41:1284-1292. Developed with an educational grant from Pfizer Inc.; the copyright notice
  states that no permission is required to reproduce, translate, display or distribute them.
- GAD-7 and GAD-2: Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166:1092-1097, and
  Kroenke et al., Ann Intern Med 2007;146:317-325; same notice as the PHQ.
- WHO-5: WHO Regional Office for Europe, 1998 version; Topp et al., Psychother Psychosom
  2015;84:167-176. Free to use without permission.
- PC-PTSD-5: Prins et al., J Gen Intern Med 2016;31:1206-1211, U.S. Department of Veterans
  Affairs, National Center for PTSD; in the public domain.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from crossroads.kernel.errors import InvalidAnswer


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Instrument:
    """A questionnaire as it is shown: a stem, its items and one answer scale for all items."""

    key: str
    name: str
    stem: str
    items: tuple[str, ...]
    choices: tuple[Choice, ...]

    @property
    def lowest(self) -> int:
        return min(choice.value for choice in self.choices)

    @property
    def highest(self) -> int:
        return max(choice.value for choice in self.choices)


_FREQUENCY = (
    Choice(0, "Not at all"),
    Choice(1, "Several days"),
    Choice(2, "More than half the days"),
    Choice(3, "Nearly every day"),
)

PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following "
    "problems?",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    choices=_FREQUENCY,
)

GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    choices=_FREQUENCY,
)

# The short forms are the first two items of their parent questionnaire (Kroenke 2003, 2007).
PHQ2 = Instrument("phq2", "PHQ-2", PHQ9.stem, PHQ9.items[:2], _FREQUENCY)
GAD2 = Instrument("gad2", "GAD-2", GAD7.stem, GAD7.items[:2], _FREQUENCY)

WHO5 = Instrument(
    key="who5",
    name="WHO-5",
    stem="Please indicate for each of the five statements which is closest to how you have been "
    "feeling over the last two weeks.",
    items=(
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ),
    choices=(
        Choice(5, "All of the time"),
        Choice(4, "Most of the time"),
        Choice(3, "More than half of the time"),
        Choice(2, "Less than half of the time"),
        Choice(1, "Some of the time"),
        Choice(0, "At no time"),
    ),
)

PCPTSD5_EXPOSURE = (
    "Sometimes things happen to people that are unusually or especially frightening, horrible, "
    "or traumatic. For example: a serious accident or fire; a physical or sexual assault or "
    "abuse; an earthquake or flood; a war; seeing someone be killed or seriously injured; having "
    "a loved one die through homicide or suicide. Have you ever experienced this kind of event?"
)

PCPTSD5 = Instrument(
    key="pcptsd5",
    name="PC-PTSD-5",
    stem="In the past month, have you…",
    items=(
        "had nightmares about the event(s) or thought about the event(s) when you did not want to?",
        "tried hard not to think about the event(s) or went out of your way to avoid situations "
        "that reminded you of the event(s)?",
        "been constantly on guard, watchful, or easily startled?",
        "felt numb or detached from people, activities, or your surroundings?",
        "felt guilty or unable to stop blaming yourself or others for the event(s) or any "
        "problems the event(s) may have caused?",
    ),
    choices=(Choice(0, "No"), Choice(1, "Yes")),
)

INSTRUMENTS = (PHQ9, GAD7, WHO5, PCPTSD5, PHQ2, GAD2)

# Severity bands as (highest total in the band, band name), lowest band first.
PHQ9_BANDS = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately severe"),
    (27, "severe"),
)
GAD7_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
WHO5_POOR_WELLBEING = 50  # percent at or below which wellbeing is poor (Topp 2015)
SHORT_FORM_POSITIVE = (
    3  # PHQ-2 and GAD-2 totals from which a screen is positive (Kroenke 2003, 2007)
)
PCPTSD5_POSITIVE = 3  # "yes" answers from which the screen is positive (Prins 2016)


@dataclass(frozen=True)
class SeverityScore:
    """A total placed in its published severity band (GAD-7)."""

    score: int
    band: str


@dataclass(frozen=True)
class Phq9Score:
    score: int
    band: str
    item9: int  # the self-harm item, read on its own by the safety screen


@dataclass(frozen=True)
class Who5Score:
    raw: int
    percent: int
    band: str


@dataclass(frozen=True)
class ScreenScore:
    """A yes/no screen: the total and whether it reached the published cut-point."""

    score: int
    positive: bool


def check_answers(instrument: Instrument, answers: Sequence[int]) -> None:
    """Raise InvalidAnswer unless `answers` has one in-scale integer per item."""
    if len(answers) != len(instrument.items):
        raise InvalidAnswer(
            instrument.key,
            f"expected {len(instrument.items)} answers, got {len(answers)}",
        )
    for position, answer in enumerate(answers):
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise InvalidAnswer(f"{instrument.key}[{position}]", "must be a whole number")
        if not instrument.lowest <= answer <= instrument.highest:
            raise InvalidAnswer(
                f"{instrument.key}[{position}]",
                f"must be between {instrument.lowest} and {instrument.highest}, got {answer}",
            )


def band_for(score: int, bands: Sequence[tuple[int, str]]) -> str:
    for highest, name in bands:
        if score <= highest:
            return name
    raise ValueError(f"score {score} is above every band")


def score_phq9(answers: Sequence[int]) -> Phq9Score:
    """Sum the nine items (0-27): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately
    severe, 20-27 severe (Kroenke 2001). Item 9 is kept apart for the safety screen."""
    check_answers(PHQ9, answers)
    total = sum(answers)
    return Phq9Score(score=total, band=band_for(total, PHQ9_BANDS), item9=answers[8])


def score_gad7(answers: Sequence[int]) -> SeverityScore:
    """Sum the seven items (0-21): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe
    (Spitzer 2006)."""
    check_answers(GAD7, answers)
    total = sum(answers)
    return SeverityScore(score=total, band=band_for(total, GAD7_BANDS))


def score_who5(answers: Sequence[int]) -> Who5Score:
    """Sum the five items (0-25) and multiply by 4 for a 0-100 percentage; a percentage of 50
    or less means poor wellbeing (Topp 2015)."""
    check_answers(WHO5, answers)
    raw = sum(answers)
    percent = raw * 4
    band = "poor wellbeing" if percent <= WHO5_POOR_WELLBEING else "good wellbeing"
    return Who5Score(raw=raw, percent=percent, band=band)


def score_pcptsd5(exposure: bool, answers: Sequence[int] | None) -> ScreenScore:
    """Count the "yes" answers; positive at 3 or more (Prins 2016). Without a traumatic event
    the five items are not asked and the total is 0, as the published form instructs."""
    if not exposure:
        return ScreenScore(score=0, positive=False)
    if answers is None:
        raise InvalidAnswer("pcptsd5.items", "expected 5 answers after a yes to the event question")
    check_answers(PCPTSD5, answers)
    total = sum(answers)
    return ScreenScore(score=total, positive=total >= PCPTSD5_POSITIVE)


def score_phq2(answers: Sequence[int]) -> ScreenScore:
    """Sum the two items (0-6); a total of 3 or more is a positive screen (Kroenke 2003)."""
    check_answers(PHQ2, answers)
    total = sum(answers)
    return ScreenScore(score=total, positive=total >= SHORT_FORM_POSITIVE)


def score_gad2(answers: Sequence[int]) -> ScreenScore:
    """Sum the two items (0-6); a total of 3 or more is a positive screen (Kroenke 2007)."""
    check_answers(GAD2, answers)
    total = sum(answers)
    return ScreenScore(score=total, positive=total >= SHORT_FORM_POSITIVE)
