"""Near-duplicate progress texts (与上期内容雷同).

The rule, documented once: both texts are normalised (Unicode NFKC, then every whitespace and
punctuation character removed). They are near duplicates when the normalised texts are equal,
or when either measure reaches ``NEAR_DUPLICATE`` (0.9):

* ``difflib.SequenceMatcher(autojunk=False).ratio()`` — catches a text copied with a few
  characters changed (a new date, one figure);
* the Jaccard index of the two texts' character-bigram sets — catches the same sentences
  reordered, which the sequence ratio undervalues.

The similarity stored on a report is the larger of the two, rounded to three places.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

NEAR_DUPLICATE = 0.9
_NOISE = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


def similarity(text: str, previous: str) -> float:
    """How alike two progress texts are, from 0 (nothing shared) to 1 (the same)."""
    a, b = normalise(text), normalise(previous)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    left, right = _bigrams(a), _bigrams(b)
    jaccard = len(left & right) / len(left | right)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # real_quick_ratio and quick_ratio are cheap upper bounds of ratio: skip the O(n²) part
    # when the texts cannot reach the threshold anyway.
    bounded = (matcher.real_quick_ratio() >= NEAR_DUPLICATE
               and matcher.quick_ratio() >= NEAR_DUPLICATE)
    ratio = matcher.ratio() if bounded else 0.0
    return round(max(ratio, jaccard), 3)


def is_near_duplicate(score: float | None) -> bool:
    return score is not None and score >= NEAR_DUPLICATE
