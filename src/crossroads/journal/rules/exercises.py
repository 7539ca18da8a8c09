"""Healing exercises, done at the person's own pace and saved like journal entries: a thought
record (catching an automatic thought and weighing it), grief and loss prompts, and
self-compassion prompts. Every prompt is in our own words; none is required, except that an
exercise with nothing written in it is not saved."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from crossroads.journal.rules.entries import MAX_TEXT, Entry, EntryKind
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_whole, parse_written

INTENSITY = range(0, 101)  # how strong an emotion feels, in percent


@dataclass(frozen=True)
class Exercise:
    kind: EntryKind
    title: str
    lead: str
    prompts: dict[str, str]  # field name -> the question
    ratings: tuple[str, ...] = ()  # fields holding a 0-100 intensity


EXERCISES = {
    EntryKind.THOUGHT_RECORD: Exercise(
        EntryKind.THOUGHT_RECORD,
        "Thought record",
        "Slow a painful thought down and look at it from more than one side.",
        {
            "situation": "What was happening? Where were you, who was there?",
            "thought": "What went through your mind? Write the thought as it came.",
            "emotion": "What did you feel?",
            "before": "How strong was the feeling, from 0 to 100?",
            "evidence_for": "What makes the thought feel true?",
            "evidence_against": "What does not fit the thought? What would a friend point out?",
            "balanced": "Putting both sides together, what is a fairer way to see it?",
            "after": "How strong is the feeling now, from 0 to 100?",
        },
        ratings=("before", "after"),
    ),
    EntryKind.GRIEF: Exercise(
        EntryKind.GRIEF,
        "Grief and loss",
        "Loss has no timetable. Answer any of these, in any order, for as long as you like.",
        {
            "who": "Who or what are you missing?",
            "remember": "What is a moment with them you would like to keep?",
            "unsaid": "Is there something you wish you had said, or still want to say?",
            "now": "What is hardest about today without them?",
            "carry": "What of them do you carry with you?",
        },
    ),
    EntryKind.SELF_COMPASSION: Exercise(
        EntryKind.SELF_COMPASSION,
        "Kindness towards yourself",
        "Talk to yourself the way you would talk to someone you care about.",
        {
            "struggle": "What are you finding hard right now?",
            "shared": "Who else might feel this way in a situation like yours?",
            "friend": "What would you say to a good friend going through the same thing?",
            "need": "What do you need right now, and how could you give a little of it to "
            "yourself?",
        },
    ),
}


def plan_exercise(kind: EntryKind, fields: Mapping[str, str], at: datetime) -> Entry:
    """The exercise's answers as an entry, or InvalidInput naming the field."""
    exercise = EXERCISES.get(kind)
    if exercise is None:
        raise InvalidInput("kind", "choose one of the exercises")
    answers = {}
    for name in exercise.prompts:
        text = fields.get(name, "")
        if name in exercise.ratings:
            if text.strip():
                value = parse_whole(text, name)
                if value not in INTENSITY:
                    raise InvalidInput(name, "choose a number from 0 to 100")
                answers[name] = str(value)
        else:
            written = parse_written(text, name, MAX_TEXT)
            if written:
                answers[name] = written
    if not any(name not in exercise.ratings for name in answers):
        raise InvalidInput(next(iter(exercise.prompts)), "write something in at least one box")
    return Entry(at=at, mood=None, kind=kind, answers=answers)
