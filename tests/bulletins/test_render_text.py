"""Plain text and Markdown: line structure, escaping, and the bulletin parser reading it back."""

from __future__ import annotations

from ducha.bulletins.document import Item, Paragraph, Section
from ducha.bulletins.render_text import md_escape, render_markdown, render_text
from ducha.docparse.bulletin import parse_bulletin


def test_plain_text_has_one_line_per_paragraph_in_document_order(bulletin):
    text = render_text(bulletin())
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "示例市人民政府政务督查室\n示政督〔2026〕3号"
    assert blocks[1].startswith("关于2026年5月—10月")
    body = blocks[2].split("\n")
    assert body[:4] == ["各县市区人民政府，市政府各部门：", body[1], "一、已落实事项",
                        "（一）2026年5月8日市政府第5次常务会议"]
    assert body[4] == ("1.审议《示例市老旧小区改造实施方案》有关议定事项的落实情况。"
                       "（责任单位：市住建局、市财政局）")
    assert blocks[3] == "示例市人民政府政务督查室\n2026年11月5日"
    assert blocks[4] == ("抄送：市委办公室，市人大常委会办公室，市政协办公室。\n"
                         "示例市人民政府政务督查室　2026年11月5日印发")


def test_periodical_text_starts_with_the_masthead(bulletin):
    head = render_text(bulletin("periodical")).split("\n\n")[0]
    assert head == "政务督查\n第3期（总第41期）\n示例市人民政府政务督查室　2026年11月5日"


def test_plain_text_reads_back_to_the_same_sections_meetings_items_and_units(bulletin):
    parsed = parse_bulletin(render_text(bulletin("periodical")))
    assert parsed is not None
    assert parsed.title.startswith("关于2026年5月—10月")
    assert [s.status for s in parsed.sections] == ["done", "in_progress"]
    done = parsed.sections[0].meetings[0]
    assert (done.date, done.number) == ("2026-05-08", 5)
    assert [(i.number, i.units) for i in done.items] == [
        ("1", ["市住建局", "市财政局"]), ("2", ["市生态环境局"])]
    assert parsed.sections[1].meetings[0].items[0].units == ["市城管局"]


def test_markdown_marks_headings_and_bolds_item_titles(bulletin):
    md = render_markdown(bulletin())
    lines = md.split("\n")
    assert lines[0] == "# 关于2026年5月—10月市政府常务会议议定事项落实情况的督查通报"
    assert "## 一、已落实事项" in lines
    assert "### （一）2026年5月8日市政府第5次常务会议" in lines
    assert ("**1.审议《示例市老旧小区改造实施方案》有关议定事项的落实情况。**"
            "（责任单位：市住建局、市财政局）") in lines
    assert "---" in lines
    assert md.endswith("示例市人民政府政务督查室　2026年11月5日印发\n")


def test_markdown_escapes_syntax_and_html_in_user_text(bulletin):
    doc = bulletin(sections=[Section("一、*重点*", blocks=[
        Item(1, "审议[链接](javascript:x)", "（责任单位：<script>x</script>）",
             [Paragraph("- 不是列表"), Paragraph("# 不是标题")])])])
    md = render_markdown(doc)
    assert "## 一、\\*重点\\*" in md
    assert "\\[链接\\](javascript:x)" in md
    assert "\\<script\\>x\\</script\\>" in md
    assert "\n\\- 不是列表\n" in md
    assert "\n\\# 不是标题\n" in md
    assert "<script>" not in md


def test_md_escape_leaves_chinese_punctuation_alone():
    assert md_escape("市发改委、市财政局（牵头）：3.5亿元。") == "市发改委、市财政局（牵头）：3.5亿元。"
    assert md_escape("1. 开头") == "1\\. 开头"
