"""Healing exercises, done at the person's own pace and saved like journal entries: a thought
record (catching an automatic thought and weighing it), grief and loss prompts, self-compassion
prompts, the belief under a recurring thought, small promises that rebuild trust in oneself, and
letting an avoided feeling be felt. Every prompt is in our own words; none is required, except
that an exercise with nothing written in it is not saved.

Each exercise says why it helps and when to step back. Before one starts, the person says how
ready they feel (0 to 10); below their threshold a calming tool is suggested first, and they may
go on all the same. Stepping back midway saves what is written, marked as stepped back."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from crossroads.journal.rules.entries import MAX_TEXT, Entry, EntryKind
from crossroads.journal.rules.promises import check_lines, is_check
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_whole, parse_written

INTENSITY = range(0, 101)  # how strong an emotion or a belief feels, in percent
READINESS = range(0, 11)  # how ready a person feels for an exercise
# Below this readiness a calming tool is suggested first, unless the person set their own
# threshold (people.readiness_threshold). 4 of 10: most people who pick 0 to 3 are saying
# "not really"; 0 as a threshold never suggests one.
READINESS_THRESHOLD = 4
# The most minutes a feeling counts as stayed with: a form left open for hours was not hours
# of staying, and the exercise asks for a few minutes.
MOST_MINUTES = 60
YES = "yes"
# What an exercise's answers may hold besides its prompts, with how each is shown. "started"
# is read, never kept; "promise_id" links a check to its promise (rules/promises.py) and is
# not shown; "stepped_back" is shown as a sentence of its own.
READINESS_LABEL = "How ready you felt, from 0 to 10"
MINUTES_LABEL = "Minutes you stayed with it"
OTHER_LABEL = "Your answer"
NOT_PROMPTS = frozenset({"readiness", "minutes", "stepped_back", "promise_id"})


@dataclass(frozen=True)
class Exercise:
    kind: EntryKind
    title: str
    lead: str
    why: str  # why it helps, in a sentence or two
    step_back: str  # when to stop and turn to a calming tool instead
    prompts: dict[str, str]  # field name -> the question
    ratings: tuple[str, ...] = ()  # fields holding a 0-100 intensity


EXERCISES = {
    EntryKind.THOUGHT_RECORD: Exercise(
        EntryKind.THOUGHT_RECORD,
        "Thought record",
        "Slow a painful thought down and look at it from more than one side.",
        "Written down and weighed, a thought becomes one way of reading what happened rather "
        "than the whole truth.",
        "If the feeling keeps growing as you write, stop and come back to it another day.",
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
        "Putting a loss into words gives it somewhere to go, and keeps close what you want to "
        "remember.",
        "If memories come faster than you can hold them, step back: grief comes in waves, and "
        "there will be another time.",
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
        "Most of us are harder on ourselves than on anyone else. Answering that voice as a "
        "friend would makes it quieter, and makes it easier to try again.",
        "If kind words to yourself feel false or stir up shame, that is common: step back, and "
        "next time start with something smaller.",
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
        "that belief, and a kinder one, as you would a friend's.",
        "A thought that keeps returning often rests on an older belief about yourself. Finding "
        "it and testing it against what has really happened loosens its hold, one layer at a "
        "time.",
        "Go one layer at a time. If you reach something too heavy to look at today, step back: "
        "it will keep, and a therapist can help you with it.",
        {
            "thought": "Which thought keeps coming back?",
            "if_true": "If that thought were true, what would it say about you?",
            "deeper": "And if that were true, what would it mean? Keep asking until you reach "
            "something that feels like the bottom.",
            "belief": 'Put what you found in one short sentence, starting with "I am" or "I\'m".',
            "belief_before": "How strongly do you believe it right now, from 0 to 100?",
            "evidence_for": "What has made that belief feel true?",
            "evidence_against": "What has happened that the belief cannot explain?",
            "kinder": "What kinder belief would fit everything you have written?",
            "kinder_before": "How strongly do you believe the kinder one, from 0 to 100?",
            "kinder_evidence": "What, however small, already fits the kinder belief?",
            "kinder_after": "Having weighed it, how strongly do you believe the kinder belief "
            "now, from 0 to 100?",
            "belief_after": "And the first belief: how strongly do you believe it now, from 0 "
            "to 100?",
        },
        ratings=("belief_before", "kinder_before", "kinder_after", "belief_after"),
    ),
    EntryKind.SELF_TRUST: Exercise(
        EntryKind.SELF_TRUST,
        "Trusting yourself again",
        "Trust grows from promises kept. Make yourself one small promise you can keep this week.",
        "After being let down, by someone else or by yourself, trust comes back in small "
        "steps. Each small promise you keep shows you that you can rely on yourself.",
        "Keep each promise small enough to keep on a hard day. If one starts to feel like "
        "another way to judge yourself, step back and make the next one smaller.",
        {
            "promise": "What small thing will you do for yourself this week?",
            "when": "When and where will you do it?",
        },
    ),
    EntryKind.FEELING: Exercise(
        EntryKind.FEELING,
        "Letting a feeling be felt",
        "Give a feeling you have been keeping away a few minutes of room, without needing to fix "
        "it.",
        "A feeling kept away tends to come back louder. Letting it be there for a few minutes, "
        "without fixing it, often lets it settle, and shows you that you can bear it.",
        "If the feeling grows too big, or you feel numb or far away, stop: it is all right to "
        "step back into coping and come back when you feel steadier.",
        {
            "feeling": "What is the feeling? A single word is enough.",
            "body": "Where do you notice it in your body?",
            "asks": "If the feeling could ask for something, what would it ask for?",
            "after": "Having stayed with it, what do you notice now?",
        },
    ),
}


def readiness_threshold(own: int | None) -> int:
    """The person's own threshold, or the default when they have not set one."""
    return READINESS_THRESHOLD if own is None else own


def calming_first(readiness: int, own_threshold: int | None) -> bool:
    """Whether to suggest a calming tool before the exercise: the person feels less ready than
    their threshold. At the threshold itself the exercise goes straight on."""
    return readiness < readiness_threshold(own_threshold)


def parse_readiness(text: str, field: str = "readiness") -> int:
    """A readiness, or a threshold for it: a whole number from 0 to 10."""
    value = parse_whole(text, field) if text.strip() else None
    if value is None or value not in READINESS:
        raise InvalidInput(field, "choose a number from 0 to 10")
    return value


def minutes_stayed(started: datetime, at: datetime, most: int = MOST_MINUTES) -> int:
    """Whole minutes from `started` to `at`, counted down, never below 0 (a clock that moved
    back) nor above `most` (a form left open is not time spent)."""
    seconds = (at - started).total_seconds()
    return max(0, min(most, int(seconds // 60)))


def written_in(kind: EntryKind, fields: Mapping[str, str]) -> bool:
    """Whether anything is written in the exercise's boxes (ratings aside)."""
    exercise = EXERCISES.get(kind)
    if exercise is None:
        return False
    return any(
        fields.get(name, "").strip() for name in exercise.prompts if name not in exercise.ratings
    )


def plan_exercise(kind: EntryKind, fields: Mapping[str, str], at: datetime) -> Entry:
    """The exercise's answers as an entry, or InvalidInput naming the field. Besides the
    prompts, `fields` may hold the readiness said first, "stepped_back" = "yes" when the person
    stopped midway, and for a feeling the moment they started staying with it ("started", as
    the page gave it), from which the whole minutes stayed are kept as a string."""
    exercise = EXERCISES.get(kind)
    if exercise is None:
        raise InvalidInput("kind", "choose one of the exercises")
    answers = {}
    readiness = fields.get("readiness", "")
    if readiness.strip():
        answers["readiness"] = str(parse_readiness(readiness))
    for name in exercise.prompts:
        text = fields.get(name, "")
        if name in exercise.ratings:
            if text.strip():
                answers[name] = str(_rating(text, name))
        else:
            written = parse_written(text, name, MAX_TEXT)
            if written:
                answers[name] = written
    if not written_in(kind, answers):
        raise InvalidInput(next(iter(exercise.prompts)), "write something in at least one box")
    started = fields.get("started", "")
    if kind is EntryKind.FEELING and started.strip():
        answers["minutes"] = str(minutes_stayed(_moment(started), at))
    if fields.get("stepped_back") == YES:
        answers["stepped_back"] = YES
    return Entry(at=at, mood=None, kind=kind, answers=answers)


def stepped_back(answers: Mapping[str, str]) -> bool:
    return answers.get("stepped_back") == YES


def answer_lines(kind: EntryKind, answers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """An exercise's answers as (question, answer) lines to show: the readiness first, the
    prompts in their order, the minutes stayed, then any answer under a name of its own. A
    promise's check has lines of its own."""
    if is_check(kind, answers):
        return check_lines(answers)
    exercise = EXERCISES.get(kind)
    prompts = exercise.prompts if exercise else {}
    lines = [(READINESS_LABEL, answers["readiness"])] if "readiness" in answers else []
    lines += [(question, answers[name]) for name, question in prompts.items() if name in answers]
    if "minutes" in answers:
        lines.append((MINUTES_LABEL, answers["minutes"]))
    lines += [  # answers brought in from elsewhere under names of their own
        (OTHER_LABEL, text)
        for name, text in answers.items()
        if name not in prompts and name not in NOT_PROMPTS
    ]
    return tuple(lines)


def _rating(text: str, name: str) -> int:
    value = parse_whole(text, name)
    if value not in INTENSITY:
        raise InvalidInput(name, "choose a number from 0 to 100")
    return value


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput("started", "start staying with the feeling again")
    return moment
