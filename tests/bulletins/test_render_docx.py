"""The .docx renderer: GB/T 9704-2012 page, faces, sizes, spacing, page numbers, 版头, 版记."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from ducha.bulletins.document import Item, Paragraph, Section
from ducha.bulletins.docx_styles import char_space

RED = {"FF0000"}


@pytest.fixture(params=["official", "periodical"])
def view(request, bulletin, docx_view):
    return docx_view(bulletin(request.param))


def test_page_is_a4_with_the_standard_margins(view):
    section = view.section
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin,
               section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_document_grid_holds_22_lines_of_28_characters(view):
    grid = view.section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert int(156 / 25.4 * 72 / pitch) == 28
    assert int(225 / 25.4 * 72 / 28.95) == 22
    assert int(grid.get(qn("w:charSpace"))) == char_space()


def test_title_is_xiaobiaosong_22pt_centred(view):
    title = view.paragraph("关于2026年5月")
    assert title.style.name == "公文标题"
    assert view.east_asia(title) == "方正小标宋简体"
    assert view.size_pt(title) == 22
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_fangsong_16pt_on_a_fixed_28_95pt_line_indented_two_characters(view):
    body = view.paragraph("方案已于6月印发")
    assert body.style.name == "Normal"
    assert view.east_asia(body) == "仿宋_GB2312"
    assert view.size_pt(body) == 16
    fmt = view.document.styles["Normal"].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28.95)
    assert fmt.first_line_indent == Pt(32)


def test_docdefaults_name_the_east_asian_face_instead_of_a_theme(view):
    fonts = view.document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:eastAsiaTheme")) is None


@pytest.mark.parametrize(("starts", "style", "face"), [
    ("一、已落实事项", "一级标题", "黑体"),
    ("（一）2026年5月8日", "二级标题", "楷体_GB2312"),
    ("1.审议《示例市老旧小区", "督办事项", "仿宋_GB2312"),
])
def test_headings_use_their_level_face_at_16pt(view, starts, style, face):
    heading = view.paragraph(starts)
    assert heading.style.name == style
    assert view.east_asia(heading) == face
    assert view.size_pt(heading) == 16
    assert heading.style.paragraph_format.first_line_indent == Pt(32)
    assert heading.style.paragraph_format.line_spacing == Pt(28.95)


def test_item_title_is_bold_and_the_units_note_is_not(view):
    item = view.paragraph("1.审议")
    assert item.runs[0].bold is True
    assert item.runs[1].text == "（责任单位：市住建局、市财政局）"
    assert not item.runs[1].bold


def test_item_titles_can_be_set_plain(bulletin):
    from ducha.bulletins.render_docx import render_docx

    data = render_docx(bulletin(), bold_items=False)
    assert b"<w:b/>" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_paragraph_opening_with_an_ordinal_gets_the_heading_face_up_to_its_stop(view):
    run_in = view.paragraph("一、以上事项")
    assert view.east_asia(run_in, 0) == "黑体"
    assert run_in.runs[0].text == "一、以上事项由市政府政务督查室持续跟踪。"
    kaiti = view.paragraph("平台已完成招标")
    assert len(kaiti.runs) == 1  # an ordinal inside the text is not a heading


def test_page_numbers_are_page_fields_in_both_footers_at_the_outer_edge(view):
    assert view.document.settings.odd_and_even_pages_header_footer is True
    for even, align in ((False, "right"), (True, "left")):
        xml = view.footer_xml(even)
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        assert f'<w:jc w:val="{align}"/>' in xml
        texts = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
        assert texts == "— 1 —"
    assert view.style_rpr("DuchaPageNumber", "w:rFonts")["ascii"] == "宋体"
    assert view.style_rpr("DuchaPageNumber", "w:sz")["val"] == "28"  # 14 pt, 四号


def test_official_layout_has_a_red_issuer_and_a_red_rule_under_the_doc_number(bulletin,
                                                                                docx_view):
    view = docx_view(bulletin("official"))
    mark = view.document.paragraphs[0]
    assert mark.text == "示例市人民政府政务督查室"
    assert mark.style.name == "发文机关标志"
    assert view.style_rpr("DuchaOrgMark", "w:color")["val"] in RED
    assert view.east_asia(mark) == "方正小标宋简体"
    assert view.size_pt(mark) > 22
    number = view.document.paragraphs[1]
    assert number.text == "示政督〔2026〕3号"
    rule = number._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:color")) in RED


def test_periodical_layout_has_a_red_masthead_issue_and_dated_issuer_line(bulletin, docx_view):
    view = docx_view(bulletin("periodical"))
    name, issue, line = view.document.paragraphs[:3]
    assert name.text == "政务督查"
    assert view.style_rpr("DuchaMastheadName", "w:color")["val"] in RED
    assert view.size_pt(name) >= 42
    assert issue.text == "第3期（总第41期）"
    assert line.text == "示例市人民政府政务督查室\t2026年11月5日"
    rule = line._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:color")) in RED
    assert "示政督" not in "".join(p.text for p in view.document.paragraphs[:4])


def test_a_long_issuer_is_shrunk_to_fit_one_line(bulletin, docx_view):
    view = docx_view(bulletin(issuer="示例省示例市人民政府办公室政务督查与绩效管理室"))
    assert view.size_pt(view.document.paragraphs[0]) < 22


def test_signature_and_date_close_the_text_right_aligned(view):
    paragraphs = view.document.paragraphs
    texts = [p.text for p in paragraphs]
    at = texts.index("2026年11月5日")
    signature, date = paragraphs[at - 1], paragraphs[at]
    assert (signature.text, signature.style.name) == ("示例市人民政府政务督查室", "署名")
    assert date.style.name == "成文日期"
    assert date.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 7.3.5.2: the name two 字 in, the date starting two 字 right of the name
    assert signature.paragraph_format.right_indent == Pt(32)
    assert date.paragraph_format.right_indent > Pt(32)


def test_imprint_is_a_ruled_table_of_cc_and_print_lines(view):
    table = view.document.tables[0]
    cells = [row.cells[0].text for row in table.rows]
    assert cells == ["抄送：市委办公室，市人大常委会办公室，市政协办公室。",
                     "示例市人民政府政务督查室\t2026年11月5日印发"]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:top")).get(qn("w:val")) == "single"
    assert borders.find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert view.style_rpr("DuchaImprint", "w:sz")["val"] == "28"


def test_imprint_floats_at_the_foot_of_the_type_area_full_width(view):
    """GB/T 9704 7.5: the 版记 sits on the last lines of the last page, between rules as wide
    as the type area (heavy above and below, thin between)."""
    table = view.document.tables[0]._tbl
    pos = table.tblPr.find(qn("w:tblpPr"))
    assert pos is not None, "the 版记 table must float"
    attrs = {k.split("}")[1]: v for k, v in pos.attrib.items()}
    assert (attrs["vertAnchor"], attrs["tblpYSpec"]) == ("margin", "bottom")
    # placed from the page edge at the left margin: 28 mm, the type area's left edge
    assert attrs["horzAnchor"] == "page"
    assert round(int(attrs["tblpX"]) / 1440 * 25.4, 1) == 28.0
    assert table.tblPr.find(qn("w:tblOverlap")).get(qn("w:val")) == "never"
    width = int(table.tblPr.find(qn("w:tblW")).get(qn("w:w")))
    assert round(width / 1440 * 25.4) == 156  # 210 − 28 − 26 mm
    borders = table.tblPr.find(qn("w:tblBorders"))
    sizes = {side: int(borders.find(qn(f"w:{side}")).get(qn("w:sz")))
             for side in ("top", "bottom", "insideH")}
    assert sizes["top"] == sizes["bottom"] == 8  # 1 pt ≈ 0.35 mm
    assert 4 <= sizes["insideH"] < sizes["top"]  # 0.75 pt ≈ 0.26 mm
    assert view.style_rpr("DuchaImprint", "w:rFonts")["eastAsia"] == "仿宋_GB2312"


def test_imprint_follows_the_signature_and_anchors_on_a_one_point_paragraph(view):
    body = list(view.document.element.body)
    at = body.index(view.document.tables[0]._tbl)
    assert "2026年11月5日" in "".join(body[at - 1].itertext())
    tail = body[at + 1]
    assert tail.tag == qn("w:p") and not "".join(tail.itertext())
    spacing = tail.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("20", "exact")
    assert body[at + 2].tag == qn("w:sectPr")


def test_no_imprint_without_cc_or_printer(bulletin, docx_view):
    assert docx_view(bulletin(cc="", printer="")).document.tables == []


def test_control_characters_and_markup_in_user_text_are_written_safely(bulletin, docx_view):
    hostile = "市\x00发改委<script>alert(1)</script>\x1b&"
    doc = bulletin(sections=[Section("一、事项", blocks=[
        Item(1, "审议\x07方案。", f"（责任单位：{hostile}）", [Paragraph("第一行\n\n第二行")])])])
    view = docx_view(doc)
    assert view.paragraph("1.审议方案。").runs[1].text == \
        "（责任单位：市发改委<script>alert(1)</script>&）"
    texts = [p.text for p in view.document.paragraphs]
    assert "第一行" in texts
    assert "第二行" in texts


def test_core_properties_carry_title_and_issuer(view):
    props = view.document.core_properties
    assert props.title.startswith("关于2026年5月")
    assert props.author == "示例市人民政府政务督查室"
    assert props.language == "zh-CN"


def test_letter_layout_has_a_double_red_rule_a_right_aligned_number_and_no_first_page_number(
        bulletin, docx_view):
    view = docx_view(bulletin("letter"))
    mark, number = view.document.paragraphs[:2]
    rule = mark._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert (rule.get(qn("w:val")), rule.get(qn("w:color"))) == ("thickThinSmallGap", "FF0000")
    assert number.text == "示政督〔2026〕3号"
    assert number.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert view.section.different_first_page_header_footer is True
    assert "PAGE" not in view.section.first_page_footer._element.xml
    assert "PAGE" in view.footer_xml(even=False)
