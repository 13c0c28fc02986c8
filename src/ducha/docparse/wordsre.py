"""A regex alternation of many words, factored as a trie.

``re`` tries the branches of "牵头单位|牵头部门|责任单位|…" one after another at every
position that starts one of them; with some fifty keys that is most of an annotation's cost.
Factored by common prefixes ("牵头(?:单位|部门)|责任单位…"), a position is tried once per
character. The longest word still wins, as in a longest-first alternation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""
# A trie node: each next character to the node after it ("" marks a word's end).
_Node = dict[str, "_Node"]


def words_pattern(words: Iterable[str]) -> str:
    """A regex (no capturing groups) matching exactly one of ``words``, longest first."""
    trie: _Node = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _render(trie)


def _render(node: _Node) -> str:
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if _END not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else f"{body}?"
