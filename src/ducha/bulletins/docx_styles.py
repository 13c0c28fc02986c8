"""The GB/T 9704-2012 page and style sheet of a bulletin .docx.

Every face, size, indent and line pitch sits in a named paragraph style, so an office that
edits the generated file in Word or WPS finds 正文, 一级标题, 二级标题… in the style list and
the paragraphs stay small. Numbers come from the standard: A4, margins 37/35/28/26 mm, a type
area of 22 lines of 28 characters (三号 仿宋 at a fixed 28.95 pt pitch), page numbers in 四号
宋体 at the outer foot.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Mm
from lxml import etree

from ducha.bulletins.docx_xml import el, fonts, page_field_runs, sub

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"
RED = "FF0000"

BODY_PT = 16.0  # 三号
TITLE_PT = 22.0  # 二号
SMALL_PT = 14.0  # 四号: 版记 and page numbers
MM_TWIPS = 1440 / 25.4
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_TWIPS = 579  # 28.95 pt: 22 lines fill the 225 mm type area
TYPE_WIDTH_TWIPS = round((PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * MM_TWIPS)
INDENT_TWIPS = round(2 * BODY_PT * 20)  # 首行缩进二字
SMALL_CHAR_TWIPS = round(SMALL_PT * 20)
# Word packs 28 characters of 16 pt into the 15.79 pt grid cells; LibreOffice gives a glyph
# wider than its cell two cells, so body text is condensed by 0.25 pt to fit one.
NORMAL_CONDENSE = -5
FOOTER_MM = 21.5  # puts the page number's top about 7 mm under the type area


def char_space() -> int:
    """docGrid charSpace: extra pitch per character in 1/4096 pt so that exactly 28 三号
    characters fill the 156 mm line (each gets 15.79 pt, a little under the 16 pt em).

    The grid is written as type "lines", which Word reads without charSpace: LibreOffice (our
    PDF and PNG renderer) lays a snapped character grid out erratically, so the 28 characters
    come from condensing body text by 0.25 pt (``NORMAL_CONDENSE``) instead, which every
    renderer honours. charSpace stays so that switching Word's 文档网格 to 指定行和字符网格
    still gives 28 characters a line."""
    pitch_pt = TYPE_WIDTH_TWIPS / 20 / CHARS_PER_LINE
    return int((pitch_pt - BODY_PT) * 4096) - 1


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """One paragraph style: what Word shows as its name, and the formatting it carries."""

    style_id: str
    name: str
    east_asia: str = FANGSONG
    latin: str = LATIN
    size_pt: float = BODY_PT
    bold: bool = False
    color: str | None = None
    align: str = "both"
    first_line: int = INDENT_TWIPS
    side_indent: int = 0
    line: int = LINE_TWIPS  # exact, in twips; 0 for single spacing
    keep_next: bool = False
    outline: int | None = None
    snap: bool = True  # snap to the character grid: only text of 三号 size
    condense: int = 0  # character spacing in 1/20 pt


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("DuchaTitle", "公文标题", XIAOBIAOSONG, XIAOBIAOSONG, TITLE_PT, align="center",
              first_line=0, line=700, keep_next=True, snap=False),
    StyleSpec("DuchaHeading1", "一级标题", HEITI, HEITI, keep_next=True, outline=0),
    StyleSpec("DuchaHeading2", "二级标题", KAITI, keep_next=True, outline=1),
    StyleSpec("DuchaHeading3", "三级标题", keep_next=True, outline=2),
    StyleSpec("DuchaHeading4", "四级标题", keep_next=True, outline=3),
    StyleSpec("DuchaItem", "督办事项", keep_next=True),
    StyleSpec("DuchaAddressee", "主送机关", align="left", first_line=0),
    StyleSpec("DuchaSignature", "署名", align="right", first_line=0, keep_next=True),
    StyleSpec("DuchaDate", "成文日期", align="right", first_line=0),
    StyleSpec("DuchaOrgMark", "发文机关标志", XIAOBIAOSONG, XIAOBIAOSONG, 36.0, color=RED,
              align="center", first_line=0, line=0, snap=False),
    StyleSpec("DuchaDocNumber", "发文字号", align="center", first_line=0),
    StyleSpec("DuchaMastheadName", "刊名", XIAOBIAOSONG, XIAOBIAOSONG, 48.0, color=RED,
              align="center", first_line=0, line=0, snap=False),
    StyleSpec("DuchaIssue", "期号", KAITI, align="center", first_line=0),
    StyleSpec("DuchaMastheadLine", "编发单位", align="left", first_line=0),
    StyleSpec("DuchaImprint", "版记", size_pt=SMALL_PT, align="left", first_line=0,
              side_indent=SMALL_CHAR_TWIPS, snap=False),
    StyleSpec("DuchaPageNumber", "页码", SONGTI, SONGTI, SMALL_PT, align="right",
              first_line=0, line=0, snap=False),
)
STYLE_IDS = {s.style_id for s in STYLES}


def install_styles(document: DocxDocument) -> None:
    """Rewrite docDefaults and Normal to 三号仿宋 on the grid, then add the bulletin styles."""
    root = document.styles.element
    _set_doc_defaults(root)
    normal = root.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    if normal is not None:
        root.remove(normal)
    root.append(_style_element(StyleSpec("Normal", "Normal", condense=NORMAL_CONDENSE),
                               based_on=None, default=True))
    for spec in STYLES:
        root.append(_style_element(spec, based_on="Normal"))


def _set_doc_defaults(root: etree._Element) -> None:
    """Explicit fonts instead of theme references: WPS and older Word resolve the theme's
    East Asian slot to 宋体 (or nothing), which turns a 仿宋 body into 宋体."""
    rpr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    for child in list(rpr):
        rpr.remove(child)
    fonts(rpr, FANGSONG, LATIN)
    sub(rpr, "w:kern", val=2)
    sub(rpr, "w:sz", val=round(BODY_PT * 2))
    sub(rpr, "w:szCs", val=round(BODY_PT * 2))
    sub(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr is not None:
        for child in list(ppr):
            ppr.remove(child)
        sub(ppr, "w:spacing", before=0, after=0, line=LINE_TWIPS, lineRule="exact")


def _style_element(spec: StyleSpec, *, based_on: str | None,
                   default: bool = False) -> etree._Element:
    """A w:style with pPr and rPr children in schema order."""
    style = el("w:style", type="paragraph", styleId=spec.style_id)
    if default:
        style.set(qn("w:default"), "1")
    sub(style, "w:name", val=spec.name)
    if based_on:
        sub(style, "w:basedOn", val=based_on)
        sub(style, "w:next", val="Normal")
    sub(style, "w:qFormat")
    style.append(_style_ppr(spec))
    style.append(_style_rpr(spec))
    return style


def _style_ppr(spec: StyleSpec) -> etree._Element:
    ppr = el("w:pPr")
    if spec.keep_next:
        sub(ppr, "w:keepNext")
    sub(ppr, "w:widowControl", val=0)  # keep the 22-line grid: no lines pushed to the next page
    if not spec.snap:
        sub(ppr, "w:snapToGrid", val=0)
    if spec.line:
        sub(ppr, "w:spacing", before=0, after=0, line=spec.line, lineRule="exact")
    else:
        sub(ppr, "w:spacing", before=0, after=0, line=240, lineRule="auto")
    sub(ppr, "w:ind", left=spec.side_indent, right=spec.side_indent, firstLine=spec.first_line)
    sub(ppr, "w:jc", val=spec.align)
    if spec.outline is not None:
        sub(ppr, "w:outlineLvl", val=spec.outline)
    return ppr


def _style_rpr(spec: StyleSpec) -> etree._Element:
    rpr = el("w:rPr")
    fonts(rpr, spec.east_asia, spec.latin)
    if spec.bold:
        sub(rpr, "w:b")
    if spec.color:
        sub(rpr, "w:color", val=spec.color)
    if spec.condense:
        sub(rpr, "w:spacing", val=spec.condense)
    half = round(spec.size_pt * 2)
    sub(rpr, "w:sz", val=half)
    sub(rpr, "w:szCs", val=half)
    return rpr


def setup_page(section: DocxSection) -> None:
    """A4 portrait, the standard margins, and the 22-line document grid."""
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    section.gutter = 0
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = sub(section._sectPr, "w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.set(qn("w:charSpace"), str(char_space()))


def setup_page_numbers(document: DocxDocument, section: DocxSection, *,
                       first_page: bool = True) -> None:
    """"— 1 —" in 四号宋体 at the outer foot: odd pages right, even pages left, one 字 in;
    ``first_page=False`` leaves the first page unnumbered (GB/T 9704 信函格式)."""
    document.settings.odd_and_even_pages_header_footer = True
    if not first_page:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
    for footer, align, side in ((section.footer, "right", "right"),
                                (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]._p
        for child in list(paragraph):
            paragraph.remove(child)
        ppr = sub(paragraph, "w:pPr")
        sub(ppr, "w:pStyle", val="DuchaPageNumber")
        sub(ppr, "w:ind", **{side: SMALL_CHAR_TWIPS})
        sub(ppr, "w:jc", val=align)
        for text in ("— ", None, " —"):
            if text is None:
                paragraph.extend(page_field_runs())
            else:
                run = sub(paragraph, "w:r")
                t = sub(run, "w:t")
                t.text = text
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
