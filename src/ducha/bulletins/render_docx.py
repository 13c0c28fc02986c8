"""Render a ``BulletinDocument`` as a .docx in the GB/T 9704-2012 layout.

Two 版头 are supported, as offices use both: the numbered 公文 ("official": red 发文机关标志,
文号, red separator) and the periodical 简报 ("periodical": red 刊名, 期号, 编发单位 and date
over a red rule); a third, GB/T 9704's 信函格式 ("letter"), keeps one-page notices on one
page. Everything under the 版头 is the same: title, 主送机关, body with its heading levels,
signature and 成文日期, and the 版记 (抄送, 印发) at the foot of the last page. The page, the
grid and every face live in the style sheet (``docx_styles``); this module only decides which
paragraph gets which style and the few per-document numbers (the 版头 size that fits the name,
the signature's indent).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from typing import TypeAlias

import docx
from docx.oxml.ns import qn
from lxml import etree

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Paragraph,
    Section,
    SubHeading,
    format_date,
    run_in_heading,
)
from ducha.bulletins.docx_imprint import imprint_table, tail_paragraph
from ducha.bulletins.docx_styles import (
    BODY_PT,
    HEITI,
    INDENT_TWIPS,
    KAITI,
    LINE_TWIPS,
    MM_TWIPS,
    RED,
    TYPE_WIDTH_TWIPS,
    install_styles,
    setup_page,
    setup_page_numbers,
)
from ducha.bulletins.docx_xml import bottom_border, el, make_paragraph, run_props, sub
from ducha.bulletins.typography import typeset

__all__ = ["render_docx"]

HEADING_STYLES = {1: "DuchaHeading1", 2: "DuchaHeading2", 3: "DuchaHeading3", 4: "DuchaHeading4"}
_RUN_IN_FACES = {1: HEITI, 2: KAITI}  # levels 3 and 4 are 仿宋 like the body
_ORG_MARK_MAX_PT = 42.0  # 发文机关标志: 初号 at most, smaller when a long name must fit the line
_MASTHEAD_MAX_PT = 56.0  # 刊名 of a 简报 is set larger
_LETTER_MARK_MAX_PT = 30.0  # 信函格式: a smaller mark, so a notice fits on one page
_TWO_LINES = 2 * LINE_TWIPS

Runs: TypeAlias = list[tuple[str, etree._Element | None]]


def render_docx(doc: BulletinDocument, *, bold_items: bool = True) -> bytes:
    """The .docx bytes of a bulletin; ``bold_items`` sets item titles (1.…) in bold 仿宋."""
    doc = typeset(doc)
    document = docx.Document()
    install_styles(document)
    section = document.sections[0]
    setup_page(section)
    setup_page_numbers(document, section, first_page=doc.layout != "letter")
    _set_properties(document, doc)
    body = document.element.body
    end = body.find(qn("w:sectPr"))
    for node in _content(doc, bold_items=bold_items):
        end.addprevious(node)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_properties(document: docx.document.Document, doc: BulletinDocument) -> None:
    """Title, author and language in docProps/core.xml, as Word's 属性 dialog shows them."""
    props = document.core_properties
    props.title = doc.title[:250]
    props.author = doc.issuer[:250] or "Ducha"
    props.last_modified_by = props.author
    props.language = "zh-CN"
    props.comments = ""
    props.revision = 1


def _content(doc: BulletinDocument, *, bold_items: bool) -> Iterator[etree._Element]:
    """Every body element in order, from 版头 to 版记."""
    heads = {"official": _official_head, "periodical": _periodical_head,
             "letter": _letter_head}
    yield from heads[doc.layout](doc)
    yield make_paragraph("DuchaTitle", [(doc.title, None)], [_spacing(before=_TWO_LINES)])
    space = LINE_TWIPS  # 标题下空一行
    if doc.addressees:
        yield make_paragraph("DuchaAddressee", [(doc.addressees, None)], [_spacing(before=space)])
        space = 0
    for paragraph in doc.opening:
        yield from _paragraphs(paragraph.text, space_before=space)
        space = 0
    for section in doc.sections:
        yield from _section(section, bold_items=bold_items)
    for paragraph in doc.closing:
        yield from _paragraphs(paragraph.text)
    yield from _signature(doc)
    if doc.cc or doc.printer:
        yield imprint_table(doc)
        yield tail_paragraph()


def _official_head(doc: BulletinDocument) -> Iterator[etree._Element]:
    """红头: the issuer in red 小标宋 35 mm below the type area's top, then 文号 and a red rule."""
    size = _fit_size(doc.issuer or doc.title, _ORG_MARK_MAX_PT)
    rule = [bottom_border(RED, 12, 6)]
    mark_ppr = [_spacing(before=round(33 * MM_TWIPS))]
    if not doc.doc_number:
        mark_ppr = [*rule, *mark_ppr]
    yield make_paragraph("DuchaOrgMark", [(doc.issuer, run_props(size_pt=size))], mark_ppr)
    if doc.doc_number:
        yield make_paragraph("DuchaDocNumber", [(doc.doc_number, None)],
                             [*rule, _spacing(before=_TWO_LINES)])


def _letter_head(doc: BulletinDocument) -> Iterator[etree._Element]:
    """信函格式: the issuer in red at the top over a red double rule, 文号 at the right edge."""
    size = _fit_size(doc.issuer or doc.title, _LETTER_MARK_MAX_PT)
    yield make_paragraph("DuchaOrgMark", [(doc.issuer, run_props(size_pt=size))],
                         [bottom_border(RED, 24, 4, "thickThinSmallGap")])
    if doc.doc_number:
        yield make_paragraph("DuchaDocNumber", [(doc.doc_number, None)], [el("w:jc", val="right")])


def _periodical_head(doc: BulletinDocument) -> Iterator[etree._Element]:
    """简报版头: 刊名 large and red, 期号, then 编发单位 left and date right over a red rule."""
    masthead = doc.masthead
    name = masthead.name if masthead else "政务督查"
    tracking = 0.3 if len(name) <= 6 else 0.0  # a short 刊名 is spaced out, in em
    size = _fit_size(name, _MASTHEAD_MAX_PT, tracking=tracking)
    rpr = run_props(tracking_pt=round(size * tracking, 1), size_pt=size)
    yield make_paragraph("DuchaMastheadName", [(name, rpr)], [_spacing(before=LINE_TWIPS)])
    if masthead:
        yield make_paragraph("DuchaIssue", [(masthead.issue_label, None)],
                             [_spacing(before=LINE_TWIPS // 2)])
    line = f"{doc.issuer}\t{format_date(doc.date)}"
    tabs = el("w:tabs")
    sub(tabs, "w:tab", val="right", pos=TYPE_WIDTH_TWIPS)
    yield make_paragraph("DuchaMastheadLine", [(line, None)],
                         [bottom_border(RED, 24, 4), tabs, _spacing(before=LINE_TWIPS // 2)])


def _fit_size(text: str, max_pt: float, *, tracking: float = 0.0) -> float:
    """The largest size (pt, in half points) at which text stays on one line of the type
    area; tracking is the letter-spacing in em."""
    chars = max(1.0, _width(text) + tracking * len(text))
    fit = TYPE_WIDTH_TWIPS / 20 / chars * 0.96
    return max(BODY_PT, min(max_pt, int(fit * 2) / 2))


def _section(section: Section, *, bold_items: bool) -> Iterator[etree._Element]:
    if section.heading:
        style = HEADING_STYLES.get(section.level, "DuchaHeading1")
        yield make_paragraph(style, [(section.heading, None)])
    for block in section.blocks:
        if isinstance(block, Item):
            yield _item(block, bold=bold_items)
            for paragraph in block.paragraphs:
                yield from _paragraphs(paragraph.text)
        elif isinstance(block, SubHeading):
            style = HEADING_STYLES.get(block.level, "DuchaHeading2")
            yield make_paragraph(style, [(block.text, None)])
        elif isinstance(block, Paragraph):
            yield from _paragraphs(block.text)


def _item(item: Item, *, bold: bool) -> etree._Element:
    """"1.审议…的落实情况。" (bold when asked) followed by "(责任单位:…)" in plain 仿宋."""
    head = f"{item.number}." if item.number is not None else ""
    strong = run_props(bold=True) if bold else None
    return make_paragraph("DuchaItem", [(head + item.title, strong), (item.units_note, None)])


def _paragraphs(text: str, *, space_before: int = 0) -> Iterator[etree._Element]:
    """One Normal paragraph per non-empty line; a leading ordinal gets its heading face."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        ppr = [_spacing(before=space_before)] if space_before else []
        space_before = 0
        yield make_paragraph("Normal", _run_in_heading(line), ppr)


def _run_in_heading(text: str) -> Runs:
    level, length = run_in_heading(text)
    face = _RUN_IN_FACES.get(level)
    if face is None:
        return [(text, None)]
    return [(text[:length], run_props(east_asia=face)), (text[length:], None)]


def _signature(doc: BulletinDocument) -> Iterator[etree._Element]:
    """署名 right-aligned two 字 in, 成文日期 under it starting two 字 further right
    (GB/T 9704 7.3.5.2); a date longer than the name sits two 字 in and pushes the name left."""
    if not doc.signature and doc.layout == "periodical":
        return
    date = format_date(doc.date)
    sig_w, date_w = _width(doc.signature), _width(date)
    sig_right, date_right = 2.0, sig_w - date_w
    if date_right < 2:
        date_right, sig_right = 2.0, date_w + 4 - sig_w
    if doc.signature:
        yield make_paragraph("DuchaSignature", [(doc.signature, None)],
                             [_spacing(before=LINE_TWIPS), _indent(right=sig_right)])
    spacing = [] if doc.signature else [_spacing(before=LINE_TWIPS)]
    yield make_paragraph("DuchaDate", [(date, None)], [*spacing, _indent(right=date_right)])


def _width(text: str) -> float:
    """Width in 字: CJK and full-width characters count 1, everything else half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def _spacing(*, before: int) -> etree._Element:
    return el("w:spacing", before=before)


def _indent(*, right: float) -> etree._Element:
    return el("w:ind", right=round(right * INDENT_TWIPS / 2), firstLine=0)
