"""Word features beside the embeddings: which word unigrams and bigrams a text holds, hashed
into BUCKETS buckets (CRC-32, so the same text gives the same buckets on every machine).

The embeddings carry meaning; these carry the exact words ("wine", "inbox", "said yes") that
tell coping kinds apart and that a mean of sentence vectors blurs. A text's word vector is
binary and scaled to unit length, so a long text does not outweigh a short one.
"""

import itertools
import re
import zlib

import numpy as np
import numpy.typing as npt

from crossroads.kernel.safety import normalise

BUCKETS = 1 << 15

Buckets = npt.NDArray[np.int64]

_WORD = re.compile(r"[a-z0-9']+")


def word_buckets(text: str) -> Buckets:
    """The sorted, distinct buckets of the text's words and word pairs."""
    words = _WORD.findall(normalise(text))
    grams = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
    return np.unique(
        np.array([zlib.crc32(g.encode("utf-8")) % BUCKETS for g in grams], dtype=np.int64)
    )


def known_positions(known: Buckets, buckets: Buckets) -> Buckets:
    """Where each of `buckets` that also appears in the sorted `known` sits in `known`."""
    found = np.searchsorted(known, buckets)
    inside = found < len(known)
    inside[inside] = known[found[inside]] == buckets[inside]
    positions: Buckets = found[inside]
    return positions
