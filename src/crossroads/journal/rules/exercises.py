"""Healing exercises, done at the person's own pace and saved like journal entries: a thought
record (catching an automatic thought and weighing it), grief and loss prompts, self-compassion
prompts, the belief under a recurring thought, small promises that rebuild trust in oneself, and
letting an avoided feeling be felt. Every prompt is in our own words; none is required, except
that an exercise with nothing written in it is not saved."""

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
    EntryKind.BELIEF: Exercise(
        EntryKind.BELIEF,
        "The belief under a thought",
        "Follow a thought that keeps coming back down to what it says about you, then weigh "
        "that belief as you would a friend's.",
        {
            "thought": "Which thought keeps coming back?",
            "if_true": "If that thought were true, what would it mean about you?",
            "belief": 'Put that in one short sentence, starting with "I am" or "I\'m".',
            "evidence_for": "What has made that belief feel true?",
            "evidence_against": "What has happened that the belief cannot explain?",
            "kinder": "What kinder belief would fit everything you have written?",
        },
    ),
    EntryKind.SELF_TRUST: Exercise(
        EntryKind.SELF_TRUST,
        "Trusting yourself again",
        "Trust grows from promises kept. Make yourself one small promise you can keep this week.",
        {
            "promise": "What small thing will you do for yourself this week?",
            "when": "When and where will you do it?",
            "noticed": "If you have kept an earlier promise, what did you notice when you did?",
        },
    ),
    EntryKind.FEELING: Exercise(
        EntryKind.FEELING,
        "Letting a feeling be felt",
        "Give a feeling you have been keeping away a few minutes of room, without needing to fix "
        "it.",
        {
            "feeling": "What is the feeling? A single word is enough.",
            "body": "Where do you notice it in your body?",
            "asks": "If the feeling could ask for something, what would it ask for?",
            "after": "Having stayed with it, what do you notice now?",
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
