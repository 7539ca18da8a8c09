"""Screen for crisis risk: PHQ-9 item 9 above 0, or risk language in anything a person writes.

Recall matters more than precision here, so the lexicon is broad and a phrase is only set aside
when it is plainly negated ("I'm not suicidal"). A later text model runs beside this lexicon,
never instead of it: the decision is always the union of both.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Each pattern is matched on whole words of normalised text (lower case, straight apostrophes,
# hyphens as spaces). Some carry their own negation ("don't want to live"); only words *before*
# a match can cancel it.
RISK_PATTERNS: tuple[str, ...] = (
    r"suicid(?:e|al|ality)",
    r"kms",
    r"unalive(?: myself)?",
    r"(?:kill|killing|killed|hang|hanging|drown|drowning) myself",
    r"harm(?:ing|ed)? myself",
    r"(?:want|wanted|wanting|going|urges?|tempted|thinking about|thoughts of|think about|plan|"
    r"planning) (?:to )?(?:hurt|hurting|cut|cutting|burn|burning) myself",
    r"(?:been|keep|keeps|kept|started|stop|stopped) (?:hurting|cutting|burning) myself",
    r"(?:hurt|cut|burn)(?:ing)? myself (?:on purpose|again)",
    r"cutting myself",
    r"self harm(?:ing)?",
    r"end(?:ing)? (?:my|it) (?:own )?life",
    r"tak(?:e|ing) my (?:own )?life(?! back)",
    r"end(?:ing)? it all",
    r"(?:want|wanted|going|plan|planning|ready|decided) to end it\b(?! with)",
    r"(?:want|wanted|wanting|wish|wished|wishing) (?:i was|i were|to be|i could be) dead",
    r"(?:want|wanted|wanting|wish|wished|wishing|ready|going|plan|planning) to die",
    r"better off dead",
    r"better off without me",
    r"(?:don't|do not|didn't|no longer) (?:really |even |actually )?want to "
    r"(?:live|be alive|be here|exist|wake up)",
    r"(?:never|not) want to wake up",
    r"not (?:sure|certain) (?:i|that i) want to (?:live|be alive|be here|go on)",
    r"wish i (?:wasn't|was not|weren't|were not|was never|hadn't been|had never been|had not "
    r"been) (?:here|born|alive)",
    r"wish i (?:could|would|would just) die",
    r"(?:i'd|i would) rather be dead",
    r"hope i (?:die|don't wake up|never wake up)",
    r"(?:sleep|go to sleep) and never wake up",
    r"tired of (?:living|being alive|life)",
    r"(?:what's|what is) the point (?:of|in) (?:living|going on|life|being alive)",
    r"nothing (?:left )?to live for",
    r"no (?:reason|point) (?:to live|in living|to go on|in going on|living)",
    r"(?:life is|life feels|life's) (?:worthless|pointless|not worth living)",
    r"life isn't worth living",
    r"not worth living",
    r"can't (?:go on|keep going|do this anymore|take it anymore|live like this)",
    r"(?:disappear|sleep) forever",
    r"overdos(?:e|ed|ing)",
    r"say(?:ing)? goodbye (?:to everyone|for good|forever)",
    r"jump(?:ing)? off (?:a |the )?(?:bridge|building|roof|cliff)",
    r"(?:jump|step)(?:ping|ing)? in front of (?:a |the )?(?:train|bus|car|truck)",
    # Means, methods and preparation: how a clinician asks about a plan.
    r"(?:kill|killing|killed|hang|hanging|hanged) (?:my self|themselves|themself|them self)",
    r"(?:shoot|shot|shooting) myself(?! in the (?:foot|feet))",
    r"(?:set|setting) myself on fire",
    r"(?:slit|slitting|slash|slashing) my (?:wrists?|throat)",
    r"(?:tie|tied|tying|made|making|bought) (?:a |the )?noose",
    r"(?:took|take|taking|swallowed|swallow|swallowing) (?:all|a bottle|a handful|the whole "
    r"bottle|\d{2,}) (?:of )?(?:my |the |those |these )?(?:pills|tablets|meds|sleeping pills)",
    r"painless (?:way|method|death)",
    r"(?:quickest|easiest|fastest|surest) way to (?:die|end it)",
    r"(?:stop|stopped) existing",
    r"want(?:ed)? to not (?:exist|be alive|be here|wake up)",
    r"(?:won't|don't want to|hate to) (?:live|be alive|make it) to see (?:tomorrow|the morning|"
    r"the sun ?rise|another day)",
    r"end(?:ing)? (?:my|this|the) (?:pain|suffering) (?:for good|forever|permanently)",
    r"lethal (?:dose|amount)",
    r"enough to kill me",
    r"hanging (?:too |really |very )?painful",
    r"(?:held|holding|pressed|pressing) (?:a|the|my) (?:gun|pistol) (?:to|against) my "
    r"(?:head|temple)",
    r"(?:gun|pistol|barrel) in my mouth",
    r"hydrogen sulfide",
    r"cocktail of (?:cleaning products|cleaning|chemicals|bleach|pills|meds|drugs)",
    r"how (?:much|many) (?:\w+ ){0,3}(?:pills|tablets|meds|tylenol|paracetamol|acetaminophen|"
    r"benadryl|diphenhydramine|ibuprofen|aspirin|xanax) (?:will|would|does|do) it take"
    r"(?! to (?:work|kick in|wear off|feel|help|ease|relieve|treat|cure|clear|get|stop))",
    # Plain statements that end is near, without a word like "suicide": what is left undone,
    # who is provided for, what the body shows.
    r"(?:won't|will not|not going to|don't think i'll|not sure i'll|doubt i'll|don't plan on|"
    r"not planning on|not) (?:be |being )?(?:alive (?:by|to see|next)|(?:alive|around) "
    r"(?:much|for much) longer|around to (?:finish|read))",
    r"(?:plan|planning|intend|intending|goal) (?:is )?to be dead"
    r"(?! (?:set|serious|tired|on|beat|last|wrong|right|centre|center|even|heat)\b)",
    r"(?:want|wanted|going|plan|planning|ready|decided|courage|nerve|way) to end "
    r"(?:things|everything)(?! (?:with|between|off|on a|at work)\b)",
    r"(?:courage|nerve) to end it(?! with\b)",
    r"(?:done|finished) with (?:life|being alive)"
    r"(?! (?:admin|insurance|coach|coaching|lessons?)\b)",
    r"(?:unsubscrib\w*|uninstall\w*|log\w* (?:out|off)|checking out|check out|opt\w* out|quit\w*) "
    r"(?:of |from )?life(?! (?:insurance|coach|coaching|admin|hacks?|goals?|lessons?|skills?)\b)",
    r"(?:everyone|everybody|world|family|kids|children|they|friends|parents|people)(?: \w+){0,3} "
    r"(?:better|happier|lighter|easier) without me(?! (?:at|on|for|this|next|today|tomorrow)\b)",
    r"(?:going to|want to|ready to|time to|soon|will|i'll) join (?:my )?(?:late|dead|deceased) "
    r"(?:mum|mom|mother|dad|father|brother|sister|husband|wife|son|daughter|partner|friend|"
    r"grandma|grandmother|grandad|granddad|grandfather|nan|nana|gran)(?!')",
    r"(?:when|once|before|after) (?:they|someone|somebody|people) finds? me(?! \w)",
    r"finds? my (?:body|corpse)(?! \w)",
    r"goodbye (?:note|letter)s?(?! to (?:the|my (?:class|team|students|pupils|colleagues|coworkers|"
    r"staff|office))\b)",
    r"(?:drafting|drafted|wrote|written|writing|left|leaving) (?:my|a) (?:final|last) "
    r"(?:message|note)s?(?! (?:of|for|to|before|from|on|about)\b)",
    r"not safe (?:with|around|from|alone with) (?:myself|my (?:own )?thoughts)",
    r"(?:can't|cannot|can not) keep myself safe",
    r"death (?:(?:keeps|is starting to|starts to|has started to) )?(?:is|would be|seems?|feels?|"
    r"looks?|looking|sounds?)(?: like)? (?:a |an |the )?"
    r"(?:relief|release|escape|answer|only way out)",
    r"(?:took|swallowed|taken) (?:all|all of|the whole of|the rest of) (?:my |the |her |his )?"
    r"(?:prescription|medication|medicine|pills|tablets|meds) (?:at once|in one go|at the same "
    r"time|all together)",
    r"(?:took|swallowed) everything in the (?:medicine )?(?:cabinet|cupboard)",
    r"(?:bought|buying|got|found) (?:a |the |some )?rope"
    r"(?! (?:climb|swing|access|course|ladder|lights?|skills?|for)\b)",
    r"(?:fresh|new) cuts(?! (?:to|in|of|for|at|from)\b)",
    r"(?:fresh|new) (?:cuts|marks|scars|burns) (?:on|under|across|up|along) (?:my|both)",
    r"(?:arms?|wrists?|thighs?|legs?) (?:are|is) covered in (?:fresh |new )?(?:cuts|scars|marks)",
    r"(?:hid|hide|hides|hiding|covering|cover|covered) (?:up )?(?:the |my )?"
    r"(?:(?:new|fresh) (?:cuts|marks|scars|burns)|cuts)",
    r"(?:cuts|marks|scars|burns) are fresh",
    # Not having done it "yet" or "tonight" says the question is still open.
    r"(?:didn't|did not|haven't|have not) (?:(?:kill|killed) myself|(?:end|ended) (?:it|my life)) "
    r"(?:yet|today|tonight|this time)",
)

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
ITEM9_FIELD = "phq9 item 9"

_RISK = re.compile(r"\b(?:" + "|".join(RISK_PATTERNS) + r")\b")
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]|\bbut\b|\bthough\b|\byet\b|\bexcept\b")
_WORD = re.compile(r"[a-z']+")
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
class RiskSignal:
    """One reason to show crisis resources: where it was found and what was found."""

    source: str
    evidence: str


@dataclass(frozen=True)
class CrisisScreen:
    signals: tuple[RiskSignal, ...]

    @property
    def at_risk(self) -> bool:
        return bool(self.signals)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, contractions typed without them restored ("wanna" as
    "want to"), hyphens and dashes as spaces, "any more" as "anymore", single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[-\u2010-\u2015]", " ", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = _BARE_CONTRACTION.sub(lambda match: _CONTRACTIONS[match.group(0)], text)
    return text.replace("any more", "anymore")


def find_risk_phrases(text: str) -> tuple[str, ...]:
    """Every risk phrase in `text` that is not plainly negated, in the order written."""
    clean = normalise(text)
    found = []
    for match in _RISK.finditer(clean):
        if not _is_negated(clean[: match.start()]):
            found.append(match.group(0))
    return tuple(found)


def set_aside_negated(text: str) -> str:
    """`text` normalised, with every plainly negated risk phrase taken out, so that a reader
    after the lexicon (the crisis text model) does not take "I'm not suicidal" for risk."""
    clean = normalise(text)
    kept, start = [], 0
    for match in _RISK.finditer(clean):
        if _is_negated(clean[: match.start()]):
            kept.append(clean[start : match.start()])
            start = match.end()
    if not kept:
        return text
    kept.append(clean[start:])
    return "".join(kept)


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


def screen_for_crisis(
    texts: Mapping[str, str],
    phq9_item9: int | None = None,
    model_signals: Sequence[RiskSignal] = (),
) -> CrisisScreen:
    """Collect every risk signal: item 9 of the PHQ-9 above 0, risk phrases in any text, and
    the sentences the text model flagged. The union: no source can cancel another's signal.

    `texts` maps where a text came from ("goal", "text") to what the person wrote.
    """
    signals = []
    if phq9_item9 is not None and phq9_item9 > 0:
        signals.append(RiskSignal(ITEM9_FIELD, f"answered {phq9_item9} of 3"))
    for source, text in texts.items():
        signals.extend(RiskSignal(source, phrase) for phrase in find_risk_phrases(text))
    signals.extend(model_signals)
    return CrisisScreen(tuple(signals))
