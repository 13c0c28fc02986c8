"""The numbering grammar of official documents, and the outline it builds.

Chinese official documents number their levels 一、 > (一) > 1. > (1) > ①. Each numbered line
opens a node; unnumbered lines after it are its paragraphs. A node is a *heading* when its
label is a short title (no annotation, one clause) that something hangs below — deeper nodes
or paragraphs — which is how "一、支持技改试点示范" standing above its own paragraph is told
from an item "3.加强垃圾治理。…" that is complete on its line. A line "附件" starts a fresh
outline, since an attachment numbers from 一、 again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ducha.docparse.annotations import annotation_spans
from ducha.docparse.model import Line

_CN = "一二三四五六七八九十百零〇两"
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"([{_CN}]{{1,4}}) ?、")),
    (2, re.compile(rf"[(〔] ?([{_CN}]{{1,4}}) ?[)〕]")),
    (3, re.compile(r"(\d{1,3}) ?(?:\.(?!\d)|、|．)")),
    (4, re.compile(r"[(〔] ?(\d{1,3}) ?[)〕]")),
    (5, re.compile(r"([①-⑳])")),
)
_ATTACHMENT_MARK = re.compile(r"附件 ?\d{0,2}")
HEADING_MAX = 50
# Each pattern can only match a line starting with certain characters: dispatching on the
# first character tries one or two patterns instead of five (digits: see _DIGIT_FIRST).
_BY_FIRST: dict[str, tuple[tuple[int, re.Pattern[str]], ...]] = {
    **dict.fromkeys(_CN, (_PATTERNS[0],)),
    **dict.fromkeys("(〔", (_PATTERNS[1], _PATTERNS[3])),
    **{chr(code): (_PATTERNS[4],) for code in range(ord("①"), ord("⑳") + 1)},
}
_DIGIT_FIRST = (_PATTERNS[2],)  # \d is any Unicode decimal digit, as str.isdecimal() says


@dataclass
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
    first = text[:1]
    candidates = _BY_FIRST.get(first) or (_DIGIT_FIRST if first.isdecimal() else ())
    for rank, pattern in candidates:
        found = pattern.match(text)
        if found and len(text) > found.end():
            printed = found.group().replace(" ", "")
            key = found.group(1)
            segment = key if rank in (1, 3, 5) else f"({key})"
            return rank, printed, segment, text[found.end():].lstrip()
    return None


def looks_like_heading(label: str) -> bool:
    """A short title: no annotation, at most one sentence ending the label."""
    if len(label) > HEADING_MAX:
        return False
    inner = label.rstrip("。:")
    return not any(mark in inner for mark in "。;!?") and not annotation_spans(label)


def build_outline(lines: list[Line]) -> list[Node]:
    """Nodes in document order; the first is a root holding text before any number."""
    root = Node(number="", rank=0, label="", line=Line(0, ""))
    nodes = [root]
    stack = [root]
    paragraphs = root.paragraphs
    for line in lines:
        first = line.text[:1]
        if first not in _BY_FIRST and not first.isdecimal():
            if first == "附" and _ATTACHMENT_MARK.fullmatch(line.text):
                fresh = Node(number="", rank=0, label="", line=line)  # numbered afresh
                nodes.append(fresh)
                stack = [fresh]
                paragraphs = fresh.paragraphs
            else:
                paragraphs.append(line)
            continue
        numbered = match_number(line.text)
        if numbered is None:
            paragraphs.append(line)
            continue
        rank, printed, segment, label = numbered
        while stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        path = f"{parent.path}.{segment}" if parent.path else segment
        node = Node(number=printed, rank=rank, label=label, line=line, path=path, parent=parent)
        nodes.append(node)
        stack.append(node)
        paragraphs = node.paragraphs
    _mark_headings(nodes)
    return nodes


def _mark_headings(nodes: list[Node]) -> None:
    """A node is a heading when it looks like one and something hangs below it."""
    for index, node in enumerate(nodes[1:], start=1):
        if node.rank == 0:
            continue
        following = nodes[index + 1] if index + 1 < len(nodes) else None
        has_children = following is not None and following.parent is node
        node.heading = (has_children or bool(node.paragraphs)) and looks_like_heading(node.label)
