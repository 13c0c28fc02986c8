"""The numbering grammar of official documents, and the outline it builds.

Chinese official documents number their levels 一、 > (一) > 1. > (1) > ①; texts written
as regulations number 第一章 (or 第一部分) > 第一节 > 第一条, at the first three ranks.
Each numbered line opens a node; unnumbered lines after it are its paragraphs. A node is a
*heading* when its label is a short title (no annotation, one clause) that something hangs
below — deeper nodes or paragraphs — which is how "一、支持技改试点示范" standing above its
own paragraph is told from an item "3.加强垃圾治理。…" that is complete on its line. A line
"附件" starts a fresh outline, since an attachment numbers from 一、 again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest

from ducha.docparse.annotations import annotation_cut, annotation_spans, parse_annotation
from ducha.docparse.model import Line

_CN = "一二三四五六七八九十百零〇两"
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"([{_CN}]{{1,4}}) ?、")),
    (2, re.compile(rf"[(〔] ?([{_CN}]{{1,4}}) ?[)〕]")),
    (3, re.compile(r"(\d{1,3}) ?(?:\.(?!\d)|、|．)")),
    (4, re.compile(r"[(〔] ?(\d{1,3}) ?[)〕]")),
    (5, re.compile(r"([①-⑳])")),
    # the articles of a regulation-style text: 第一部分 / 第一章 > 第一节 > 第一条
    (1, re.compile(rf"第 ?([{_CN}]{{1,4}}) ?(?:部分|章) ?")),
    (2, re.compile(rf"第 ?([{_CN}]{{1,4}}) ?节 ?")),
    (3, re.compile(rf"第 ?([{_CN}]{{1,4}}|\d{{1,3}}) ?条 ?")),
)
_ATTACHMENT_MARK = re.compile(r"附件 ?\d{0,2}")
HEADING_MAX = 50
_SENTENCE_MARK = re.compile("[。;!?]")
# Each pattern can only match a line starting with certain characters: dispatching on the
# first character tries one or two patterns instead of five (digits: see _DIGIT_FIRST).
_BY_FIRST: dict[str, tuple[tuple[int, re.Pattern[str]], ...]] = {
    **dict.fromkeys(_CN, (_PATTERNS[0],)),
    **dict.fromkeys("(〔", (_PATTERNS[1], _PATTERNS[3])),
    **{chr(code): (_PATTERNS[4],) for code in range(ord("①"), ord("⑳") + 1)},
    "第": _PATTERNS[5:],
}
_DIGIT_FIRST = (_PATTERNS[2],)  # \d is any Unicode decimal digit, as str.isdecimal() says
# The five patterns in one, in the order match_number tried them, each needing a character
# after the number: group i+1 is the key of _PATTERNS[_ORDER[i]]. Their first characters never
# overlap but for (〔 (rank 2 before rank 4), so the alternation finds what trying them would.
_ORDER = (0, 1, 3, 2, 4, 5, 6, 7)
_NUMBER = re.compile("|".join(f"(?:{_PATTERNS[i][1].pattern})(?=.)" for i in _ORDER), re.DOTALL)
_RANK_OF_GROUP = (0, *(_PATTERNS[i][0] for i in _ORDER))
_ARTICLE_GROUPS = 5  # groups above this are the 第…部分/章/节/条 patterns


@dataclass(slots=True)
class Node:
    """One numbered line and the unnumbered paragraphs that follow it."""

    number: str  # as printed, without blanks: "二、" "(一)" "3."
    rank: int  # 1 for 一、 … 5 for ①; 0 for the root that holds text before any number
    label: str  # the line's text after the number
    line: Line
    path: str = ""
    parent: Node | None = None
    paragraphs: list[Line] = field(default_factory=list)
    heading: bool = False

    def ancestor(self, rank: int) -> Node | None:
        """The nearest node above this one with the given rank."""
        node = self.parent
        while node is not None and node.rank > rank:
            node = node.parent
        return node if node is not None and node.rank == rank else None


def match_number(text: str) -> tuple[int, str, str, str] | None:
    """(rank, printed number, path segment, label) of a numbered line, else None."""
    found = _NUMBER.match(text)
    if found is None:
        return None
    group = found.lastindex or 0
    rank = _RANK_OF_GROUP[group]
    key = found[group]
    printed = found[0].replace(" ", "")
    if group > _ARTICLE_GROUPS:  # 第一条: the printed number is its own path segment
        return rank, printed, printed, text[found.end():].lstrip()
    return (rank, printed, f"({key})" if rank in (2, 4) else key, text[found.end():].lstrip())


def looks_like_heading(label: str) -> bool:
    """A short title: no annotation naming units, at most one sentence ending the label.

    A heading may name its leader ("一、推动高质量发展(牵头区领导:区长周某)"): that
    annotation assigns no unit, and the items below inherit the leader.
    """
    if len(label) > HEADING_MAX:
        return False
    if annotation_spans(label):
        found = parse_annotation(label)
        cut = annotation_cut(label)
        if found is None or found.assigns_units or cut is None:
            return False
        label = label[:cut]
    return _SENTENCE_MARK.search(label.rstrip("。:")) is None


def build_outline(lines: list[Line]) -> list[Node]:
    """Nodes in document order; the first is a root holding text before any number."""
    root = Node("", 0, "", Line(0, ""))
    nodes = [root]
    stack = [root]
    add_paragraph = root.paragraphs.append
    for line in lines:
        text = line[1]
        first = text[:1]
        if first not in _BY_FIRST and not first.isdecimal():
            if first == "附" and _ATTACHMENT_MARK.fullmatch(text):
                fresh = Node("", 0, "", line)  # numbered afresh
                nodes.append(fresh)
                stack = [fresh]
                add_paragraph = fresh.paragraphs.append
            else:
                add_paragraph(line)
            continue
        numbered = match_number(text)
        if numbered is None:
            add_paragraph(line)
            continue
        rank, printed, segment, label = numbered
        while stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        path = f"{parent.path}.{segment}" if parent.path else segment
        node = Node(printed, rank, label, line, path, parent)
        nodes.append(node)
        stack.append(node)
        add_paragraph = node.paragraphs.append
    _mark_headings(nodes)
    return nodes


def _mark_headings(nodes: list[Node]) -> None:
    """A node is a heading when it looks like one and something hangs below it."""
    for node, following in zip_longest(nodes[1:], nodes[2:]):
        if node.rank == 0:
            continue
        has_children = following is not None and following.parent is node
        node.heading = (has_children or bool(node.paragraphs)) and looks_like_heading(node.label)
