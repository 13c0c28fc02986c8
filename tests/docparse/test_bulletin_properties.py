"""Property tests: a bulletin written from a random outline parses back to that outline.

The generator writes bulletins of the fictional 示例市 in the printed grammar (status sections,
meeting headings with or without enumerators, numbered or single unnumbered items, unit
annotations with bracketed names and a trailing 等, progress paragraphs); the parser must give
back exactly the outline it was written from. A second property damages the meeting dates the
way scraped pages do and checks that the true date is never lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.docparse.bulletin import parse_bulletin

LABELS = {
    "已落实事项": "done", "已完成": "done", "已基本完成事项": "basically_done",
    "正在推进事项": "in_progress", "有序推进": "in_progress", "持续推进事项": "ongoing",
    "尚未完全落实事项": "not_done", "存在突出问题": "problem", "需要加大力度": "lagging",
}
CN = "一二三四五六七八九十"
WORDS = st.text(alphabet="城乡道路公园学校医院交通环境水务能源产业文化旅游", min_size=1, max_size=8)
YEAR = 2022


@dataclass
class ItemSpec:
    title: str
    units: list[str]
    progress: list[str]


@dataclass
class MeetingSpec:
    date: dt.date
    enumerated: bool
    numbered: bool
    items: list[ItemSpec]

    @property
    def number(self) -> int:
        return self.date.timetuple().tm_yday  # numbers grow with the date within a year


@dataclass
class SectionSpec:
    label: str
    meetings: list[MeetingSpec]
    style: str  # "top" 一、 | "sub" (一) | "bare"


@st.composite
def units(draw: st.DrawFn) -> list[str]:
    names = [f"示例市{w}局" for w in draw(st.lists(WORDS, min_size=1, max_size=3))]
    if draw(st.booleans()):
        names[0] = f"示例{draw(WORDS)}(集团)有限公司"
    if draw(st.booleans()):
        names[-1] += "等"
    return names


@st.composite
def items(draw: st.DrawFn) -> ItemSpec:
    progress = [f"{w}工作已完成。" for w in draw(st.lists(WORDS, max_size=3))]
    return ItemSpec(f"审议《示例市{draw(WORDS)}办法》的落实情况。", draw(units()), progress)


@st.composite
def meetings(draw: st.DrawFn, date: dt.date) -> MeetingSpec:
    found = draw(st.lists(items(), min_size=1, max_size=4))
    numbered = len(found) > 1 or draw(st.booleans())
    return MeetingSpec(date, draw(st.booleans()), numbered, found)


@st.composite
def outlines(draw: st.DrawFn) -> list[SectionSpec]:
    sections = []
    for label in draw(st.lists(st.sampled_from(sorted(LABELS)), min_size=1, max_size=4)):
        days = draw(st.lists(st.integers(0, 364), min_size=1, max_size=3, unique=True))
        dates = [dt.date(YEAR, 1, 1) + dt.timedelta(days=d) for d in sorted(days)]
        style = draw(st.sampled_from(["top", "sub", "bare"]))
        sections.append(SectionSpec(label, [draw(meetings(d)) for d in dates], style))
    return sections


def _date_text(date: dt.date, damaged: bool) -> str:
    sep = ("", "") if damaged else ("年", "月")
    return f"{date.year}{sep[0]}{date.month}{sep[1]}{date.day}日"


def render(outline: list[SectionSpec], *, damaged: bool = False) -> str:
    """Write an outline as a bulletin text in the printed grammar."""
    lines = ["示例市政府督查室对市政府常务会议议定事项落实情况进行了督办,现通报如下:"]
    for s_index, section in enumerate(outline):
        enumerator = {"top": f"{CN[s_index]}、", "sub": f"({CN[s_index]})", "bare": ""}
        lines.append(enumerator[section.style] + section.label)
        for m_index, meeting in enumerate(section.meetings):
            prefix = f"({CN[m_index]})" if meeting.enumerated else ""
            heading = f"{_date_text(meeting.date, damaged)}示例市政府第{meeting.number}次常务会议"
            lines.append(prefix + heading)
            for i_index, item in enumerate(meeting.items, start=1):
                number = f"{i_index}." if meeting.numbered else ""
                lines.append(f"{number}{item.title}(责任单位:{'、'.join(item.units)})")
                lines.extend(item.progress)
    return "\n".join(lines)


def expected(outline: list[SectionSpec]) -> list[dict[str, object]]:
    return [
        {"status": LABELS[s.label], "heading": s.label, "meetings": [
            {"heading": f"{_date_text(m.date, False)}示例市政府第{m.number}次常务会议",
             "date": m.date.isoformat(), "number": m.number, "date_ambiguous": False,
             "date_candidates": [], "items": [
                 {"number": str(i) if m.numbered else None, "title": it.title,
                  "units": it.units, "progress": "\n".join(it.progress)}
                 for i, it in enumerate(m.items, start=1)]}
            for m in s.meetings]}
        for s in outline
    ]


@settings(max_examples=150, deadline=None)
@given(outlines())
def test_written_outline_parses_back(outline: list[SectionSpec]) -> None:
    bulletin = parse_bulletin(render(outline))
    assert bulletin is not None
    assert bulletin.to_dict()["sections"] == expected(outline)


@settings(max_examples=150, deadline=None)
@given(outlines())
def test_damaged_dates_never_lose_the_true_date(outline: list[SectionSpec]) -> None:
    bulletin = parse_bulletin(render(outline, damaged=True))
    assert bulletin is not None
    parsed = [m for s in bulletin.sections for m in s.meetings]
    truth = [m for s in outline for m in s.meetings]
    assert len(parsed) == len(truth)
    for got, want in zip(parsed, truth, strict=True):
        if got.date_ambiguous:
            assert want.date.isoformat() in got.date_candidates
        else:
            assert got.date == want.date.isoformat()
        assert got.number == want.number
