"""Text normalisation shared by every docparse stage.

Official documents mix full-width and half-width punctuation freely; the grammar is written
against one form. Only the *form* of characters changes here, never the words: full-width ASCII
forms (U+FF01..U+FF5E) become ASCII, the ideographic space becomes a space, and runs of blanks
inside a line collapse. Chinese punctuation with no ASCII twin (。、《》〔〕“”) is kept.
"""

from __future__ import annotations

import re

_FULLWIDTH: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space
_FULLWIDTH[0xFEFF] = None  # byte-order mark / zero-width no-break space
_FULLWIDTH[0x200B] = None  # zero-width space

_BLANKS = re.compile(r"[ \t\f\v]+")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def normalize_line(line: str) -> str:
    """Normalise one line: ASCII forms, single blanks, no blanks at either end."""
    return _BLANKS.sub(" ", line.translate(_FULLWIDTH)).strip()


def normalize_text(text: str) -> str:
    """Normalise a whole text, keeping its line structure (empty lines are dropped)."""
    lines = (normalize_line(line) for line in _NEWLINES.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line)
