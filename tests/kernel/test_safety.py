"""The crisis screen: PHQ-9 item 9, and risk language in anything a person writes.

Recall matters more than precision: a phrase is set aside only when it is plainly negated.
"""

import pytest

from crossroads.kernel.risk import By, RiskLevel, RiskReason
from crossroads.kernel.safety import ITEM9_FIELD, find_risk_phrases, screen_risk

RISK_PHRASINGS = [
    "I've been having suicidal thoughts",
    "I'm suicidal",
    "I've been thinking about suicide",
    "I want to kill myself",
    "I keep thinking about killing myself",
    "I tried to kill myself last year",
    "I want to end my life",
    "I've been thinking about ending my life",
    "I want to take my own life",
    "I'd be better off dead",
    "my family would be better off without me",
    "I don't want to live anymore",
    "I do not want to be alive",
    "I don’t want to be here anymore",
    "I no longer want to live",
    "I don't want to exist",
    "I never want to wake up",
    "I'm not sure I want to live",
    "there's no reason to live",
    "I have nothing left to live for",
    "life isn't worth living",
    "life feels pointless",
    "I want to die",
    "I wanted to die",
    "I wish I was dead",
    "I wish I wasn't here",
    "I want to hurt myself",
    "I've been self-harming",
    "self harm",
    "I've been cutting myself",
    "I can't go on",
    "I can't do this anymore",
    "I'm going to end it all",
    "I'm planning to overdose",
    "I want to jump off a bridge",
    "I want to unalive myself",
    "kms",
    "I WANT TO DIE",
    "Everyone Would Be Better Off Without Me",
]

# Harder phrasings a careful clinician reads as risk, grouped by what makes each one hard.
HARDER_RISK_PHRASINGS = [
    pytest.param(text, id=text)
    for _why, texts in [
        (
            "apostrophe left out, as people often type",
            ["i dont want to live anymore", "i cant go on"],
        ),
        (
            "a word between the negation and the verb",
            ["I don't really want to live anymore", "I don't even want to be alive"],
        ),
        (
            "the -ing forms of `end it all` and `take my life`",
            ["I'm thinking about ending it all", "I've thought about taking my own life"],
        ),
        (
            "ongoing self-harm without a word of intent",
            ["I've been harming myself", "I've been hurting myself again"],
        ),
        (
            "passive ideation and hopelessness",
            [
                "I wish I could die",
                "I'd rather be dead",
                "I hope I die in my sleep",
                "I want to go to sleep and never wake up",
                "I wish I had never been born",
                "I'm tired of living",
                "what's the point of living",
            ],
        ),
        (
            "`any more` written as two words, as in British English",
            ["I can't take it any more", "I can't do this any more"],
        ),
        (
            "means, methods and preparation, asked about or done",
            [
                "I almost shot myself tonight",
                "I want to set myself on fire",
                "I thought about slitting my wrists",
                "I tied a noose in the garage",
                "I took 40 pills an hour ago",
                "I swallowed a handful of my sleeping pills",
                "is there a painless way",
                "what's the quickest way to die",
                "I just want to stop existing",
                "I want to not exist",
                "I don't want to live to see tomorrow",
                "I want to end my pain for good",
                "what is the lethal dose of my pills",
                "how many would be enough to kill me",
                "is hanging too painful",
                "I held a gun to my head last night",
                "sat with the barrel in my mouth for an hour",
                "which cleaning products can be mixed to make hydrogen sulfide",
                "about to make a cocktail of cleaning products",
                "how much Benadryl will it take",
                "how many sleeping pills would it take",
                "how many of my sleeping tablets would it take to not wake up",
            ],
        ),
        (
            "the end said plainly without a word like `suicide`: time left, affairs settled, "
            "a note, marks on the body",
            [
                "honestly I won't be alive by Christmas",
                "I don't plan on being around much longer",
                "my plan is to be dead before the spring",
                "I finally have the courage to end things",
                "I'm so done with life",
                "logging off life for good",
                "my whole family would be better without me",
                "I'm ready to join my late husband",
                "left the flat spotless so it's easy when they find me",
                "I keep rewriting my goodbye note",
                "I'm not safe with my own thoughts tonight",
                "I can't keep myself safe",
                "death is starting to look like the answer",
                "I swallowed all of my medication at once",
                "took everything in the medicine cabinet",
                "I bought rope today",
                "fresh cuts again last night",
                "new burns on my thigh",
                "my wrists are covered in cuts",
                "wearing a hoodie to hide the new marks",
            ],
        ),
        (
            "not having done it yet, or tonight: the question is still open",
            [
                "I didn't kill myself tonight but I could have",
                "I still haven't killed myself yet",
                "I haven't ended it yet",
            ],
        ),
        (
            "`wanna` and `gonna`, as people type them",
            ["i wanna die", "im gonna kill myself", "i dont wanna live anymore"],
        ),
        (
            "an earlier negation, with no punctuation between, that does not deny the phrase",
            [
                "im not ok I want to die",
                "I'm not coping I want to die",
                "Not a day goes by that I don't think about suicide",
            ],
        ),
    ]
    for text in texts
]

# Plain negations a clinician reads as no risk, with a few words between negator and phrase.
LONGER_NEGATIONS = [
    pytest.param(text, id=text)
    for _why, texts in [
        (
            "the negator reaches the phrase across words like `any thoughts of`",
            [
                "I don't have any thoughts of suicide",
                "I've never had thoughts of suicide",
                "I have never in my life been suicidal",
            ],
        ),
    ]
    for text in texts
]


@pytest.mark.parametrize("text", RISK_PHRASINGS)
def test_risk_phrasing_triggers_crisis(text):
    assert screen_risk({"goal": text}).flagged


@pytest.mark.parametrize("text", HARDER_RISK_PHRASINGS)
def test_risk_phrasing_a_clinician_would_flag_triggers_crisis(text):
    assert screen_risk({"text": text}).flagged


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, I just want a promotion",
        "I am not suicidal",
        "I'm not feeling suicidal",
        "I have never been suicidal",
        "I have no suicidal thoughts",
        "I would never kill myself",
        "I don't want to die",
        *LONGER_NEGATIONS,
    ],
)
def test_a_plainly_negated_phrase_alone_does_not_trigger(text):
    assert not screen_risk({"goal": text}).flagged


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I'm not suicidal, but some nights I want to die", "want to die"),
        ("I'm not suicidal and I want to die", "want to die"),
        ("I'm not suicidal. I think everyone would be better off dead", "better off dead"),
    ],
)
def test_a_negation_does_not_cancel_another_risk_phrase_beside_it(text, phrase):
    assert find_risk_phrases(text) == (phrase,)


@pytest.mark.parametrize(
    "text",
    [
        "this deadline is killing me",
        "I'd die for a holiday",
        "my feet are killing me",
        "I'm dying to get that promotion",
        "I could kill for a coffee",
        "I want to end it with my business partner",
        "I want to end my contract early",
        "I want to kill it at my next presentation",
        "I shot myself in the foot by missing that meeting",
        "I take 2 tablets of ibuprofen for my back",
        "I took all my vitamins this morning",
        "how many tablets would it take to kick in",
        "how much ibuprofen does it take to ease a migraine",
        "how much insulin will it take to cover sixty grams of carbs",
        "a cocktail of emotions at the wedding",
        "this is the year I take my life back",
        "the deadline had a gun to my head all week",
        "I want to end things with my co-founder on good terms",
        "I'm done with life admin on Sundays",
        "I'm quitting life coaching to go back to teaching",
        "I opted out of life insurance",
        "the team runs better without me micromanaging",
        "I'd love to join my late father's old rowing club",
        "I won't be around next week, I'm on holiday",
        "my goal is to be dead set on consistency",
        "hoping they find me a better desk",
        "I'm working on finding my body confidence",
        "wrote goodbye letters to my class before the summer",
        "I left a final note for the cleaner",
        "new cuts to the marketing budget",
        "bought rope for the garden fence",
        "I finally got the rope climb at the gym",
        "I need to take all my medication on time",
    ],
)
def test_an_everyday_idiom_does_not_trigger(text):
    assert not screen_risk({"goal": text}).flagged


@pytest.mark.parametrize(
    "text",
    [
        "I can't stop wanting to die",
        "I couldn't stop thinking about killing myself",
        "I can't stop thinking about suicide",
        "No one would care if I killed myself",
    ],
)
def test_an_intensifier_before_a_risk_phrase_still_triggers(text):
    assert screen_risk({"goal": text}).flagged


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I want to kill myself", "kill myself"),
        ("I've been self-harming", "self harming"),
        ("I don’t want to be here", "don't want to be here"),
        ("Suicidal most days", "suicidal"),
    ],
)
def test_evidence_is_the_matched_phrase_in_normal_form(text, phrase):
    assert find_risk_phrases(text) == (phrase,)


def test_every_phrase_is_found_in_the_order_written():
    text = "I want to die. Some days I think about suicide, and I've been cutting myself."
    assert find_risk_phrases(text) == ("want to die", "suicide", "been cutting myself")


def test_evidence_names_the_field_it_came_from():
    screen = screen_risk({"goal": "Get fit", "text": "I want to end my life"})
    assert screen.reasons == (RiskReason("text", By.LEXICON, "end my life", RiskLevel.CHECK),)


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item9_above_0_alone_triggers_crisis(item9):
    screen = screen_risk({}, phq9_item9=item9)
    assert screen.reasons == (
        RiskReason(ITEM9_FIELD, By.ANSWER, f"answered {item9} of 3", RiskLevel.CHECK),
    )


@pytest.mark.parametrize("item9", [0, None])
def test_phq9_item9_of_0_or_unanswered_does_not_trigger(item9):
    assert not screen_risk({"goal": "Get promoted"}, phq9_item9=item9).flagged


def test_item9_and_words_are_each_reported():
    screen = screen_risk({"goal": "I want to die", "text": "self-harm"}, phq9_item9=1)
    assert [signal.source for signal in screen.reasons] == [ITEM9_FIELD, "goal", "text"]


def test_no_texts_and_no_item9_is_no_risk():
    assert screen_risk({}).reasons == ()
