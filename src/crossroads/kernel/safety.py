"""Screen answers and writing for risk, reading each phrase in its frame.

A phrase from risk_phrases.py counts only as far as its frame allows:
- who: said of oneself. Other people's risk (a friend, a patient, "she wanted to die") and
  talk about the subject (an essay, a nurse's shift, a prevention week) raise nothing;
- when: now, or a past that is not plainly resolved. A past attempt with nothing said to close
  it is worth asking about (`check`, never more); "years ago ..., now I help ..." raises
  nothing, unless the text also says it is back ("again", "lately");
- polarity: plainly denied ("I'm not suicidal"), imagined ("what if", a film's plot) or said by
  someone else in quotes raises nothing.
Within the frame, an ACUTE phrase is `acute`; an ASK or TOPIC phrase is `check`, or `acute`
with an intent word just before it or a time named in its sentence ("after my shift").

Recall still comes first: a fragment that names nobody is read as the writer's own, and the
text model runs beside the list, never instead of it. Pure logic.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from crossroads.kernel.asq import NAME as ASQ_NAME
from crossroads.kernel.asq import AsqAnswers, score_asq
from crossroads.kernel.risk import By, RiskLevel, RiskReason, RiskScreen
from crossroads.kernel.risk_phrases import ACUTE, ASK, SELF_PREDICATE, TOPIC

ITEM9_FIELD = "phq9 item 9"

# Words that plainly negate a following phrase. "can't" and "couldn't" are left out on purpose:
# they usually intensify ("I can't stop wanting to die").
NEGATORS = frozenset(
    {"not", "never", "no", "don't", "doesn't", "didn't", "won't", "wouldn't", "isn't"}
    | {"aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't"}
)
# A negator reaches a phrase only across these words ("I'm not at all suicidal", "I have never
# had thoughts of suicide"); any other word ends its reach ("I'm not ok I want to die").
BRIDGE_WORDS = frozenset(
    {"i", "i'm", "i've", "i'd", "am", "was", "be", "been", "being", "feel", "feeling", "felt"}
    | {"really", "actually", "at", "all", "even", "ever", "currently", "now", "seriously"}
    | {"going", "to", "think", "thinking", "thought", "considering", "have", "had"}
    | {"has", "any", "thoughts", "of", "about", "in", "my", "life", "the", "slightest"}
    | {"would", "will", "a", "way", "plans", "plan", "intention", "desire", "wish", "want"}
)
NEGATION_REACH = 6  # bridge words a negator can reach across
INTENT_REACH = 4  # words before an ASK phrase in which an intent word makes it acute

FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"})
OTHER_PEOPLE = frozenset(
    {"he", "she", "they", "his", "her", "their", "them", "him", "he's", "she's", "they're"}
    | {"friend", "friend's", "friends", "brother", "brother's", "sister", "sister's", "mom"}
    | {"mum", "dad", "mom's", "mum's", "dad's", "son", "son's", "daughter", "daughter's"}
    | {"patient", "patients", "client", "clients", "student", "students", "kid", "kids"}
    | {"child", "children", "teen", "teens", "teenagers", "people", "someone", "somebody"}
    | {"husband", "wife", "partner", "boyfriend", "girlfriend", "cousin", "uncle", "aunt"}
    | {"colleague", "coworker", "classmate", "roommate", "neighbour", "neighbor", "grandma"}
    | {"grandpa", "parents", "mother", "father", "veterans", "soldiers", "users"}
)
# Words that make a sentence talk about the subject rather than the writer's own risk.
TOPICAL = re.compile(
    r"\b(?:prevention|awareness|rates?|statistics|research\w*|essay|article|paper|lecture|"
    r"class|course|training|documentary|podcast|hotline|campaign|module|assembly|news|report|"
    r"nurse|doctor|paramedic|pharmacist|counsel+or|therapist|teacher|volunteer|shift|ward|"
    r"squad|doors?|sprints?|runs?|watch|survivors? of|bereaved|risk factors?|warning signs?)\b"
)
PAST = re.compile(
    r"\b(?:(?:\d+|a few|a couple of|couple of|two|three|four|five|six|seven|eight|nine|ten|many|"
    r"several|some) (?:years?|yrs|decades?) ago|used to|when i was (?:younger|little|a kid|a teen|"
    r"a teenager|a child|in (?:high school|middle school|college|uni|school|my teens|my "
    r"twenties))|as a (?:teen|teenager|kid|child)|in my (?:teens|twenties)|back in (?:19|20)\d\d|"
    r"years back|a long time ago|long ago|last (?:year|summer|winter|spring|autumn|fall)|"
    r"in (?:19|20)\d\d)\b"
)
RESOLVED = re.compile(
    r"\b(?:now i (?:help|run|work|volunteer|mentor|speak|support|lead|train)|recovered|"
    r"in recovery|(?:years?|months?) (?:clean|free|sober)|clean for|free of it|haven't since|"
    r"haven't in years|(?:i'm|i am) (?:ok|okay|fine|doing (?:well|better|great|good)|better|good|"
    r"in a (?:good|better) place|safe|happy) now|got help|survivor|support group|"
    r"glad i'm (?:still )?(?:here|alive)|glad i (?:survived|didn't))\b"
)
# Words that say the past is back: a resolved-sounding text with one of them is not resolved.
RETURNED = re.compile(
    r"\b(?:again|back|came back|returned|relapsed?|lately|recently|these days|this week|"
    r"tonight|anymore)\b"
)
IMAGINED = re.compile(
    r"\b(?:what if|imagine|suppose|in the (?:book|film|movie|show|song|novel|story|game|episode|"
    r"play|series)|the character|lyrics?|(?:he|she|they) (?:said|says|sang|sings|wrote|writes|"
    r"told me|texted))\b"
)
INTENT = re.compile(
    r"\b(?:going to|will|i'll|plan to|planning to|decided to|ready to|about to)(?: \w+)?$"
)
TIMING = re.compile(
    r"\b(?:tonight|tomorrow|this (?:weekend|evening|friday|saturday|sunday|monday|tuesday|"
    r"wednesday|thursday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"after (?:my|the|this) (?:shift|exams?|funeral|party|wedding|holidays?|work)|when (?:everyone|"
    r"they|the kids|my \w+) (?:is|are|goes|go|leaves?|gets?) (?:asleep|out|gone|away|to sleep|to "
    r"bed|to work|home)|in (?:an|one|a few|two|\d+) (?:hours?|minutes?)|right now)\b"
)


# An ASK phrase that names an act, not a state: a time named beside it makes it a plan.
ACT = re.compile(
    r"\b(?:kill|killing|hang|hanging|drown|shoot|shooting|end|ending|take|taking|jump|jumping|"
    r"step|stepping|set|setting|slit|slash|kms|come back|cut|cutting|burn|burning|hurt|hurting)\b"
)


class Kind(StrEnum):
    ACUTE = "acute"
    ASK = "ask"
    TOPIC = "topic"


def _compiled(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


_PATTERNS = {
    Kind.ACUTE: _compiled(ACUTE),
    Kind.ASK: _compiled(ASK),
    Kind.TOPIC: _compiled(TOPIC),
}
_SELF_PREDICATE = _compiled(SELF_PREDICATE)
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]|\bbut\b|\bthough\b|\byet\b|\bexcept\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_WORD = re.compile(r"[a-z']+")
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")
_CONTRACTIONS = {
    "dont": "don't",
    "cant": "can't",
    "im": "i'm",
    "ive": "i've",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "wouldnt": "wouldn't",
    "havent": "haven't",
    "whats": "what's",
    "wanna": "want to",
    "gonna": "going to",
}
_BARE_CONTRACTION = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b")


@dataclass(frozen=True)
class PhraseHit:
    """A phrase from the list, its kind, where it starts and ends in the normalised text, and
    the level its frame gives it (`none` when the frame sets it aside)."""

    phrase: str
    start: int
    end: int
    level: RiskLevel
    kind: Kind


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, contractions typed without them restored ("wanna" as
    "want to"), hyphens and dashes as spaces, "any more" as "anymore", single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[-\u2010-\u2015]", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = _BARE_CONTRACTION.sub(lambda match: _CONTRACTIONS[match.group(0)], text)
    return text.replace("any more", "anymore")


def read_phrases(text: str) -> tuple[PhraseHit, ...]:
    """Every phrase from the list in `text`, in the order written, each with its frame's level.
    Where phrases overlap, the longest from the strongest kind is kept."""
    clean = normalise(text)
    resolved = RESOLVED.search(clean) is not None and RETURNED.search(clean) is None
    hits: list[PhraseHit] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(clean):
            if any(h.start <= match.start() < h.end for h in hits):
                continue
            level = _level(clean, match.start(), match.end(), kind, resolved)
            hits.append(PhraseHit(match.group(0), match.start(), match.end(), level, kind))
    return tuple(sorted(hits, key=lambda hit: hit.start))


def find_risk_phrases(text: str) -> tuple[str, ...]:
    """The phrases whose frame raises `check` or more, in the order written."""
    return tuple(hit.phrase for hit in read_phrases(text) if hit.level.flagged)


def set_aside_unframed(text: str) -> str:
    """`text` normalised, with every phrase its frame sets aside (denied, someone else's,
    resolved, imagined) taken out, so that the text model after the list does not take "I'm
    not suicidal" or "my friend's overdose" for the writer's risk. Unchanged when none is."""
    hits = [hit for hit in read_phrases(text) if not hit.level.flagged]
    if not hits:
        return text
    clean, kept, start = normalise(text), [], 0
    for hit in hits:
        kept.append(clean[start : hit.start])
        start = hit.end
    kept.append(clean[start:])
    return "".join(kept)


def _level(clean: str, start: int, end: int, kind: Kind, resolved: bool) -> RiskLevel:
    sentence_start, sentence = _sentence_around(clean, start)
    before = clean[sentence_start:start]
    if _is_negated(before) or _imagined(before) or _quoted_from_someone_else(clean, start):
        return RiskLevel.NONE
    if kind is Kind.TOPIC and not _said_of_oneself(clean, start, end, sentence_start, sentence):
        return RiskLevel.NONE
    phrase = clean[start:end]
    if (
        kind is not Kind.TOPIC
        and not _names_the_writer(phrase)
        and _nearest_person(before) == ("other")
    ):
        return RiskLevel.NONE
    if PAST.search(sentence):
        return RiskLevel.NONE if resolved else RiskLevel.CHECK
    if kind is Kind.ACUTE:
        return RiskLevel.ACUTE
    if INTENT.search(" ".join(_WORD.findall(before)[-INTENT_REACH:])):
        return RiskLevel.ACUTE
    if ACT.search(phrase) and TIMING.search(sentence.replace(phrase, " ")):
        return RiskLevel.ACUTE
    return RiskLevel.CHECK


def _sentence_around(clean: str, position: int) -> tuple[int, str]:
    for match in _SENTENCE.finditer(clean):
        if match.start() <= position < match.end():
            return match.start(), match.group(0)
    return 0, clean


def _said_of_oneself(clean: str, start: int, end: int, sentence_start: int, sentence: str) -> bool:
    """A TOPIC word counts when the writer says it of themselves ("I've been suicidal"), or in
    a sentence that names nobody else and is not about the subject in general."""
    before = clean[sentence_start:start]
    for predicate in _SELF_PREDICATE.finditer(clean):
        if predicate.start() < end and start < predicate.end():
            if _names_the_writer(predicate.group(0)):
                return True
            return _nearest_person(clean[sentence_start : predicate.start()]) != "other"
    if TOPICAL.search(sentence):
        return False
    return (_nearest_person(before) or _nearest_person(sentence[start - sentence_start :])) != (
        "other"
    )


def _names_the_writer(phrase: str) -> bool:
    """A phrase that says "me", "my" or "myself" is the writer's own, whoever else the
    sentence names ("my kids would be better off without me")."""
    return any(word in FIRST_PERSON for word in _WORD.findall(phrase))


def _nearest_person(text: str) -> str | None:
    """Whose words these are by the last person word in `text`: "self", "other" or None."""
    for word in reversed(_WORD.findall(text)):
        if word in FIRST_PERSON:
            return "self"
        if word in OTHER_PEOPLE:
            return "other"
    return None


def _imagined(before: str) -> bool:
    return IMAGINED.search(_CLAUSE_BREAK.split(before)[-1]) is not None


def _quoted_from_someone_else(clean: str, position: int) -> bool:
    """Inside quotation marks that follow someone else's words ("my patient said ...")."""
    for quote in _QUOTED.finditer(clean):
        if quote.start() < position < quote.end():
            return _nearest_person(clean[max(0, quote.start() - 40) : quote.start()]) == "other"
    return False


def _is_negated(before: str) -> bool:
    """True when one negator, and only one, reaches the phrase across bridge words.

    Two negators in the clause read as a double negative ("not a day goes by that I don't
    think about it"), which is not a denial.
    """
    words = _WORD.findall(_CLAUSE_BREAK.split(before)[-1])
    negators = [position for position, word in enumerate(words) if word in NEGATORS]
    if len(negators) != 1:
        return False
    between = words[negators[0] + 1 :]
    return len(between) <= NEGATION_REACH and all(word in BRIDGE_WORDS for word in between)


def screen_writing_in_frame(texts: Mapping[str, str]) -> RiskScreen:
    """The phrase list's reasons for every field ("goal", "text") that raises anything."""
    return RiskScreen(
        tuple(
            RiskReason(source, By.LEXICON, hit.phrase, hit.level)
            for source, text in texts.items()
            for hit in read_phrases(text)
            if hit.level.flagged
        )
    )


def screen_answers(phq9_item9: int | None, asq: AsqAnswers | None) -> RiskScreen:
    """PHQ-9 item 9 above 0 asks (`check`); the ASQ's result gives its own level."""
    reasons = []
    if phq9_item9 is not None and phq9_item9 > 0:
        reasons.append(
            RiskReason(ITEM9_FIELD, By.ANSWER, f"answered {phq9_item9} of 3", RiskLevel.CHECK)
        )
    if asq is not None:
        result = score_asq(asq)
        if result.level.flagged:
            reasons.append(RiskReason(ASQ_NAME, By.ANSWER, str(result), result.level))
    return RiskScreen(tuple(reasons))


def screen_risk(
    texts: Mapping[str, str],
    *,
    phq9_item9: int | None = None,
    asq: AsqAnswers | None = None,
    model: Sequence[RiskReason] = (),
) -> RiskScreen:
    """Every reason from the answers, the phrase list and the text model's flags (`check`
    each). The level is the highest: no source can lower another's."""
    return (
        screen_answers(phq9_item9, asq)
        .merged(screen_writing_in_frame(texts))
        .merged(RiskScreen(tuple(model)))
    )
