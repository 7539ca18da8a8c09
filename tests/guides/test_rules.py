"""The questions worth asking, by kind of practitioner, and the library's list of pages."""

import pytest

from crossroads.booking.rules.practitioners import PractitionerKind
from crossroads.guides.rules import (
    COACHING_QUESTIONS,
    GUIDES,
    THERAPY_QUESTIONS,
    QuestionList,
    questions_for,
)


@pytest.mark.parametrize(
    ("kind", "lists"),
    [
        (PractitionerKind.THERAPIST, (THERAPY_QUESTIONS,)),
        (PractitionerKind.COACH, (COACHING_QUESTIONS,)),
        (PractitionerKind.BOTH, (THERAPY_QUESTIONS, COACHING_QUESTIONS)),
    ],
)
def test_each_kind_of_practitioner_gets_its_own_questions(
    kind: PractitionerKind, lists: tuple[QuestionList, ...]
) -> None:
    assert questions_for(kind) == lists


def test_someone_who_offers_both_gets_both_lists_under_different_headings() -> None:
    headings = [listed.heading for listed in questions_for(PractitionerKind.BOTH)]

    assert headings == ["Questions about therapy", "Questions about coaching"]


@pytest.mark.parametrize(
    "topic",
    ["how do you work", "before", "law", "helping", "charge", "how long", "not a good fit"],
)
def test_the_therapy_questions_cover_approach_experience_privacy_progress_fees_and_fit(
    topic: str,
) -> None:
    assert any(topic in question.lower() for question in THERAPY_QUESTIONS.questions)


@pytest.mark.parametrize(
    "topic",
    ["certification", "code of ethics", "written agreement", "how do sessions run", "therapist"],
)
def test_the_coaching_questions_cover_training_ethics_agreement_sessions_and_therapy(
    topic: str,
) -> None:
    assert any(topic in question.lower() for question in COACHING_QUESTIONS.questions)


def test_every_question_is_a_question() -> None:
    for listed in (THERAPY_QUESTIONS, COACHING_QUESTIONS):
        assert all(question.endswith("?") for question in listed.questions)


def test_guides_have_distinct_addresses_titles_and_files() -> None:
    for field in ("slug", "title", "file_name"):
        values = [getattr(guide, field) for guide in GUIDES]
        assert len(set(values)) == len(values), field
