"""The guide library's pages, and the questions worth asking a therapist or a coach in a first
consultation, in our own words. Pure: the pages' text lives in content/, read by the service.
"""

from dataclasses import dataclass

from crossroads.booking.rules.practitioners import PractitionerKind


@dataclass(frozen=True)
class Guide:
    """One page of the library: its address, its title (the Markdown's level-1 heading), a line
    for the list of guides, its Markdown file in content/, and the questions it shows after its
    text, if any."""

    slug: str
    title: str
    summary: str
    file_name: str
    questions: PractitionerKind | None = None


GUIDES = (
    Guide(
        "therapy-and-coaching",
        "Therapy and coaching, side by side",
        "What each one is for, who offers it, and how to tell which fits where you are now.",
        "therapy-and-coaching.md",
    ),
    Guide(
        "doing-both",
        "Doing both: a therapist and a coach",
        "Seeing a therapist and a coach at the same time, and when a coach suggests therapy.",
        "doing-both.md",
    ),
    Guide(
        "first-session",
        "What a first session is like",
        "What usually happens the first time you meet a therapist or a coach, online or in person.",
        "first-session.md",
    ),
    Guide(
        "time-and-cost",
        "How long it takes and what it costs",
        "Rough ranges for the length and the price of therapy and coaching, and whom to ask.",
        "time-and-cost.md",
    ),
    Guide(
        "coping-and-healing",
        "Coping and healing",
        "Getting through a hard moment, mending what lies underneath over time, and when coping "
        "alone is not enough.",
        "coping-and-healing.md",
    ),
    Guide(
        "questions-to-ask",
        "Questions to ask in a consultation",
        "What to ask a therapist or a coach before you decide to work with them.",
        "questions-to-ask.md",
        questions=PractitionerKind.BOTH,
    ),
)
GUIDES_BY_SLUG = {guide.slug: guide for guide in GUIDES}


@dataclass(frozen=True)
class QuestionList:
    """Questions for one kind of work, under a heading the page shows."""

    heading: str
    questions: tuple[str, ...]


THERAPY_QUESTIONS = QuestionList(
    "Questions about therapy",
    (
        "How do you work, and why would that way of working suit what brings me here?",
        "Have you worked with people going through something like this before?",
        "What stays between us, and when would the law or your profession's rules require "
        "you to tell someone else?",
        "How will we both know whether it is helping? What happens if it isn't?",
        "What do you charge, do you take my insurance, and do you offer lower fees?",
        "How long is a session, how often would we meet, and how many sessions do people "
        "usually have?",
        "If we are not a good fit, what happens then? Could you suggest someone else?",
    ),
)
COACHING_QUESTIONS = QuestionList(
    "Questions about coaching",
    (
        "What training have you had as a coach, and do you hold a certification? From whom?",
        "Which code of ethics do you follow, and where can I read it?",
        "Will we sign a written agreement that says what you keep confidential and what you don't?",
        "How do sessions run: how long, how often, what do they cost, and what happens between "
        "them?",
        "When would you suggest that I see a therapist instead of you, or as well as you?",
    ),
)


def questions_for(kind: PractitionerKind) -> tuple[QuestionList, ...]:
    """The questions to ask a practitioner of `kind`: both lists, each headed, for one who
    offers therapy and coaching."""
    match kind:
        case PractitionerKind.THERAPIST:
            return (THERAPY_QUESTIONS,)
        case PractitionerKind.COACH:
            return (COACHING_QUESTIONS,)
        case PractitionerKind.BOTH:
            return (THERAPY_QUESTIONS, COACHING_QUESTIONS)
