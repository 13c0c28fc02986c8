"""The 版记 (抄送 and 印发 lines) of a bulletin .docx: a ruled table at the foot of the last page.

GB/T 9704 7.5 puts the 版记 on the last lines of the type area of the last page, between
full-width rules: heavy ones (0.35 mm) above the first line and below the last, a thin one
(0.25 mm) between the lines, the text one 字 in from either side. A one-column table lets the
rules run the full width of the type area while the text keeps its indents (paragraph borders
would shrink with them).

The table floats (``w:tblpPr``): vertically at the bottom of the margin area, so Word and
LibreOffice both set it on the last lines of the page its anchor falls on, the body flowing
above it (or, when the page is full, on the foot of a page of its own). Horizontally it is
placed from the page edge at the left margin rather than centred in the margin area, because
LibreOffice 7.x keeps a margin-relative floating table inline unless it is at least 4.7 mm
narrower than the type area; a page-relative one it always floats, at full width.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from ducha.bulletins.document import BulletinDocument, format_date
from ducha.bulletins.docx_styles import (
    MARGINS_MM,
    MM_TWIPS,
    SMALL_CHAR_TWIPS,
    TYPE_WIDTH_TWIPS,
)
from ducha.bulletins.docx_xml import el, make_paragraph, sub

HEAVY, THIN = 8, 6  # eighths of a point: 1 pt ≈ 0.35 mm and 0.75 pt ≈ 0.26 mm
LEFT_TWIPS = round(MARGINS_MM["left"] * MM_TWIPS)  # the type area's left edge on the page


def imprint_table(doc: BulletinDocument) -> etree._Element:
    """抄送：….  /  印发机关 … 2026年11月25日印发, between full-width rules, floating at the
    foot of the page."""
    table = el("w:tbl")
    table.append(_table_props())
    grid = sub(table, "w:tblGrid")
    sub(grid, "w:gridCol", w=TYPE_WIDTH_TWIPS)
    if doc.cc:
        table.append(_row(_cc_paragraph(doc.cc, keep_next=bool(doc.printer))))
    if doc.printer:
        table.append(_row(_print_paragraph(doc)))
    return table


def tail_paragraph() -> etree._Element:
    """The paragraph the floating table anchors to (and Word needs after a closing table),
    1 pt high so it never adds a page."""
    ppr = [el("w:spacing", before=0, after=0, line=20, lineRule="exact")]
    paragraph = make_paragraph("Normal", (), ppr)
    rpr = sub(paragraph.find(qn("w:pPr")), "w:rPr")
    sub(rpr, "w:sz", val=2)
    return paragraph


def _table_props() -> etree._Element:
    props = el("w:tblPr")
    sub(props, "w:tblpPr", leftFromText=0, rightFromText=0, topFromText=0, bottomFromText=0,
        vertAnchor="margin", horzAnchor="page", tblpX=LEFT_TWIPS, tblpYSpec="bottom")
    sub(props, "w:tblOverlap", val="never")
    sub(props, "w:tblW", w=TYPE_WIDTH_TWIPS, type="dxa")
    borders = sub(props, "w:tblBorders")
    for side, size in (("top", HEAVY), ("left", 0), ("bottom", HEAVY), ("right", 0),
                       ("insideH", THIN), ("insideV", 0)):
        if size:
            sub(borders, f"w:{side}", val="single", sz=size, space=0, color="000000")
        else:
            sub(borders, f"w:{side}", val="nil")
    sub(props, "w:tblLayout", type="fixed")
    margins = sub(props, "w:tblCellMar")
    for side in ("left", "right"):
        sub(margins, f"w:{side}", w=0, type="dxa")
    return props


def _row(paragraph: etree._Element) -> etree._Element:
    """One full-width row that never breaks across pages."""
    row = el("w:tr")
    sub(sub(row, "w:trPr"), "w:cantSplit")
    cell = sub(row, "w:tc")
    cell_props = sub(cell, "w:tcPr")
    sub(cell_props, "w:tcW", w=TYPE_WIDTH_TWIPS, type="dxa")
    cell.append(paragraph)
    return row


def _cc_paragraph(cc: str, *, keep_next: bool) -> etree._Element:
    """抄送：A，B。 — wrapped lines align under the first name (a hanging indent); kept on
    the page of the 印发 line below it, as the 版记 is one block."""
    label = "抄送："
    text = cc.strip()
    if not text.endswith("。"):
        text += "。"
    hang = len(label) * SMALL_CHAR_TWIPS
    indent = el("w:ind", left=SMALL_CHAR_TWIPS + hang, right=SMALL_CHAR_TWIPS, hanging=hang)
    keep = [el("w:keepNext")] if keep_next else []
    return make_paragraph("DuchaImprint", [(label + text, None)], [*keep, indent])


def _print_paragraph(doc: BulletinDocument) -> etree._Element:
    """印发机关 one 字 in from the left, 印发日期 one 字 in from the right."""
    date = format_date(doc.print_date or doc.date)
    tabs = el("w:tabs")
    sub(tabs, "w:tab", val="right", pos=TYPE_WIDTH_TWIPS - SMALL_CHAR_TWIPS)
    return make_paragraph("DuchaImprint", [(f"{doc.printer}\t{date}印发", None)], [tabs])
