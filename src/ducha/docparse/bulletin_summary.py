"""The summary parts of a special-supervision bulletin: totals, named items, highlights, advice.

A 专项督查 summary does not list meetings; it counts the work by status ("131项工作中,47项
已完成,79项有序推进…"), names the items that lag ("4项需要加大力度。分别是:…"), lists
highlights with the leader in charge ("由…副市长牵头") and closes with recommendations
("(一)关于大气环境治理工作。一是…"). Each part has its own small grammar here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ducha.docparse.bulletin_text import ALIAS_RE, enumeration, split_top_level, status_code

_MEASURE = r"(?:项|个|件|条)"
_NOUN = r"(?:工作|事项|任务|项目|批示件)"  # what a bulletin counts: 绿灯项目20个
_COUNT_LABEL = re.compile(rf"(\d+)\s*{_MEASURE}?\s*{_NOUN}?\s*({ALIAS_RE})")
_LABEL_COUNT = re.compile(rf"({ALIAS_RE})\s*的?\s*{_NOUN}?\s*(\d+)\s*{_MEASURE}")
_TOTAL = re.compile(
    rf"共[^\d,,。;;]{{0,12}}?(\d+)\s*{_MEASURE}|(\d+)\s*{_MEASURE}[^\d,,。;;]{{0,10}}?中"
)
_COUNT = re.compile(rf"(\d+)\s*{_MEASURE}")
_LIST_INTRO = (r"\s*[。.,,;;::]?\s*(?:(?:分别是|分别为|具体是|具体为|主要是|包括|即)\s*[::]?"
               r"|(?:为|是)?\s*[::])\s*(.+)")
_NAMED_COUNT_FIRST = re.compile(
    rf"(?:其中)?(?:共有|有)?\s*(\d+)\s*{_MEASURE}?\s*{_NOUN}?\s*({ALIAS_RE})(?:的?{_NOUN})?{_LIST_INTRO}"
)
_NAMED_LABEL_FIRST = re.compile(
    rf"(?:其中)?\s*({ALIAS_RE})\s*的?\s*{_NOUN}?\s*有?\s*(\d+)\s*{_MEASURE}{_LIST_INTRO}"
)
_LEADER = re.compile(r"由([^,,。;;由]{2,60}?)(?:负责)?(?:牵头|领衔|挂帅)")
_LAGGING = frozenset({"not_done", "lagging", "problem"})
_NAME_SEPARATORS = frozenset("、,,;;")


@dataclass
class Totals:
    """How many items the bulletin counts, in all and by printed status label."""

    total: int | None = None
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass
class Highlight:
    """One highlight (工作亮点): its headline and the leader in charge, as printed."""

    text: str
    leader: str | None


@dataclass
class Recommendation:
    """One recommendation (督查建议): its heading ("关于…工作") and the advice that follows."""

    heading: str
    text: str


def _counts(line: str) -> list[tuple[int, str, int]]:
    """(start offset, label, count) of every status count in a line, in either word order."""
    found = [(m.start(), m.group(2), int(m.group(1))) for m in _COUNT_LABEL.finditer(line)]
    if len({label for _, label, _ in found}) < 2:
        found = [(m.start(), m.group(1), int(m.group(2))) for m in _LABEL_COUNT.finditer(line)]
    return found


def find_totals(lines: list[str]) -> Totals:
    """Read the first line that counts at least two statuses; an empty Totals if none does."""
    for line in lines:
        counts = _counts(line)
        if len({label for _, label, _ in counts}) < 2:
            continue
        by_status: dict[str, int] = {}
        for _, label, count in counts:
            by_status.setdefault(label, count)
        head = line[: counts[0][0]]
        total = _TOTAL.search(head)
        if total:
            return Totals(int(total.group(1) or total.group(2)), by_status)
        return Totals(_summed_total(head, by_status), by_status)
    return Totals()


def _summed_total(head: str, by_status: dict[str, int]) -> int | None:
    """A count before the statuses that they add up to ("承担重点工作6项,…已完成2项,…")."""
    whole = sum(by_status.values())
    counted = (int(found.group(1)) for found in _COUNT.finditer(head))
    return whole if whole in counted else None


def _names(listing: str) -> list[str]:
    """Split a listing of item names; a closing 等 (etc.) is not part of the last name."""
    names = split_top_level(re.sub(r"[。.;; ]+$", "", listing.strip()), _NAME_SEPARATORS)
    if names and names[-1].endswith("等") and len(names[-1]) > 1:
        names[-1] = names[-1][:-1]
    return [n for n in names if n]


def find_items_named(lines: list[str]) -> dict[str, list[str]]:
    """The items a bulletin names under each lagging status ("1项存在突出问题。即:…")."""
    named: dict[str, list[str]] = {}
    for line in lines:
        rest = enumeration(line).rest
        if m := _NAMED_COUNT_FIRST.match(rest):
            label, listing = m.group(2), m.group(3)
        elif m := _NAMED_LABEL_FIRST.match(rest):
            label, listing = m.group(1), m.group(3)
        else:
            continue
        if status_code(label) in _LAGGING and label not in named:
            named[label] = _names(listing)
    return named


def _paragraphs(lines: list[str], kinds: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Group lines into (enumerated first line, following lines) by the first of the given
    enumerator kinds the section uses, so (一) groups are not split by their own 1. lists."""
    used = {enumeration(line).kind for line in lines}
    kind = next((k for k in kinds if k in used), None)
    groups: list[tuple[str, list[str]]] = []
    for line in lines:
        e = enumeration(line)
        if e.kind == kind:
            groups.append((e.rest, []))
        elif groups:
            groups[-1][1].append(line)
    return groups


def _headline(text: str) -> tuple[str, str]:
    """Split a paragraph into its first sentence and the rest."""
    head, _, tail = text.partition("。")
    return head.strip(), tail.strip()


def parse_highlights(lines: list[str]) -> list[Highlight]:
    """Each numbered paragraph of a 工作亮点 section, with its 由…牵头 leader if printed."""
    found = []
    for first, more in _paragraphs(lines, ("num", "sub")):
        headline, tail = _headline(first)
        leader = _LEADER.search(" ".join([tail, *more]))
        found.append(Highlight(headline, leader.group(1).strip() if leader else None))
    return found


def parse_recommendations(lines: list[str]) -> list[Recommendation]:
    """Each enumerated paragraph of a 督查建议 section: heading up to the first 。, then advice."""
    found = []
    for first, more in _paragraphs(lines, ("sub", "num")):
        heading, tail = _headline(first)
        text = "\n".join(part for part in [tail, *more] if part)
        found.append(Recommendation(heading.rstrip(":"), text))
    return found
