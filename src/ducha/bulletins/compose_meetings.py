"""Composing a meeting-decision bulletin (seeds 000 and 001): sections by status, meetings in
date order with (一)(二), items numbered only where a meeting has several, "(责任单位:…)"."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Paragraph,
    Section,
    SubHeading,
    cn_numeral,
    format_date,
)
from ducha.bulletins.gather import (
    UNFINISHED,
    ItemState,
    executive_meeting_dates,
    item_states,
    meeting_tasks,
)
from ducha.choices import MeetingKind
from ducha.docparse.vocab import STATUS_CODES
from ducha.reporting.models import Period

SECTION_HEADINGS = {
    "done": "已落实事项", "basically_done": "已基本完成事项", "in_progress": "正在推进事项",
    "ongoing": "持续推进事项", "not_done": "尚未完全落实事项", "lagging": "需要加大力度事项",
    "problem": "存在突出问题事项",
}


_NUMBERED_KINDS = {MeetingKind.EXECUTIVE: "常务会议", MeetingKind.PLENARY: "全体会议"}
_OTHER_KINDS = {MeetingKind.SPECIAL: "市政府专题会议"}
Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class MeetingScope:
    """Meetings held in [since, until] are this bulletin's own; unfinished items of earlier
    meetings are carried over. ``since`` None means there is no earlier bulletin."""

    until: dt.date
    since: dt.date | None = None


def month_range(first: dt.date, last: dt.date) -> str:
    """2020年9月-2021年8月, or 2020年5-6月 inside one year, or 2020年5月."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}年{first.month}月"
    if first.year == last.year:
        return f"{first.year}年{first.month}-{last.month}月"
    return f"{first.year}年{first.month}月-{last.year}年{last.month}月"


def _meeting_heading(n: int, state: ItemState) -> str:
    """(一)2026年1月10日市政府第1次常务会议; other kinds print their own name, not 常务会议."""
    m = state.task.meeting
    assert m is not None
    if m.kind in _NUMBERED_KINDS:
        name = f"市政府第{m.number}次{_NUMBERED_KINDS[m.kind]}"
    else:
        name = m.title or _OTHER_KINDS.get(m.kind, "市政府有关会议")
    return f"({cn_numeral(n)}){format_date(m.date)}{name}"


def _item(state: ItemState, number: int | None) -> Item:
    note = f"(责任单位:{'、'.join(state.units)})" if state.units else ""
    title = state.task.title.rstrip("。")
    paragraphs = [Paragraph(p) for p in state.progress.split("\n") if p.strip()]
    return Item(number=number, title=f"{title}。", units_note=note, paragraphs=paragraphs)


def _section(n: int, status: str, states: list[ItemState]) -> Section:
    by_meeting: OrderedDict[int, list[ItemState]] = OrderedDict()
    for s in sorted(states, key=lambda s: (s.task.meeting.date, s.task.meeting.number,  # type: ignore[union-attr]
                                           s.task.position)):
        by_meeting.setdefault(s.task.meeting_id, []).append(s)  # type: ignore[arg-type]
    blocks: list[SubHeading | Item | Paragraph] = []
    for k, items in enumerate(by_meeting.values(), start=1):
        blocks.append(SubHeading(_meeting_heading(k, items[0])))
        several = len(items) > 1
        blocks += [_item(s, i if several else None) for i, s in enumerate(items, start=1)]
    return Section(heading=f"{cn_numeral(n)}、{SECTION_HEADINGS[status]}", blocks=blocks)


def _dates(states: list[ItemState]) -> Span | None:
    dates = [s.task.meeting.date for s in states]  # type: ignore[union-attr]
    return (min(dates), max(dates)) if dates else None


def _current_span(own: list[ItemState], scope: MeetingScope) -> Span | None:
    """This bulletin's own months: from ``since`` (or the first meeting) to the last meeting
    held, meetings whose minutes assigned nothing included (seed 000 opens at 2020年9月
    though the first meeting it lists is of May 2021)."""
    dates = executive_meeting_dates(until=scope.until, since=scope.since)
    dates += [d for d in (_dates(own) or ()) if d not in dates]
    if not dates:
        return None
    return (scope.since or min(dates), max(dates))


def _texts(*, current: Span | None, earlier: Span | None, until: dt.date, when: str
           ) -> tuple[str, str]:
    """Title and opening paragraph in the seeds' form. The opening counts the executive
    meetings of the whole span the bulletin covers, carried-over months included (seed 001:
    "2019年11月-2020年6月市政府共召开10次常务会议"); with no meeting of its own the span runs
    to ``until``, so the count never pretends the earlier months are this bulletin's."""
    now = month_range(*current) if current else ""
    if earlier:
        old = month_range(*earlier)
        words = (f"{old}市政府常务会议纪要尚未落实事项及{now}市政府常务会议纪要确定有关事项落实情况"
                 if now else f"{old}市政府常务会议纪要尚未落实事项落实情况")
        title, what = f"关于{words}的督查通报", f"对{words}进行了督办"
    else:
        title = f"关于{now}市政府常务会议纪要确定有关事项落实情况的督查通报"
        what = f"对{now}市政府常务会议纪要确定有关事项的进展情况进行了督办"
    spans = [s for s in (earlier, current) if s]
    held = "市政府未召开常务会议。"
    if spans:
        first = min(s[0] for s in spans)
        last = current[1] if current else until
        count = len(executive_meeting_dates(until=last, since=first))
        if count:
            held = f"{month_range(first, last)},市政府共召开{count}次常务会议并印发纪要。"
        else:
            held = f"{month_range(first, last)},{held}"
    opening = (f"{held}为切实推进市政府决策部署贯彻落实,市政府政务督查室于{when},{what},"
               "现通报如下:")
    return title, opening


def compose_meetings(*, period: Period, scope: MeetingScope, today: dt.date,
                     order: list[str] | None = None, issuer: str = "") -> BulletinDocument:
    """Draft the bulletin of a period: this scope's meetings plus carried-over items."""
    states = item_states(meeting_tasks(until=scope.until), period)
    own = [s for s in states if scope.since is None or s.task.meeting.date >= scope.since]  # type: ignore[union-attr]
    carried = [s for s in states if s not in own and s.status in UNFINISHED]
    for s in carried:
        s.carried = True
    order = [c for c in (order or []) if c in STATUS_CODES] or list(STATUS_CODES)
    order += [c for c in STATUS_CODES if c not in order]
    chosen = own + carried
    sections = []
    for status in order:
        group = [s for s in chosen if s.status == status]
        if group:
            sections.append(_section(len(sections) + 1, status, group))
    when = f"{today.year}年{today.month}月"
    title, opening = _texts(current=_current_span(own, scope), earlier=_dates(carried),
                            until=scope.until, when=when)
    return BulletinDocument(title=title, date=today, issuer=issuer,
                            opening=[Paragraph(opening)], sections=sections)
