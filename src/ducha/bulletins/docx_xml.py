"""Low-level WordprocessingML builders for the bulletin renderer.

Paragraphs and runs are built as lxml elements directly instead of through python-docx's
``add_paragraph``/``add_run``: a 1,000-item bulletin has thousands of paragraphs, and the
high-level API walks every character of every run in Python. All formatting lives in the style
sheet (``docx_styles``), so a body paragraph here is only ``w:pStyle`` plus its text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# Characters XML 1.0 cannot carry (python-docx would raise on them): pasted text can hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPLIT = re.compile(r"(\t|\r\n|\n|\r)")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

W_P, W_R, W_T, W_PPR, W_RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
W_VAL = qn("w:val")


def xml_safe(text: str) -> str:
    """Drop control characters XML cannot hold, keeping tabs and line breaks."""
    return _NOT_XML.sub("", text)


def el(tag: str, **attrs: str | int) -> etree._Element:
    """One ``w:`` element with ``w:`` attributes: ``el("w:jc", val="center")``."""
    node = OxmlElement(tag)
    for name, value in attrs.items():
        node.set(qn(f"w:{name}"), str(value))
    return node


def sub(parent: etree._Element, tag: str, **attrs: str | int) -> etree._Element:
    """Append a new ``w:`` element to parent and return it."""
    node = el(tag, **attrs)
    parent.append(node)
    return node


def fonts(parent: etree._Element, east_asia: str, latin: str | None = None) -> etree._Element:
    """w:rFonts with the East Asian slot set: the one Word uses for 汉字 (python-docx's
    ``font.name`` only sets ascii/hAnsi, so the Chinese face would silently fall back)."""
    latin = latin or east_asia
    return sub(parent, "w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)


def run_props(*, east_asia: str | None = None, latin: str | None = None, bold: bool = False,
              color: str | None = None, tracking_pt: float = 0,
              size_pt: float | None = None) -> etree._Element:
    """A w:rPr in schema order (rFonts, b, color, spacing, sz) for one run's direct
    formatting; tracking is extra space after each character (letter-spacing)."""
    rpr = el("w:rPr")
    if east_asia:
        fonts(rpr, east_asia, latin)
    if bold:
        sub(rpr, "w:b")
        sub(rpr, "w:bCs")
    if color:
        sub(rpr, "w:color", val=color)
    if tracking_pt:
        sub(rpr, "w:spacing", val=round(tracking_pt * 20))
    if size_pt:
        half = round(size_pt * 2)
        sub(rpr, "w:sz", val=half)
        sub(rpr, "w:szCs", val=half)
    return rpr


def add_text(run: etree._Element, text: str) -> None:
    """Text into a run, tabs as w:tab and line breaks as w:br (what Word itself writes)."""
    for piece in _SPLIT.split(xml_safe(text)):
        if not piece:
            continue
        if piece == "\t":
            sub(run, "w:tab")
        elif piece in ("\n", "\r", "\r\n"):
            sub(run, "w:br")
        else:
            t = sub(run, "w:t")
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(_XML_SPACE, "preserve")


def make_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A w:r holding text; rpr is copied so one template can serve many runs."""
    run = el("w:r")
    if rpr is not None:
        run.append(_copy(rpr))
    add_text(run, text)
    return run


def make_paragraph(style_id: str, runs: Iterable[tuple[str, etree._Element | None]] = (),
                   ppr: Sequence[etree._Element] = ()) -> etree._Element:
    """A w:p with a style and extra paragraph properties (already in schema order)."""
    p = el("w:p")
    props = sub(p, "w:pPr")
    sub(props, "w:pStyle", val=style_id)
    for child in ppr:
        props.append(child)
    for text, rpr in runs:
        if text:
            p.append(make_run(text, rpr))
    return p


def bottom_border(color: str, size_eighths: int, space_pt: int = 1,
                  kind: str = "single") -> etree._Element:
    """w:pBdr with one rule under the paragraph (the red separator of the 版头); kind
    "thickThinSmallGap" is the 信函格式's double rule, heavy above and light below."""
    borders = el("w:pBdr")
    sub(borders, "w:bottom", val=kind, sz=size_eighths, space=space_pt, color=color)
    return borders


def page_field_runs(rpr: etree._Element | None = None) -> list[etree._Element]:
    """The runs of a complex PAGE field: begin, instruction, separate, placeholder, end."""
    runs = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = el("w:r")
        if rpr is not None:
            run.append(_copy(rpr))
        if kind == "instr":
            instr = sub(run, "w:instrText")
            instr.text = " PAGE "
            instr.set(_XML_SPACE, "preserve")
        elif kind == "result":
            add_text(run, "1")
        else:
            sub(run, "w:fldChar", fldCharType=kind)
        runs.append(run)
    return runs


def _copy(node: etree._Element) -> etree._Element:
    return copy.deepcopy(node)
