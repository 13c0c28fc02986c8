"""Chinese punctuation for printed bulletins: ASCII , : ; ! ? ( ) " made full-width in Chinese.

Texts reach a bulletin from many hands: composers, units' reports typed on any keyboard,
documents scraped from the web (which arrive with half-width punctuation), and the office's
own edits. An official document prints full-width punctuation (，：；（）“”) in Chinese text,
so every renderer typesets a copy of the document first. The rule is local and never touches
figures or Latin text: a mark is changed only when a neighbouring character is Chinese
(1,000 and 12:30 and http://… stay as they are); a pair of brackets or quotes is changed when
it holds Chinese or touches it ("(一)", "(1)加快…", "方案(试行)"). Applying it twice changes
nothing, and the parser reads either form, so what Ducha writes it can read back.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any, TypeVar

T = TypeVar("T")

# Han characters, CJK punctuation (、。〔〕《》「」), full-width forms and curly quotes.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018\u2019\u201c\u201d"
_IS_CJK = re.compile(f"[{_CJK}]")
_FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "!": "\uff01", "?": "\uff1f"}
# A single mark with a Chinese character right before or after it.
_MARK = re.compile(f"(?<=[{_CJK}])([,:;!?])|([,:;!?])(?=[{_CJK}])")
# Innermost bracket pairs: run repeatedly so nested pairs are handled from the inside out.
_PAIR = re.compile(r"\(([^()]*)\)")
_QUOTED = re.compile(r'"([^"\n]*)"')
# Placeholders (private use area) for Latin pairs while the outer pairs are examined.
_HIDDEN_OPEN, _HIDDEN_CLOSE = "\ue000", "\ue001"


def chinese_punctuation(text: str) -> str:
    """``text`` with the half-width marks of Chinese sentences made full-width."""
    if not text or not _IS_CJK.search(text):
        return text
    # until nothing changes: each full-width mark makes its neighbours' context Chinese ("::、")
    while (once := _pass(text)) != text:
        text = once
    return text


def _pass(text: str) -> str:
    text = _MARK.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)
    text = _brackets(text)
    return _QUOTED.sub(lambda m: _quote(m, text), text)


def _brackets(text: str) -> str:
    """Make full-width every ( ) pair that holds Chinese or touches it."""
    out = text
    while (new := _PAIR.sub(functools.partial(_pair, text=out), out)) != out:
        out = new
    return out.replace(_HIDDEN_OPEN, "(").replace(_HIDDEN_CLOSE, ")")


def _pair(m: re.Match[str], text: str) -> str:
    """One innermost pair: full-width when Chinese, else hidden from the next round."""
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if _IS_CJK.search(m.group(1)) or _IS_CJK.match(before) or _IS_CJK.match(after):
        return f"\uff08{m.group(1)}\uff09"
    return f"{_HIDDEN_OPEN}{m.group(1)}{_HIDDEN_CLOSE}"


def _quote(m: re.Match[str], text: str) -> str:
    """Curly quotes for a quoted span that holds or touches Chinese."""
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if _IS_CJK.search(m.group(1)) or _IS_CJK.match(before) or _IS_CJK.match(after):
        return f"\u201c{m.group(1)}\u201d"
    return m.group(0)


def typeset(doc: T) -> T:
    """A copy of a bulletin (any dataclass tree) with every text typeset for print."""
    return _walk(doc)  # type: ignore[no-any-return]


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return chinese_punctuation(value)
    if isinstance(value, list):
        return [_walk(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **changes)
    return value
