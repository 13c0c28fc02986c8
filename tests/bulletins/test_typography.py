"""Printed bulletins use full-width punctuation in Chinese text, and only there."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ducha.bulletins.document import BulletinDocument, Item, Paragraph, Section
from ducha.bulletins.render_docx import render_docx
from ducha.bulletins.render_html import render_html
from ducha.bulletins.render_text import render_markdown, render_text
from ducha.bulletins.typography import chinese_punctuation, typeset
from ducha.docparse.normalize import normalize_line

FW = {"(": "\uff08", ")": "\uff09", ",": "\uff0c", ":": "\uff1a", ";": "\uff1b",
      "!": "\uff01", "?": "\uff1f"}


def fw(text: str) -> str:
    """Write expectations with ASCII marks; this makes the full-width ones."""
    return "".join(FW.get(c, c) for c in text)


@pytest.mark.parametrize(("raw", "printed"), [
    ("(一)2026年5月17日市政府第5次常务会议", fw("(一)") + "2026年5月17日市政府第5次常务会议"),
    ("(责任单位:市发改委、市财政局)", fw("(责任单位:市发改委、市财政局)")),
    ("各县市区人民政府,市政府各部门:", fw("各县市区人民政府,市政府各部门:")),
    ("(1)加快推进", fw("(1)") + "加快推进"),
    ("方案(试行)", "方案" + fw("(试行)")),
    ("咸宁职教(集团)学校", "咸宁职教" + fw("(集团)") + "学校"),
    ('印发了"十四五"规划', "印发了\u201c十四五\u201d规划"),
])
def test_chinese_sentences_get_full_width_marks(raw, printed):
    assert chinese_punctuation(raw) == printed


@pytest.mark.parametrize(("raw", "printed"), [
    ("完成1,000座", "完成1,000座"),  # a thousands separator between digits
    ("12:30开会", "12:30开会"),  # a time
    ("http://example.cn/a?b=1", "http://example.cn/a?b=1"),
    ("see (a (b) c) here", "see (a (b) c) here"),  # Latin brackets, nested
    ("增长36.5%,同比", "增长36.5%" + fw(",") + "同比"),  # the mark before Chinese changes
])
def test_figures_and_latin_text_keep_their_marks(raw, printed):
    assert chinese_punctuation(raw) == printed


@given(st.text(alphabet="示例市完成座年月日1203,:;()!?\"《》、。 ab", max_size=60))
def test_typesetting_is_idempotent_and_the_parser_reads_it_back(text):
    once = chinese_punctuation(text)
    assert chinese_punctuation(once) == once
    assert len(once) == len(text)  # marks are swapped one for one, nothing added or lost
    assert normalize_line(once) == normalize_line(chinese_punctuation(normalize_line(text)))


def _doc() -> BulletinDocument:
    item = Item(number=1, title="审议《实施方案》的落实情况。", units_note="(责任单位:市发改委)",
                paragraphs=[Paragraph("3月2日,印发了《方案》(示政办发〔2026〕11号);完成1,000座。")])
    return BulletinDocument(title="关于重点工作落实情况的督查通报", date=dt.date(2026, 4, 20),
                            addressees="各县市区人民政府,市政府各部门:",
                            sections=[Section("一、已落实事项", blocks=[item])],
                            signature="示例市人民政府政务督查室")


def test_every_renderer_prints_full_width_marks_and_leaves_the_source_alone():
    doc = _doc()
    opened = docx.Document(io.BytesIO(render_docx(doc)))
    docx_text = "\n".join(p.text for p in opened.paragraphs)
    for text in (docx_text, render_text(doc), render_markdown(doc), render_html(doc)):
        assert fw("(责任单位:市发改委)") in text
        assert fw("各县市区人民政府,市政府各部门:") in text
        assert "完成1,000座" in text
    assert doc.addressees == "各县市区人民政府,市政府各部门:"  # the draft itself is not changed
    assert typeset(doc).sections[0].blocks[0].units_note == fw("(责任单位:市发改委)")
