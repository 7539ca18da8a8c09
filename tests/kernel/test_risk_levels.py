"""The levels a screen gives: acute only for a first-person, current plan, means, preparation
or timing; check for a signal worth asking about; nothing for other people's risk, talk about
the subject, idioms, denials and a plainly resolved past."""

import pytest

from crossroads.kernel.asq import AsqAnswers, AsqResult, parse_asq, score_asq
from crossroads.kernel.errors import InvalidAnswer
from crossroads.kernel.risk import RiskLevel
from crossroads.kernel.safety import read_phrases, screen_risk


def level_of(text: str) -> RiskLevel:
    return screen_risk({"text": text}).level


@pytest.mark.parametrize(
    "text",
    [
        "the pills are in my drawer",
        "tonight's the night, gave the cat away",
        "drive up to the lookout after my shift and not come back down",
        "I know exactly what I'd use and where",
        "I'm going to kill myself tonight",
        "I wrote my goodbye note and left it on the desk",
        "I have been saving up my sleeping pills",
        "I can't keep myself safe",
        "I'm going to look up suicide methods tonight",
    ],
)
def test_a_first_person_current_plan_means_or_timing_is_acute(text: str) -> None:
    assert level_of(text) is RiskLevel.ACUTE


@pytest.mark.parametrize(
    "text",
    [
        "I started cutting my thighs most nights again, is that normal for a psych student?",
        "some days I wish I was dead",
        "I'm suicidal and I don't know who to tell",
        "I tried to kill myself last year",
        "Years ago I was cutting myself. I'm doing better now, but lately the urge is back.",
        "I attempted two years ago. Now I feel exactly the same way.",
        "suicidal again tonight",
        "my kids would be better off without me",
        "Sitting in class, been thinking about suicide all morning.",
        "I'm a nurse and I've attempted suicide twice.",
        "As a student I've been self harming since exams started.",
        "My friends keep inviting me out but honestly I want to die",
        "overdose",
        "I keep researching suicide methods.",
        "I looked up lethal doses of my meds last night",
        # Said by a student, it is still asked about once: a "no" keeps everything else.
        "For my essay I'm researching suicide methods",
        "I will look up lethal doses for my pharmacology exam",
    ],
)
def test_a_mention_outside_the_acute_frame_asks(text: str) -> None:
    assert level_of(text) is RiskLevel.CHECK


@pytest.mark.parametrize(
    "text",
    [
        "Not sure what I need.",
        "I keep sabotaging myself and I do not know why",
        "I feel like I'm fighting myself all the time",
        "I bury myself in work so I don't have to feel anything",
        "As a nurse I see overdoses every shift and it wears me down.",
        "My essay is on suicide prevention in secondary schools.",
        "After the school assembly on suicide, my son asked me what it meant.",
        "Two years ago I attempted; now I run a support group",
        "coffee is the only thing keeping me alive",
        "I want to end my procrastination for good",
        "I'm not suicidal, just exhausted",
        "My friend is suicidal and I don't know how to help her",
        "my brother died by suicide last year",
        "I used to self harm when I was a teen but I'm doing better now",
        "what if I just wanted to die, like the character in the film",
        "I'd rather be dead than sing karaoke",
        "My sister keeps researching suicide methods and I'm scared for her",
        "The study researched suicide methods in rural areas",
    ],
)
def test_distress_other_people_talk_idioms_denials_and_resolved_past_raise_nothing(
    text: str,
) -> None:
    assert level_of(text) is RiskLevel.NONE


def test_a_set_aside_phrase_is_still_read_but_raises_nothing() -> None:
    (hit,) = read_phrases("My friend is suicidal")
    assert (hit.phrase, hit.level) == ("suicidal", RiskLevel.NONE)


def test_phq9_item9_asks_and_the_highest_source_wins() -> None:
    assert screen_risk({}, phq9_item9=2).level is RiskLevel.CHECK
    screen = screen_risk({"text": "I bought a rope"}, phq9_item9=1)
    assert screen.level is RiskLevel.ACUTE


NO = {
    "wished_dead": False,
    "family_better_off": False,
    "thoughts_of_killing_self": False,
    "tried_before": False,
}


@pytest.mark.parametrize(
    ("answers", "result", "level"),
    [
        (NO, AsqResult.NEGATIVE, RiskLevel.NONE),
        ({**NO, "thoughts_right_now": False}, AsqResult.NEGATIVE, RiskLevel.NONE),
        (
            {**NO, "tried_before": True, "thoughts_right_now": False},
            AsqResult.NON_ACUTE_POSITIVE,
            RiskLevel.URGENT,
        ),
        (
            {**NO, "wished_dead": True, "thoughts_right_now": True},
            AsqResult.ACUTE_POSITIVE,
            RiskLevel.ACUTE,
        ),
        ({**NO, "thoughts_right_now": True}, AsqResult.ACUTE_POSITIVE, RiskLevel.ACUTE),
    ],
)
def test_the_asq_is_scored_by_its_published_rule(
    answers: dict[str, bool], result: AsqResult, level: RiskLevel
) -> None:
    parsed = parse_asq(answers)
    assert parsed is not None
    assert score_asq(parsed) is result
    assert screen_risk({}, asq=parsed).level is level


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({**NO, "wished_dead": True}, "asq.thoughts_right_now"),
        ({**NO, "tried_before": "yes"}, "asq.tried_before"),
        ({k: v for k, v in NO.items() if k != "wished_dead"}, "asq.wished_dead"),
        ({**NO, "how": "pills"}, "asq.how"),
        ([], "asq"),
    ],
)
def test_bad_asq_answers_name_the_field(raw: object, field: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_asq(raw)
    assert refused.value.field == field


def test_answers_round_trip() -> None:
    answers = AsqAnswers(False, True, False, False, False)
    assert parse_asq(answers.as_dict()) == answers
