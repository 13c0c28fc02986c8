"""Read a supervision bulletin (督查通报) into sections, meetings and items.

A meeting-decision bulletin is a three-level outline: status sections (一、已落实事项), the
executive meetings whose minutes assigned the work ((一)2021年5月17日市政府第5次常务会议),
and the items of each meeting (1.审议《…》的落实情况。(责任单位:…)) followed by their
progress. A special-supervision summary instead counts items by status and lists highlights
and recommendations (see ``bulletin_summary``). Lines are classified one at a time by what they
look like, not by their enumerator level, so bulletins that shift the levels still parse.
Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ducha.docparse.bulletin_dates import (
    DateResolution,
    MeetingHeading,
    parse_meeting_heading,
    parse_period,
    resolve_damaged_date,
    resolve_meeting_dates,
)
from ducha.docparse.bulletin_frame import is_head_line, split_frame
from ducha.docparse.bulletin_summary import (
    Highlight,
    Recommendation,
    Totals,
    find_items_named,
    find_totals,
    parse_highlights,
    parse_recommendations,
)
from ducha.docparse.bulletin_text import (
    ALIAS_RE,
    Enumerated,
    enumeration,
    is_keyed_line,
    split_annotation,
    split_item_line,
    split_page,
)
from ducha.docparse.bulletin_text import status_of_heading as _status_of_heading
from ducha.docparse.normalize import normalize_text

__all__ = [
    "Bulletin",
    "DateResolution",
    "Highlight",
    "Item",
    "Meeting",
    "MeetingHeading",
    "Recommendation",
    "Section",
    "Totals",
    "parse_bulletin",
    "parse_meeting_heading",
    "resolve_damaged_date",
]

_SIGNATURE = re.compile(r"\S{2,30}(?:督查室|督查局|督查处|督办室|办公室|人民政府)"
                        r"|\d{4}年\d{1,2}月\d{1,2}日|[(](?:此件|此页).*")
_MARKER_REPORT = re.compile(r"通报")
_MARKER_SUPERVISION = re.compile(r"督查|督办|督促检查")
_MASTHEAD = re.compile(r".{0,8}|第\s*\d+\s*期.*|.*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_TITLE_END = re.compile(r"(?:通报|情况|报告|通知|公告|意见|汇报|[)》])$")
_MAX_BARE_STATUS = 12
# 下一步工作建议, 意见建议, 下步要求, 工作打算, 几点要求, 下步工作安排
_RECOMMENDATION_WORDS = ("建议", "要求", "打算", "下步", "下一步")
_MAX_GROUP_HEADING = 40
_HEADING_COUNT = re.compile(r"[((]?(?:共|计)?(\d+)(?:项|个|件|条)[))]?$")
_ALIAS = re.compile(ALIAS_RE)
# An unnumbered line that opens the closing advice ("下步要求:" under a table of items); an
# item's own plans (下步打算:) are part of its progress.
_BARE_RECOMMENDATIONS = re.compile(
    r"(?:下一?步(?:工作)?(?:要求|建议)|督查建议|意见建议|几点要求) ?:?")


@dataclass
class Item:
    """One supervised item: its number as printed (None if unnumbered), title, units, progress."""

    number: str | None
    title: str
    units: list[str] = field(default_factory=list)
    progress: str = ""


@dataclass
class Meeting:
    """A meeting (or a group heading) under a status section, with the items it assigned."""

    heading: str | None
    date: str | None = None
    number: int | None = None
    date_ambiguous: bool = False
    date_candidates: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    """A status section: canonical status code and the heading as printed."""

    status: str | None
    heading: str
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Bulletin:
    """Everything a bulletin says, in the shape ``to_dict`` promises."""

    title: str | None
    sections: list[Section] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    items_named: dict[str, list[str]] = field(default_factory=dict)
    highlights: list[Highlight] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    opening: str = ""
    closing: str = ""  # the 结束语 above the signature ("请各责任单位…", "特此通报。")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: dates as ISO strings, statuses as codes."""
        return asdict(self)


@dataclass
class _Draft:
    """An item while its lines are still arriving."""

    item: Item
    annotated: bool
    lines: list[str] = field(default_factory=list)


class _Builder:
    """A state machine over body lines: where we are decides what a plain line means."""

    def __init__(self) -> None:
        self.kind = "opening"  # opening | status | highlights | recommendations | other
        self.pre: list[str] = []
        self.summary: list[str] = []
        self.highlight_lines: list[str] = []
        self.recommendation_lines: list[str] = []
        self.sections: list[Section] = []
        self.pending_heading = ""
        self.meeting: Meeting | None = None
        self.draft: _Draft | None = None
        self.headings: list[tuple[Meeting, MeetingHeading, int]] = []
        self.last_sub = 0  # the last (一)(二) value seen in the current section
        self.grouped = False  # the current meeting is a plain group heading
        self.held: str | None = None  # a numbered line that may be a title wrapped to the next
        self.last_item = 0  # the number of the bulletin's last numbered item

    # -- structure -------------------------------------------------------------------------
    def feed(self, line: str) -> None:
        """Classify one body line and grow the outline."""
        e = enumeration(line)
        if self._heading(e, line):
            return
        if self.kind == "status":
            self._status_line(e, line)
        elif self.kind == "highlights":
            self.highlight_lines.append(line)
        elif self.kind == "recommendations":
            self.recommendation_lines.append(line)
        elif self.kind == "opening":
            self.pre.append(line)
        else:
            self.summary.append(line)

    def _heading(self, e: Enumerated, line: str) -> bool:
        """Handle section and meeting headings; False when the line is neither."""
        bare_ok = e.kind == "" and len(e.rest) <= _MAX_BARE_STATUS
        if (e.kind in ("top", "sub") or bare_ok) and (code := _status_of_heading(e.rest)):
            self._open_section(code, e.rest)
            return True
        if self.kind in ("status", "other", "opening") and (mh := parse_meeting_heading(line)):
            if self.kind != "status":
                self._open_section(None, self.pending_heading)
            self._open_meeting(mh)
            self.last_sub = e.value if e.kind == "sub" and e.value else self.last_sub
            return True
        if e.kind == "top" or (e.kind == "" and _BARE_RECOMMENDATIONS.fullmatch(line)):
            self._close_item()
            self.meeting = None
            self.pending_heading = e.rest
            self.kind = _section_kind(e.rest)
            return True
        return False

    def _open_section(self, status: str | None, heading: str) -> None:
        self._close_item()
        self.sections.append(Section(status, heading))
        self.meeting = None
        self.last_sub = 0
        self.kind = "status"

    def _open_meeting(self, mh: MeetingHeading | None, heading: str | None = None) -> None:
        self._close_item()
        self.grouped = False
        self.meeting = Meeting(mh.heading if mh else heading, number=mh.number if mh else None)
        self.sections[-1].meetings.append(self.meeting)
        if mh is not None:
            self.headings.append((self.meeting, mh, len(self.sections) - 1))

    # -- items -----------------------------------------------------------------------------
    def _status_line(self, e: Enumerated, line: str) -> None:
        if _SIGNATURE.fullmatch(line) and not is_keyed_line(line):  # 责任单位:…人民政府 is none
            return
        if self._starts_item(e):
            self._open_item(str(e.value), e.rest)
        elif self._starts_group(e):
            self._open_meeting(None, e.rest)
            self.grouped = True
            self.last_sub = e.value or 0
        elif self.draft is not None:
            if not self._completes_held(e, line):
                self._continue_item(line)
            self.held = line if self._follows_on(e) else None
        elif self.meeting is not None and not self.meeting.items:
            self._open_item(None, line)
        elif split_annotation(line)[1] is not None:
            self._open_item(None, line)  # an item with no meeting above it
        else:
            self.summary.append(line)  # a section's own prose: it may count or name items

    def _starts_group(self, e: Enumerated) -> bool:
        """A (一)-line that is no meeting heads a group of items when it continues the
        section's own (一)(二) sequence outside any meeting's progress."""
        if e.kind != "sub" or "。" in e.rest or len(e.rest) > _MAX_GROUP_HEADING:
            return False
        return e.value == self.last_sub + 1 and (self.draft is None or self.grouped)

    def _follows_on(self, e: Enumerated) -> bool:
        """A numbered line whose number is the next item number of the current meeting.

        The first item of a meeting or section numbers from 1, or carries on from the last
        item of the bulletin when the office numbers its items straight through; items that
        carry units may skip numbers (a status table's rows keep their 序号). Items may
        be numbered (一)(二) too, when each such line carries its units or the section lists
        problems (存在的问题), which name no unit.
        """
        if e.kind != "num" and not (e.kind == "sub" and (self._in_problems() or
                                                         _carries_units(e.rest))):
            return False
        meeting_items = self.meeting.items if self.meeting else []
        numbered = [int(it.number) for it in meeting_items if it.number is not None]
        if numbered:  # a gap only between items that all carry units: a table's 序号
            return e.value == numbered[-1] + 1 or (
                e.value is not None and e.value > numbered[-1]
                and all(it.units for it in meeting_items)
                and _carries_units(e.rest))
        if e.value == 1 or (self.last_item > 0 and e.value == self.last_item + 1):
            return True
        return not meeting_items and _carries_units(e.rest)  # a list that starts at 5.

    def _in_problems(self) -> bool:
        """True inside a section of problems found (存在的问题, 督查发现的问题)."""
        return bool(self.sections) and self.sections[-1].status == "problem"

    def _starts_item(self, e: Enumerated) -> bool:
        """A numbered line opens the next item when its number follows on and, once the items
        of a meeting carry units, it carries them too (so numbered progress stays progress)."""
        if not self._follows_on(e):
            return False
        annotated = any(it.units for it in self.meeting.items) if self.meeting else False
        return _carries_units(e.rest) or not annotated

    def _completes_held(self, e: Enumerated, line: str) -> bool:
        """A title wrapped over two lines: the held numbered line plus this annotated line."""
        draft = self.draft
        if self.held is None or draft is None or not draft.lines or draft.lines[-1] != self.held:
            return False
        if e.kind or split_annotation(line)[1] is None:
            return False
        first = enumeration(draft.lines.pop())
        if is_keyed_line(line):  # "责任单位:…" on a line of its own under the title
            self._open_item(str(first.value), first.rest)
            self._continue_item(line)
        else:
            self._open_item(str(first.value), first.rest + line)
        return True

    def _open_item(self, number: str | None, text: str) -> None:
        self._close_item()
        if self.meeting is None:
            self._open_meeting(None, None)
        assert self.meeting is not None
        title, units, progress = split_item_line(text)
        item = Item(number, title, units or [])
        if number is not None:
            self.last_item = int(number)
        self.meeting.items.append(item)
        self.draft = _Draft(item, units is not None, [progress] if progress else [])

    def _continue_item(self, line: str) -> None:
        draft = self.draft
        assert draft is not None
        title, units = split_annotation(line)
        if units is not None and not draft.annotated and not draft.lines:
            draft.item.title = f"{draft.item.title}{title}" if title else draft.item.title
            draft.item.units = units
            draft.annotated = True
        else:
            draft.lines.append(line)

    def _close_item(self) -> None:
        if self.draft is not None:
            self.draft.item.progress = "\n".join(self.draft.lines)
            self.draft = None


def _totals(summary: list[str], sections: list[Section]) -> Totals:
    """The summary's counts, or else the counts the status headings print."""
    totals = find_totals(summary)
    return totals if totals.by_status else _heading_totals(sections)


def _heading_totals(sections: list[Section]) -> Totals:
    """Counts printed on the status headings ("已基本完成事项(2项)"), when every status
    heading that holds items prints one: the statuses add up to the total. Each count is
    labelled by the status words of its heading, as the summary's counts are."""
    by_status: dict[str, int] = {}
    for section in sections:
        if section.status is None:
            continue
        found = _HEADING_COUNT.search(section.heading)
        if found is None:
            if any(meeting.items for meeting in section.meetings):
                return Totals()
            continue
        alias = _ALIAS.search(section.heading)
        label = alias.group() if alias else section.heading[:found.start()]
        by_status[label] = by_status.get(label, 0) + int(found.group(1))
    return Totals(sum(by_status.values()), by_status) if by_status else Totals()


def _carries_units(text: str) -> bool:
    """True when an item's line names its units (in a keyed or a bare bracket)."""
    return split_item_line(text)[1] is not None


def _section_kind(heading: str) -> str:
    """What a non-status top-level section holds, from its heading."""
    if "亮点" in heading:
        return "highlights"
    if any(word in heading for word in _RECOMMENDATION_WORDS):
        return "recommendations"
    return "other"


def _is_paragraph(line: str) -> bool:
    return "。" in line or line.endswith((":", ";"))


def _title_from(lines: list[str]) -> str | None:
    """The title among the lines above the opening: mastheads (督查通报, 第3期, issuer and
    date) and an official 版头 (issuer, 文号) are passed over, and a title wrapped onto a
    second line is joined again."""
    kept = [line for line in lines
            if not _MASTHEAD.fullmatch(line) and not is_head_line(line)] or lines
    if not kept:
        return None
    title = kept[0]
    if len(kept) > 1 and not _TITLE_END.search(title) and _TITLE_END.search(kept[1]):
        title += kept[1]
    return title


def _title_and_opening(pre: list[str], meta_title: str | None) -> tuple[str | None, str]:
    """The title (metadata 名称, else read from the lines above the opening) and the opening."""
    above: list[str] = []
    opening: list[str] = []
    for line in pre:
        if opening or _is_paragraph(line):
            opening.append(line)
        else:
            above.append(line)
    title = meta_title or _title_from(above)
    return title, "\n".join(line for line in opening if line != title)


def _apply_dates(builder: _Builder, text: str, published: dt.date | None) -> None:
    """Resolve every meeting date at once, so the meetings' order can settle damaged dates."""
    if not builder.headings:
        return
    meetings, headings, sections = zip(*builder.headings, strict=True)
    resolved = resolve_meeting_dates(
        headings, sections, period=parse_period(text), published=published
    )
    for meeting, res in zip(meetings, resolved, strict=True):
        meeting.date = res.date.isoformat() if res.date else None
        meeting.date_ambiguous = res.ambiguous
        meeting.date_candidates = [d.isoformat() for d in res.candidates]


def _published(parts: tuple[int, int, int] | None) -> dt.date | None:
    try:
        return dt.date(*parts) if parts else None
    except ValueError:
        return None


def parse_bulletin(text: str) -> Bulletin | None:
    """Parse a bulletin's text; None when it is not a supervision bulletin at all."""
    page = split_page(normalize_text(text).split("\n"))
    frame = split_frame(page.lines)
    builder = _Builder()
    for line in frame.body:
        builder.feed(line)
    builder._close_item()
    title, opening = _title_and_opening(builder.pre, page.meta_title)
    published = _published(page.published or frame.signed)
    _apply_dates(builder, f"{title or ''}\n{opening}", published)
    summary = builder.pre + builder.summary
    bulletin = Bulletin(
        title=title,
        sections=builder.sections,
        totals=_totals(summary, builder.sections),
        items_named=find_items_named(summary),
        highlights=parse_highlights(builder.highlight_lines),
        recommendations=parse_recommendations(builder.recommendation_lines),
        opening=opening,
        closing="\n".join(frame.closing),
    )
    head = f"{title or ''}\n{opening}"
    marked = bool(_MARKER_REPORT.search(head) and _MARKER_SUPERVISION.search(head))
    has_content = bulletin.sections or bulletin.totals.by_status or bulletin.highlights
    return bulletin if has_content or bulletin.recommendations or marked else None
