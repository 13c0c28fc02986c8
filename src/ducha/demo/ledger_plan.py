"""Plan the demo ledger in memory (no database): tasks, their units and indicators."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ducha.choices import SourceKind, TaskCategory
from ducha.demo import texts
from ducha.demo.directory import DEPARTMENTS

CHINESE_NUMERALS = "一二三四五六七八九十"
LEADERS = ("李常务副市长", "王副市长", "赵副市长", "陈副市长", "刘副市长", "周副市长")
WORK_TASKS = 100
MEETINGS = 6
ITEMS_PER_MEETING = 5


@dataclass(frozen=True)
class PlannedIndicator:
    name: str
    kind: str
    comparator: str
    value: Decimal | None
    measure: str
    cumulative: bool


@dataclass
class PlannedTask:
    source_title: str
    source_kind: str
    source_doc_number: str
    source_date: dt.date
    position: int
    number: str
    chapter: str
    title: str
    text: str
    outline_path: str
    lead: list[str]
    responsible: list[str]
    deadline: dt.date | None
    deadline_text: str
    category: str
    lead_leaders: str = ""
    trajectory: str = "steady"
    indicators: list[PlannedIndicator] = field(default_factory=list)
    meeting_number: int = 0
    meeting_date: dt.date | None = None


def _others(rng: random.Random, exclude: list[str], k: int) -> list[str]:
    names = [short or full for full, short in DEPARTMENTS if (short or full) not in exclude]
    return rng.sample(names, k)


def _trajectory(rng: random.Random, category: str) -> str:
    if category == TaskCategory.LONG_TERM:
        return "ongoing"
    names = [n for n in texts.TRAJECTORY_WEIGHTS if n != "ongoing"]
    return rng.choices(names, weights=[texts.TRAJECTORY_WEIGHTS[n] for n in names])[0]


def _target_text(ind: PlannedIndicator) -> str:
    if ind.kind == "qualitative":
        return ind.name
    value = f"{ind.value.normalize():f}" if ind.value is not None else ""
    suffix = {">=": "以上", "<=": "以内", "~": "左右", "=": ""}[ind.comparator]
    if ind.kind == "count" and ind.comparator == ">=":
        return f"{ind.name}不少于{value}{ind.measure}"
    return f"{ind.name}{value}{ind.measure}{suffix}"


def _work_report(rng: random.Random, year: int) -> list[PlannedTask]:
    """The decomposition of the work report: main targets, then tasks chapter by chapter."""
    title = f"示例市人民政府办公室关于分解落实《政府工作报告》确定的{year}年重点工作的通知"
    base = {"source_title": title, "source_kind": SourceKind.WORK_REPORT,
            "source_doc_number": f"示政办发〔{year}〕1号", "source_date": dt.date(year, 1, 20)}
    tasks: list[PlannedTask] = []
    for i, (name, kind, comp, value, measure, cum) in enumerate(texts.MAIN_TARGETS, start=1):
        ind = PlannedIndicator(name, kind, comp, Decimal(str(value)) if value else None,
                               measure, cum)
        heading, leads, _ = texts.CHAPTERS[0]
        lead = [leads[i % len(leads)]]
        tasks.append(PlannedTask(
            **base, position=len(tasks), number=f"({CHINESE_NUMERALS[i - 1]})",
            chapter=heading, title=_target_text(ind), text=_target_text(ind) + "。",
            outline_path=f"一.({CHINESE_NUMERALS[i - 1]})", lead=lead,
            responsible=_others(rng, lead, 2), deadline=dt.date(year, 12, 31),
            deadline_text=f"{year}年12月底", category=TaskCategory.ANNUAL,
            lead_leaders=LEADERS[0], trajectory=_trajectory(rng, TaskCategory.ANNUAL),
            indicators=[ind]))
    topics = [(c, t) for c in range(1, len(texts.CHAPTERS)) for t in texts.CHAPTERS[c][2]]
    extra = {c: [t for t in texts.TASK_TARGETS if t[0] == c] for c in range(len(texts.CHAPTERS))}
    numbers: dict[int, int] = {}
    for k in range(WORK_TASKS - len(tasks)):
        chapter_index, topic = topics[k % len(topics)]
        heading, leads, _ = texts.CHAPTERS[chapter_index]
        n = numbers[chapter_index] = numbers.get(chapter_index, 0) + 1
        verb = texts.TASK_VERBS[(k + n) % len(texts.TASK_VERBS)]
        indicators = []
        if extra[chapter_index]:
            _, iname, ikind, icomp, ivalue, imeasure = extra[chapter_index].pop(0)
            indicators.append(PlannedIndicator(iname, ikind, icomp, Decimal(str(ivalue)),
                                               imeasure, ikind == "count"))
        title = f"{verb}{topic}" + ("(提质扩面)" if k >= len(topics) else "")
        body = title + "。" + "".join(_target_text(i) + "。" for i in indicators)
        category = TaskCategory.LONG_TERM if rng.random() < 0.15 else TaskCategory.ANNUAL
        lead = [rng.choice(leads)]
        responsible = _others(rng, lead, rng.randint(1, 3))
        if rng.random() < 0.3:
            responsible.append("各县市区人民政府")
        month = rng.choice((6, 9, 12, 12, 12))
        tasks.append(PlannedTask(
            **base, position=len(tasks), number=f"{n}.", chapter=heading, title=title,
            text=body, outline_path=f"{heading[0]}.{n}", lead=lead, responsible=responsible,
            deadline=None if category == TaskCategory.LONG_TERM
            else dt.date(year, month, 30 if month in (6, 9) else 31),
            deadline_text="长期坚持" if category == TaskCategory.LONG_TERM
            else f"{year}年{month}月底",
            category=category, lead_leaders=rng.choice(LEADERS),
            trajectory=_trajectory(rng, category), indicators=indicators))
    return tasks


def _meetings(rng: random.Random, year: int) -> list[PlannedTask]:
    """Six executive meetings of the previous autumn and this spring, five items each."""
    tasks: list[PlannedTask] = []
    all_topics = [t for _, _, topics in texts.CHAPTERS for t in topics]
    for m in range(MEETINGS):
        date = dt.date(year - 1 if m < 2 else year, (10 + 2 * m) % 12 or 12, 8 + 3 * m)
        number = m + 1 if date.year == year else 20 + m
        title = f"示例市人民政府第{number}次常务会议纪要"
        for i in range(ITEMS_PER_MEETING):
            topic = rng.choice(all_topics)
            item = rng.choice(texts.MEETING_ITEMS).format(t=topic)
            lead = _others(rng, [], rng.randint(1, 2))
            decided = item.replace("有关议定事项", "")
            tasks.append(PlannedTask(
                source_title=title, source_kind=SourceKind.MEETING_MINUTES,
                source_doc_number="", source_date=date, position=len(tasks),
                number=f"{i + 1}.", chapter="", title=f"{item}的落实情况",
                text=f"会议{decided},原则同意,请{'、'.join(lead)}抓好落实。",
                outline_path=str(i + 1), lead=lead, responsible=[], deadline=None,
                deadline_text="", category=TaskCategory.ANNUAL,
                trajectory=_trajectory(rng, TaskCategory.ANNUAL),
                meeting_number=number, meeting_date=date))
    return tasks


def plan_ledger(rng: random.Random, year: int) -> list[PlannedTask]:
    """The whole ledger of one demo copy: ~100 work-report tasks and ~30 meeting items."""
    return _work_report(rng, year) + _meetings(rng, year)
