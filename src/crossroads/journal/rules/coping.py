"""The kinds of coping a journal entry can name, and which of them tend to help.

Coping helps a person get through a hard moment; some ways of coping cost more than they give
when they become the main way. The adaptive kinds are the ones that usually help and can be
leaned on; the maladaptive kinds are not failures, they are the tools a person reaches for when
nothing better is to hand, and the journal names them gently, never with blame.

The free-text coping classifier (text/, task `coping`) has five labels; each maps onto one kind
here, with `adaptive` mapped to OWN_WAY because the classifier does not say which healthy way.
"""

from dataclasses import dataclass
from enum import StrEnum

from crossroads.kernel.errors import InvalidInput


class CopingKind(StrEnum):
    # Adaptive: these usually help, and can be leaned on.
    MOVEMENT = "movement"
    RELAXATION = "relaxation"  # breathing and relaxation
    EXPRESSION = "expression"  # journaling and expression: writing, drawing, music, crying
    SUPPORT = "support"  # reaching out to someone
    PROBLEM_SOLVING = "problem_solving"
    REST = "rest"  # rest and care: sleep, food, a bath, time outside
    DISTRACTION = "distraction"  # mindful distraction, in moderation
    OWN_WAY = "own_way"  # another healthy way, in the person's own words
    # Maladaptive: they ease the moment and cost more later when they become the main way.
    AVOIDANCE = "avoidance"  # avoidance and excessive distraction
    SUBSTANCE = "substance"  # alcohol, drugs, overeating
    OVERWORK = "overwork"  # perfectionism and overworking
    PEOPLE_PLEASING = "people_pleasing"  # people-pleasing and avoiding conflict


@dataclass(frozen=True)
class CopingInfo:
    name: str
    description: str
    adaptive: bool


COPING: dict[CopingKind, CopingInfo] = {
    CopingKind.MOVEMENT: CopingInfo(
        "Movement", "A walk, a run, stretching, dancing: the body moving", True
    ),
    CopingKind.RELAXATION: CopingInfo(
        "Breathing and relaxation", "Slow breathing, relaxing the muscles, meditation", True
    ),
    CopingKind.EXPRESSION: CopingInfo(
        "Writing and expression", "Journaling, drawing, playing music, letting tears come", True
    ),
    CopingKind.SUPPORT: CopingInfo(
        "Reaching out", "Talking to a friend, family, a group or a helpline", True
    ),
    CopingKind.PROBLEM_SOLVING: CopingInfo(
        "Problem solving", "Working out one next step on what is causing the stress", True
    ),
    CopingKind.REST: CopingInfo(
        "Rest and care", "Sleep, a proper meal, a bath, time outdoors", True
    ),
    CopingKind.DISTRACTION: CopingInfo(
        "Mindful distraction", "A film, a game or a book, chosen and kept in moderation", True
    ),
    CopingKind.OWN_WAY: CopingInfo(
        "Another healthy way", "Something else that helps, in your own words", True
    ),
    CopingKind.AVOIDANCE: CopingInfo(
        "Avoiding it",
        "Putting things off, hours of scrolling or TV to keep from thinking about it",
        False,
    ),
    CopingKind.SUBSTANCE: CopingInfo(
        "Drinking, drugs or eating to cope", "Alcohol, drugs, or eating past fullness", False
    ),
    CopingKind.OVERWORK: CopingInfo(
        "Overworking", "Working longer and harder, needing everything to be perfect", False
    ),
    CopingKind.PEOPLE_PLEASING: CopingInfo(
        "Keeping the peace", "Saying yes to everyone, swallowing what you need", False
    ),
}

ADAPTIVE = frozenset(kind for kind, info in COPING.items() if info.adaptive)
MALADAPTIVE = frozenset(kind for kind, info in COPING.items() if not info.adaptive)
# What a person can pick from a list; OWN_WAY only comes from their own words.
LISTED = tuple(kind for kind in CopingKind if kind is not CopingKind.OWN_WAY)

CLASSIFIER_LABELS = {
    "adaptive": CopingKind.OWN_WAY,
    "avoidance": CopingKind.AVOIDANCE,
    "substance": CopingKind.SUBSTANCE,
    "overwork": CopingKind.OVERWORK,
    "people_pleasing": CopingKind.PEOPLE_PLEASING,
}
LABEL_OF = {kind: label for label, kind in CLASSIFIER_LABELS.items()}


def coping_kind(value: str, field: str = "coping") -> CopingKind:
    try:
        return CopingKind(value.strip())
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not one of the listed ways of coping") from None


def from_classifier(label: str) -> CopingKind:
    """The kind the free-text classifier's label stands for."""
    return CLASSIFIER_LABELS[label]


def is_maladaptive(kind: CopingKind) -> bool:
    return kind in MALADAPTIVE
