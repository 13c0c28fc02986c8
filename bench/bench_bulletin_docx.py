"""A 1,000-item bulletin through ``render_docx`` against bare python-docx in the same run.

The floor writes the same paragraphs (title, headings, item lines, progress) with
``Document().add_paragraph`` and no styling at all; the ratio says what the GB/T 9704 layout
(styles, 版头, page-number footers, 版记) costs on top. Goal: the styled bulletin under 2 s.
Standalone: no Django, no database.

usage: .venv/bin/python bench/bench_bulletin_docx.py [ITEMS]
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable, Iterator

import docx

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Masthead,
    Paragraph,
    Section,
    SubHeading,
    ordinal,
)
from ducha.bulletins.render_docx import render_docx

GOAL_SECONDS = 2.0
STATUSES = ("已落实事项", "正在推进事项", "持续推进事项")
PROGRESS = ("市发改委会同市财政局制定了工作方案，明确了责任分工和时间节点，"
            "已完成项目前期论证和资金测算，召开专题推进会议三次，协调解决用地、"
            "环评等问题五个，累计完成投资二点三亿元，占年度计划的百分之八十六，"
            "下一步将加快工程建设进度，确保年底前全面完成建设任务并投入使用。")


def build(items: int) -> BulletinDocument:
    """Meetings of ten items each, spread over three status sections; ~150-character items."""
    sections = [Section(ordinal(1, i + 1) + name) for i, name in enumerate(STATUSES)]
    per_meeting = 10
    for n in range(items):
        section = sections[n % len(sections)]
        if n % (per_meeting * len(sections)) < len(sections):
            meetings = sum(isinstance(b, SubHeading) for b in section.blocks)
            day = dt.date(2026, 1, 5) + dt.timedelta(days=7 * (n // per_meeting))
            section.blocks.append(SubHeading(
                f"{ordinal(2, meetings % 99 + 1)}{day.year}年{day.month}月{day.day}日"
                f"市政府第{n // per_meeting + 1}次常务会议"))
        section.blocks.append(Item(
            number=n % per_meeting + 1,
            title=f"审议《示例市第{n + 1}项重点工作实施方案》有关议定事项的落实情况。",
            units_note="（责任单位：市发改委、市财政局）",
            paragraphs=[Paragraph(PROGRESS)]))
    return BulletinDocument(
        title="关于2026年市政府常务会议议定事项落实情况的督查通报", date=dt.date(2026, 11, 25),
        layout="periodical", issuer="示例市人民政府政务督查室",
        masthead=Masthead("政务督查", 12, 140), addressees="各县市区人民政府，市政府各部门：",
        opening=[Paragraph("为切实推进市政府决策部署贯彻落实，现将有关情况通报如下：")],
        sections=sections, signature="示例市人民政府政务督查室",
        cc="市委办公室，市人大常委会办公室，市政协办公室", printer="示例市人民政府政务督查室")


def texts(doc: BulletinDocument) -> Iterator[str]:
    """The same paragraph texts the renderer writes, in order."""
    yield doc.title
    yield doc.addressees
    yield from (p.text for p in doc.opening)
    for section in doc.sections:
        yield section.heading
        for block in section.blocks:
            if isinstance(block, Item):
                yield block.label
                yield from (p.text for p in block.paragraphs)
            else:
                yield block.text


def bare(doc: BulletinDocument) -> bytes:
    """The floor: the same paragraphs through python-docx with no styling."""
    document = docx.Document()
    for text in texts(doc):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def best_of(runs: int, func: Callable[[], bytes]) -> tuple[float, int]:
    """Median seconds over runs, and the output size of the last run."""
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(func())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main(argv: list[str]) -> int:
    items = int(argv[1]) if len(argv) > 1 else 1000
    doc = build(items)
    render_docx(doc)  # warm imports and the template
    bare(doc)
    floor, floor_size = best_of(5, lambda: bare(doc))
    styled, styled_size = best_of(5, lambda: render_docx(doc))
    print(f"bulletin .docx, {doc.item_count()} items, {sum(1 for _ in texts(doc))} paragraphs")
    print(f"  bare python-docx (floor): {floor:.3f} s  ({floor_size / 1024:.0f} KiB)")
    print(f"  render_docx (GB/T 9704):  {styled:.3f} s  ({styled_size / 1024:.0f} KiB)")
    print(f"  ratio render/floor: {styled / floor:.2f}x; goal < {GOAL_SECONDS:g} s: "
          f"{'met' if styled < GOAL_SECONDS else 'MISSED'}")
    return 0 if styled < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
