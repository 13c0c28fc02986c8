"""Composing the work-report quarterly (seed 002) and the special-supervision summary (003).

Ducha drafts the figures, the indicator paragraph and the lagging lists; highlights,
recommendations and next steps are the office's judgement, drafted as prompts to fill in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Paragraph,
    Section,
    SubHeading,
    cn_numeral,
)
from ducha.bulletins.gather import ItemState, item_states
from ducha.ledger.indicators import IndicatorRow, indicator_evaluations
from ducha.ledger.models import Indicator, Source, Task
from ducha.reporting.models import QUARTER_NAMES, Period

TOTAL_WORDS = {"done": "已完成", "basically_done": "基本完成", "in_progress": "有序推进",
               "ongoing": "持续推进", "not_done": "尚未落实", "problem": "存在突出问题",
               "lagging": "需要加大力度"}
LAGGING = ("problem", "lagging", "not_done")
TO_FILL = "(此处由督查室填写)"


def _period_words(period: Period) -> str:
    if period.kind == "quarter":
        return QUARTER_NAMES[period.index - 1]
    return f"{period.index}月"


def _num(value: object) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _target_phrase(ind: Indicator) -> str:
    suffix = {">=": "以上", "<=": "以内", "~": "左右"}.get(ind.comparator, "")
    return f"{_num(ind.value)}{ind.measure}{suffix}"


def indicator_sentence(rows: list[IndicatorRow]) -> str:
    """地区生产总值增长58.3%(目标10.5%);… — actuals against targets, as seed 002 prints them."""
    parts = [f"{r.indicator.name}{_num(r.actual)}{r.measure or r.indicator.measure}"
             f"(目标{_target_phrase(r.indicator)})"
             for r in rows if r.actual is not None and r.indicator.value is not None]
    return ";".join(parts)


def _task_items(states: list[ItemState], rows_by_task: dict[int, list[IndicatorRow]]
                ) -> list[Item]:
    items = []
    for n, s in enumerate(states, start=1):
        paragraphs = [Paragraph(p) for p in s.progress.split("\n") if p.strip()]
        paragraphs += [Paragraph(r.original.explanation + "。")
                       for r in rows_by_task.get(s.task.pk, []) if r.original is not None]
        items.append(Item(number=n, title=s.task.title.rstrip("。") + "。",
                          units_note=f"(牵头单位:{s.units[0]})" if s.units else "",
                          paragraphs=paragraphs))
    return items


def compose_work_report(*, period: Period, source: Source, today: dt.date,
                        issuer: str = "") -> BulletinDocument:
    """The quarterly bulletin on the work report: main targets, other indicators, key work."""
    tasks = list(Task.objects.active().filter(source=source).order_by("position"))
    states = item_states(tasks, period)
    indicators = list(Indicator.objects.active().filter(task__in=tasks).order_by("task__position"))
    rows = indicator_evaluations(indicators=indicators, periods=[period])
    first_chapter = tasks[0].chapter if tasks else ""
    main = [r for r in rows if r.indicator.task.chapter == first_chapter]
    by_task: dict[int, list[IndicatorRow]] = {}
    for r in rows:
        if r.indicator.task.chapter != first_chapter:
            by_task.setdefault(r.indicator.task_id, []).append(r)
    when = _period_words(period)
    head = SubHeading("(一)全市经济社会发展主要预期目标完成情况")
    sentence = indicator_sentence(main)
    main_text = f"{when},我市实现{sentence}。" if sentence else f"{when}指标数据尚未报送。"
    section1 = Section("一、主要指标任务完成情况", blocks=[
        head, Paragraph(main_text),
        SubHeading("(二)报告中确定的其他指标任务完成情况"),
        *_task_items([s for s in states if s.task.pk in by_task], by_task)])
    chapters: OrderedDict[str, list[ItemState]] = OrderedDict()
    for s in states:
        if s.task.chapter != first_chapter:
            chapters.setdefault(s.task.chapter or "其他工作", []).append(s)
    blocks: list[SubHeading | Item | Paragraph] = []
    for k, (chapter, group) in enumerate(chapters.items(), start=1):
        blocks.append(SubHeading(f"({cn_numeral(k)}){chapter.split('、', 1)[-1]}"))
        blocks.append(Paragraph(totals_sentence(group)))
        blocks += _task_items([s for s in group if s.status in LAGGING], {})
    section2 = Section("二、重点工作推进情况", blocks=blocks)
    section3 = Section("三、下一步工作要求", blocks=[Paragraph(TO_FILL)])
    opening = (f"为切实推进市政府决策部署的贯彻落实,市政府政务督查室近期对《政府工作报告》确定的"
               f"{period.year}年重点工作{when}完成情况进行了督办。现将有关情况通报如下:")
    title = f"关于《政府工作报告》确定的{period.year}年重点工作{when}完成情况的通报"
    return BulletinDocument(title=title, date=today, issuer=issuer, opening=[Paragraph(opening)],
                            sections=[section1, section2, section3])


def totals_sentence(states: list[ItemState]) -> str:
    """131项工作中,47项已完成,79项有序推进,… — in the vocabulary order, zeros left out."""
    counts = Counter(s.status for s in states)
    parts = [f"{counts[code]}项{word}" for code, word in TOTAL_WORDS.items() if counts[code]]
    return f"{len(states)}项工作中,{','.join(parts)}。"


def compose_special(*, period: Period, tasks: list[Task], subject: str, today: dt.date,
                    issuer: str = "") -> BulletinDocument:
    """A special-supervision summary: totals, named lagging items, the office's own parts."""
    states = item_states(tasks, period)
    blocks: list[SubHeading | Item | Paragraph] = []
    for k, status in enumerate([c for c in LAGGING if any(s.status == c for s in states)],
                               start=1):
        group = [s for s in states if s.status == status]
        names = "、".join(s.task.title.rstrip("。") for s in group)
        blocks.append(SubHeading(f"({cn_numeral(k)}){TOTAL_WORDS[status]}的事项"))
        blocks.append(Paragraph(f"{TOTAL_WORDS[status]}的有{len(group)}项:{names}。"))
        blocks += _task_items(group, {})
    sections = [
        Section("一、总体情况", blocks=[Paragraph(totals_sentence(states))]),
        Section("二、工作亮点", blocks=[Paragraph(TO_FILL)]),
        Section("三、存在的问题", blocks=blocks or [Paragraph("未发现进展滞后的事项。")]),
        Section("四、督查建议", blocks=[Paragraph(TO_FILL)]),
    ]
    opening = (f"根据市政府工作安排,市政府政务督查室对{subject}落实情况开展了专项督查。"
               f"现将有关情况通报如下:")
    return BulletinDocument(title=f"关于{subject}落实情况的专项督查通报", date=today,
                            issuer=issuer, opening=[Paragraph(opening)], sections=sections)
