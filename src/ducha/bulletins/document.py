"""A finished bulletin as plain data, independent of where its text came from.

The composer (ledger and reporting services) fills a ``BulletinDocument``; the renderers
(.docx, .html, .md, .txt, .pdf) only read it. Keeping this layer free of Django lets the
renderers be tested, benchmarked and reused without a database, and lets an issued version be
frozen as JSON (``to_dict`` / ``from_dict``) and rendered again byte for byte later.

Texts are stored as printed, ordinals included ("一、已落实事项", "(一)2026年5月17日…"), so
that what the office edits is exactly what the document shows; ``ordinal`` helps composers
number them the GB/T 9704 way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, get_args

Layout: TypeAlias = Literal["official", "periodical", "letter"]
LAYOUTS: tuple[str, ...] = get_args(Layout)

_CN_DIGITS = "零一二三四五六七八九"
# Ordinals that open a run-in heading, by level (GB/T 9704 7.3.3), and the stops that end it.
_RUN_IN = (
    (1, re.compile(r"[一二三四五六七八九十百零〇]+、")),
    (2, re.compile(r"[（(][一二三四五六七八九十百零〇]+[）)]")),
    (3, re.compile(r"\d{1,3}[.．](?!\d)")),
    (4, re.compile(r"[（(]\d{1,3}[）)]")),
)
_HEAD_END = "。！？；：:"


class BulletinDataError(ValueError):
    """Stored bulletin data that cannot be read back (bad JSON shape, unknown layout, bad date)."""


@dataclass(slots=True)
class Paragraph:
    """One body paragraph (正文段落), printed with a two-character first-line indent."""

    text: str


@dataclass(slots=True)
class SubHeading:
    """A heading inside a section: level 2 is (一)…, level 3 is 1.…, level 4 is (1)…."""

    text: str
    level: int = 2


@dataclass(slots=True)
class Item:
    """One supervised item: "1.审议《…》的落实情况。(责任单位:…)" followed by its progress."""

    number: int | None
    title: str
    units_note: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The item line as printed: number, title and the unit annotation."""
        prefix = f"{self.number}." if self.number is not None else ""
        return f"{prefix}{self.title}{self.units_note}"


Block: TypeAlias = SubHeading | Item | Paragraph


@dataclass(slots=True)
class Section:
    """A first-level part (一、已落实事项); an empty heading prints the blocks alone."""

    heading: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Masthead:
    """The periodical's 版头: 刊名, 期号 counted per year, and the optional running total."""

    name: str = "政务督查"
    issue: int = 1
    total: int | None = None

    @property
    def issue_label(self) -> str:
        """"第3期" or "第3期(总第45期)"."""
        label = f"第{self.issue}期"
        return f"{label}（总第{self.total}期）" if self.total else label


@dataclass(slots=True, kw_only=True)
class BulletinDocument:
    """Everything a rendered bulletin prints, from 版头 to 版记.

    ``layout`` "official" is the numbered 公文 (red 发文机关标志, 文号, red separator);
    "periodical" is the 简报 form (刊名 in red, 期号, 编发单位 and date over a red rule);
    "letter" is GB/T 9704's 信函格式 (a compact red head over a double rule, 文号 at the
    right, no page number on the first page), which lets one-page notices fit.
    ``printer`` and ``print_date`` make the 印发 line of the 版记; ``print_date`` defaults
    to ``date``.
    """

    title: str
    date: dt.date
    layout: Layout = "official"
    issuer: str = ""
    doc_number: str = ""
    masthead: Masthead | None = None
    addressees: str = ""
    opening: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    signature: str = ""
    cc: str = ""
    printer: str = ""
    print_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise BulletinDataError(
                f"未知的版式“{self.layout}”:请使用 official(公文)、periodical(简报)"
                "或 letter(信函)")

    @property
    def date_label(self) -> str:
        """成文日期 as printed: 2026年11月25日."""
        return format_date(self.date)

    def item_count(self) -> int:
        """How many items the sections hold (for summaries and benchmarks)."""
        return sum(isinstance(b, Item) for s in self.sections for b in s.blocks)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: dates as ISO strings, every block tagged with its kind."""
        return {
            "title": self.title,
            "date": self.date.isoformat(),
            "layout": self.layout,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "masthead": _masthead_dict(self.masthead),
            "addressees": self.addressees,
            "opening": [p.text for p in self.opening],
            "sections": [_section_dict(s) for s in self.sections],
            "closing": [p.text for p in self.closing],
            "signature": self.signature,
            "cc": self.cc,
            "printer": self.printer,
            "print_date": self.print_date.isoformat() if self.print_date else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BulletinDocument:
        """Read back what ``to_dict`` wrote; raises ``BulletinDataError`` with a reason."""
        try:
            masthead = data.get("masthead")
            return cls(
                title=str(data["title"]),
                date=_parse_date(data["date"]),
                layout=data.get("layout", "official"),
                issuer=str(data.get("issuer", "")),
                doc_number=str(data.get("doc_number", "")),
                masthead=Masthead(**masthead) if masthead else None,
                addressees=str(data.get("addressees", "")),
                opening=[Paragraph(str(t)) for t in data.get("opening", [])],
                sections=[_section_from(s) for s in data.get("sections", [])],
                closing=[Paragraph(str(t)) for t in data.get("closing", [])],
                signature=str(data.get("signature", "")),
                cc=str(data.get("cc", "")),
                printer=str(data.get("printer", "")),
                print_date=_parse_date(data["print_date"]) if data.get("print_date") else None,
            )
        except BulletinDataError:
            raise
        except (KeyError, TypeError, AttributeError) as exc:
            raise BulletinDataError(f"通报数据不完整或格式不对({exc!r}),无法读取") from exc


def _masthead_dict(masthead: Masthead | None) -> dict[str, Any] | None:
    if masthead is None:
        return None
    return {"name": masthead.name, "issue": masthead.issue, "total": masthead.total}


def _section_dict(section: Section) -> dict[str, Any]:
    return {"heading": section.heading, "level": section.level,
            "blocks": [_block_dict(b) for b in section.blocks]}


def _block_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Item):
        return {"kind": "item", "number": block.number, "title": block.title,
                "units_note": block.units_note, "paragraphs": [p.text for p in block.paragraphs]}
    if isinstance(block, SubHeading):
        return {"kind": "subheading", "text": block.text, "level": block.level}
    return {"kind": "paragraph", "text": block.text}


def _section_from(data: dict[str, Any]) -> Section:
    return Section(heading=str(data.get("heading", "")), level=int(data.get("level", 1)),
                   blocks=[_block_from(b) for b in data.get("blocks", [])])


def _block_from(data: dict[str, Any]) -> Block:
    kind = data.get("kind")
    if kind == "item":
        number = data.get("number")
        return Item(number=int(number) if number is not None else None,
                    title=str(data["title"]), units_note=str(data.get("units_note", "")),
                    paragraphs=[Paragraph(str(t)) for t in data.get("paragraphs", [])])
    if kind == "subheading":
        return SubHeading(text=str(data["text"]), level=int(data.get("level", 2)))
    if kind == "paragraph":
        return Paragraph(text=str(data["text"]))
    raise BulletinDataError(f"未知的内容类型“{kind}”:应为 item、subheading 或 paragraph")


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise BulletinDataError(f"日期“{value}”无法识别:请使用 2026-11-25 这样的格式") from exc


def format_date(date: dt.date) -> str:
    """GB/T 9704 成文日期: Arabic numerals, full year, no zero padding (2026年5月7日)."""
    return f"{date.year}年{date.month}月{date.day}日"


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1–99, as ordinals print it (十一, 二十, 九十九)."""
    if not 0 < n < 100:
        raise ValueError(f"序号 {n} 超出 1–99 的范围")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


def ordinal(level: int, n: int) -> str:
    """The GB/T 9704 heading ordinal: 一、 / (一) / 1. / (1) for levels 1–4."""
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"标题层级 {level} 无效:只有 1–4 级")


def run_in_heading(text: str) -> tuple[int, int]:
    """(level, length) of the heading a paragraph opens with, (0, 0) when it opens with none.

    "一、总体情况。全市…" opens with a level-1 heading of 6 characters: GB/T 9704 prints the
    ordinal and the words up to the first stop in the heading's face (一、 黑体, (一) 楷体) and
    the rest as body text; with no stop the whole paragraph is the heading.
    """
    for level, pattern in _RUN_IN:
        match = pattern.match(text)
        if match:
            rest = text[match.end():]
            stop = next((i + 1 for i, ch in enumerate(rest) if ch in _HEAD_END), len(rest))
            return level, match.end() + stop
    return 0, 0
