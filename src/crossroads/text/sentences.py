"""Split what a person wrote into sentences, so each can be scored and quoted as evidence.

A sentence ends at . ! or ? followed by a space, or at a line break. Run-on writing with no
punctuation is cut into windows of at most MAX_WORDS words, which also keeps every piece
inside the embedding model's token limit.
"""

import re

MAX_WORDS = 60

_BOUNDARY = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')\]])\s+|\s*\n\s*")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text` in order, trimmed; an empty list for blank text."""
    sentences = []
    for piece in _BOUNDARY.split(text):
        words = piece.split()
        for start in range(0, len(words), MAX_WORDS):
            sentences.append(" ".join(words[start : start + MAX_WORDS]))
    return [sentence for sentence in sentences if sentence]
