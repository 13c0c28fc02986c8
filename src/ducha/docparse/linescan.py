"""Whole-text pre-scans that say which lines may match a pattern.

The line grammars test every line against several regexes, yet most patterns match only a few
lines of a document (a 文号, a furniture token, a date). Calling ``re`` once per line costs
about as much as the regex work itself, so the stages ask here instead: one ``finditer`` over
the joined lines finds every hit at C speed, and a binary search turns each hit into its line
index. The detailed grammar then runs only on those candidate lines, with the same result as
testing them all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from operator import add


class LineScan:
    """Lines joined once, with their offsets, for pre-scans with whole-text regexes."""

    __slots__ = ("starts", "text")

    def __init__(self, lines: list[str], joined: str | None = None) -> None:
        """``joined``, when given, must be ``"\\n".join(lines)`` (saves joining again)."""
        self.text = "\n".join(lines) if joined is None else joined
        # start of line i = the lengths of the lines before it plus their i newlines
        self.starts = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines) + 1)))

    def hits(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the lines where ``pattern`` matches (it must not match a newline)."""
        starts = self.starts
        return {bisect_right(starts, m.start()) - 1 for m in pattern.finditer(self.text)}

    def positions(self, positions: Iterable[int]) -> set[int]:
        """Indexes of the lines holding these offsets of the joined text."""
        starts = self.starts
        return {bisect_right(starts, position) - 1 for position in positions}


def between(hits: list[int], start: int, end: int) -> list[int]:
    """The sorted ``hits`` in [start, end)."""
    return hits[bisect_left(hits, start):bisect_left(hits, end)]


def lines_hit(lines: list[str], pattern: re.Pattern[str]) -> set[int]:
    """Indexes of the lines where ``pattern`` matches, from one scan of the joined lines."""
    if len(lines) < 2:
        return {i for i, line in enumerate(lines) if pattern.search(line)}
    return LineScan(lines).hits(pattern)
