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
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add


class LineScan:
    """Lines joined once, with their offsets, for pre-scans with whole-text regexes."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, lines: list[str], joined: str | None = None) -> None:
        """``joined``, when given, must be ``"\\n".join(lines)`` (saves joining again)."""
        self.text = "\n".join(lines) if joined is None else joined
        # start of line i = the lengths of the lines before it plus their i newlines
        self.starts = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines) + 1)))
        self.ends = self.starts[1:]  # line i holds the offsets below ends[i]

    def hits(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the lines where ``pattern`` matches (it must not match a newline).

        The scan takes one hit per line (the rest of a line is skipped once it matched) and
        turns offsets into line indexes in C.
        """
        found = rest_of_line(pattern).finditer(self.text)
        return set(map(bisect_right, repeat(self.ends), map(re.Match.start, found)))

    def positions(self, positions: Iterable[int]) -> set[int]:
        """Indexes of the lines holding these offsets of the joined text."""
        return set(map(bisect_right, repeat(self.ends), positions))


@lru_cache(maxsize=64)
def rest_of_line(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` followed by the rest of its line, so a line gives one hit at most."""
    return re.compile(f"(?:{pattern.pattern})[^\\n]*", pattern.flags)


def line_indexes(text: str, *patterns: re.Pattern[str]) -> set[int]:
    """0-based indexes of the lines of ``text`` where any of ``patterns`` matches (none may
    match a newline): ``LineScan.hits`` without building every line's offset, for a text
    scanned once — counting newlines from hit to hit in C is cheaper than that index.
    """
    starts = sorted({found.start() for pattern in patterns
                     for found in rest_of_line(pattern).finditer(text)})
    indexes: set[int] = set()
    index, previous = 0, 0
    count = text.count
    for start in starts:
        index += count("\n", previous, start)
        indexes.add(index)
        previous = start
    return indexes


def between(hits: list[int], start: int, end: int) -> list[int]:
    """The sorted ``hits`` in [start, end)."""
    return hits[bisect_left(hits, start):bisect_left(hits, end)]


def lines_hit(lines: list[str], pattern: re.Pattern[str]) -> set[int]:
    """Indexes of the lines where ``pattern`` matches, from one scan of the joined lines."""
    if len(lines) < 2:
        return {i for i, line in enumerate(lines) if pattern.search(line)}
    return LineScan(lines).hits(pattern)
