"""Shared fixtures for the bulletin renderers: a fictional 示例市 bulletin and a .docx reader.

pytest runs with --import-mode=importlib, so test modules cannot import each other; helpers
live here and reach the tests as fixtures.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ducha.bulletins.document import (
    BulletinDocument,
    Item,
    Masthead,
    Paragraph,
    Section,
    SubHeading,
)
from ducha.bulletins.render_docx import render_docx

ISSUER = "示例市人民政府政务督查室"
SHARED_TOOLS = Path(__file__).resolve().parents[3] / "shared" / "tools"


def build_bulletin(layout: str = "official", **changes: object) -> BulletinDocument:
    """A two-section meetings bulletin of 示例市 with every part filled in."""
    fields: dict[str, object] = {
        "title": "关于2026年5月—10月市政府常务会议议定事项落实情况的督查通报",
        "date": dt.date(2026, 11, 5),
        "layout": layout,
        "issuer": ISSUER,
        "doc_number": "示政督〔2026〕3号",
        "masthead": Masthead("政务督查", 3, 41),
        "addressees": "各县市区人民政府，市政府各部门：",
        "opening": [Paragraph(
            "2026年5月—10月，市政府共召开6次常务会议并印发纪要。为推动议定事项落实，"
            "市政府政务督查室于11月上旬进行了督办，现通报如下：")],
        "sections": [
            Section("一、已落实事项", blocks=[
                SubHeading("（一）2026年5月8日市政府第5次常务会议"),
                Item(1, "审议《示例市老旧小区改造实施方案》有关议定事项的落实情况。",
                     "（责任单位：市住建局、市财政局）",
                     [Paragraph("方案已于6月印发，首批12个小区已开工，完成投资0.8亿元。")]),
                Item(2, "听取示例湖生态治理情况汇报有关议定事项的落实情况。",
                     "（责任单位：市生态环境局）",
                     [Paragraph("一是截污管网建成4.5公里。二是湖区水质稳定达到Ⅳ类。")]),
            ]),
            Section("二、正在推进事项", blocks=[
                SubHeading("（一）2026年7月3日市政府第7次常务会议"),
                Item(None, "审议《示例市智慧停车建设方案》有关议定事项的落实情况。",
                     "（责任单位：市城管局）",
                     [Paragraph("平台已完成招标，正在部署。（一）下一步：年底前上线试运行。")]),
                Paragraph("一、以上事项由市政府政务督查室持续跟踪。"),
            ]),
        ],
        "closing": [Paragraph("请各责任单位对照督办要求，加快推进，确保按期办结。")],
        "signature": ISSUER,
        "cc": "市委办公室，市人大常委会办公室，市政协办公室",
        "printer": ISSUER,
    }
    fields.update(changes)
    return BulletinDocument(**fields)  # type: ignore[arg-type]


class DocxView:
    """A generated .docx opened with python-docx, with the look-ups the tests need."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.document = docx.Document(io.BytesIO(data))
        self.section = self.document.sections[0]

    def paragraph(self, starts: str) -> docx.text.paragraph.Paragraph:
        """The first body paragraph whose text starts with ``starts``."""
        for paragraph in self.document.paragraphs:
            if paragraph.text.startswith(starts):
                return paragraph
        raise AssertionError(f"no paragraph starts with {starts!r}")

    def style_rpr(self, style_id: str, tag: str) -> dict[str, str]:
        """Attributes (w: prefix dropped) of one rPr child of a paragraph style."""
        style = self.document.styles.element.get_by_id(style_id)
        assert style is not None, f"style {style_id} missing"
        child = style.find(f"{qn('w:rPr')}/{qn(tag)}")
        return {} if child is None else {k.split("}")[1]: v for k, v in child.attrib.items()}

    def east_asia(self, paragraph: docx.text.paragraph.Paragraph, run: int = 0) -> str:
        """The East Asian face of a run: direct formatting first, then the paragraph style."""
        fonts = paragraph.runs[run]._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        return self.style_rpr(paragraph.style.style_id, "w:rFonts")["eastAsia"]

    def size_pt(self, paragraph: docx.text.paragraph.Paragraph, run: int = 0) -> float:
        """Size of a run: direct, else the paragraph style's, else Normal's."""
        size = paragraph.runs[run].font.size or paragraph.style.font.size
        return (size or self.document.styles["Normal"].font.size).pt

    def footer_xml(self, even: bool) -> str:
        footer = self.section.even_page_footer if even else self.section.footer
        return footer._element.xml


@pytest.fixture
def bulletin() -> Callable[..., BulletinDocument]:
    """Factory: ``bulletin("periodical", cc="")`` gives the sample with changes."""
    return build_bulletin


@pytest.fixture
def docx_view() -> Callable[[BulletinDocument], DocxView]:
    """Factory: render a bulletin and open the result with python-docx."""
    return lambda doc: DocxView(render_docx(doc))


@pytest.fixture
def shared_tools() -> Path:
    """The GB/T 9704 checker in ../shared/tools, or skip when this checkout has none."""
    if not (SHARED_TOOLS / "check_gbt9704.py").is_file():
        pytest.skip(f"{SHARED_TOOLS} is absent: the shared GB/T 9704 checker is not available")
    return SHARED_TOOLS
