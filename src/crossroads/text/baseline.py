"""A keyword baseline for each task, so `crossroads evaluate` can show what the model adds.

Crisis is the assessment's phrase lexicon alone, read without its frame: any phrase flags, and
a phrase of the acute kind is acute, whoever it is about and whenever it happened. Need and
coping count word stems per label and take the label with the most hits; the word lists are
ours and deliberately plain.
"""

import re

from crossroads.kernel.risk import RiskLevel
from crossroads.kernel.safety import Kind, normalise, read_phrases
from crossroads.text.classifier import CRISIS, SAFE, Task

_NEED_STEMS = {
    "therapy": (
        "depress|anxi|panic|trauma|abuse|grief|griev|cry|crying|sad|hopeless|worthless|lonely|"
        "numb|scared|afraid|fear|hurt|pain|ashamed|shame|guilt|nightmare|flashback|addict|"
        "drink|alcohol|angry|anger|rage|divorce|cheat|betray|insecure|self esteem|mental|"
        "therapist|counsel"
    ),
    "coaching": (
        "goal|plan|career|job|promotion|business|habit|learn|save|saving|budget|money|fitness|"
        "gym|weight|run|read|study|productiv|organi|resolution|skill|lead|team|start|improve|"
        "better|more|less|stop|quit"
    ),
}
_COPING_STEMS = {
    "adaptive": (
        "walk|run|yoga|breath|meditat|journal|wrote|write|talk|called|friend|therapist|rest|"
        "sleep|nap|bath|stretch|paint|music|plan|list"
    ),
    "avoidance": (
        "avoid|ignor|scroll|binge watch|netflix|game|gaming|procrastinat|put off|stayed in bed|"
        "hid|hide|cancel|didn't open|pretend|distract"
    ),
    "substance": (
        "drink|drank|wine|beer|vodka|alcohol|smok|vape|weed|joint|pill|high|drunk|ate|eat|"
        "binge|snack|sugar|chocolate|takeaway"
    ),
    "overwork": (
        "work|worked|email|inbox|deadline|perfect|redid|redo|overtime|late|office|productive|"
        "clean|organis|organiz"
    ),
    "people_pleasing": (
        "yes|sorry|apologi|agreed|please|everyone else|kept the peace|keep the peace|didn't say|"
        "went along|favour|favor|cover for|their"
    ),
}


def _compiled(stems: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {label: re.compile(rf"\b(?:{pattern})") for label, pattern in stems.items()}


_NEED = _compiled(_NEED_STEMS)
_COPING = _compiled(_COPING_STEMS)


def _hits(patterns: dict[str, re.Pattern[str]], text: str) -> dict[str, int]:
    clean = normalise(text)
    return {label: len(pattern.findall(clean)) for label, pattern in patterns.items()}


def keyword_level(text: str) -> RiskLevel:
    """The baseline's risk level: `acute` for any acute phrase, `check` for any other."""
    kinds = {hit.kind for hit in read_phrases(text)}
    if Kind.ACUTE in kinds:
        return RiskLevel.ACUTE
    return RiskLevel.CHECK if kinds else RiskLevel.NONE


def keyword_label(task: Task, text: str) -> str:
    """The baseline's label. Need answers `both` when both word lists hit and `coaching` when
    neither does; coping answers `adaptive` when nothing hits."""
    if task is Task.CRISIS:
        return CRISIS if keyword_level(text).flagged else SAFE
    if task is Task.NEED:
        hits = _hits(_NEED, text)
        if hits["therapy"] and hits["coaching"]:
            return "both"
        return "therapy" if hits["therapy"] else "coaching"
    hits = _hits(_COPING, text)
    best = max(hits, key=lambda label: hits[label])
    return best if hits[best] else "adaptive"
