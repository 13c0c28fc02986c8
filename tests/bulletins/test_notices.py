"""督查通知单 and 催办单: the facts land in the right sections and fit on one page."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from pypdf import PdfReader

from ducha.bulletins.document import Paragraph
from ducha.bulletins.notices import REMINDER_GRADES, assignment_notice, reminder_notice
from ducha.bulletins.render_docx import render_docx
from ducha.bulletins.render_pdf import render_pdf
from ducha.bulletins.render_text import render_text

pdf_module = importlib.import_module("ducha.bulletins.render_pdf")

ISSUER = "示例市人民政府政务督查室"
DAY = dt.date(2026, 11, 5)


def _assignment(**changes):
    fields = {"issuer": ISSUER, "date": DAY, "task": "推进示例湖生态治理工程，年底前完成截污管网建设。",
              "lead_units": ["市生态环境局"], "responsible_units": ["市水利局", "示例区人民政府"],
              "deadline": dt.date(2026, 12, 31), "basis": "市政府第9次常务会议议定事项",
              "doc_number": "示督通〔2026〕12号", "contact": "王示例，0000-1234567"}
    return assignment_notice(**{**fields, **changes})


def _reminder(grade="yellow", **changes):
    fields = {"issuer": ISSUER, "date": DAY, "grade": grade,
              "task": "推进示例湖生态治理工程，年底前完成截污管网建设。",
              "units": ["市生态环境局"], "overdue": ["10月进展情况未按期报送。", "截污管网完成率仅40%。"],
              "reply_by": dt.date(2026, 11, 12)}
    return reminder_notice(**{**fields, **changes})


def _lines(doc):
    return [b.text for s in doc.sections for b in s.blocks if isinstance(b, Paragraph)]


def test_assignment_notice_names_task_units_deadline_and_requirements():
    doc = _assignment()
    assert (doc.title, doc.layout) == ("督查通知单", "letter")
    assert doc.addressees == "市生态环境局、市水利局、示例区人民政府："
    assert doc.opening[0].text == "根据市政府第9次常务会议议定事项，现将下列督办事项交你单位办理。"
    assert _lines(doc) == [
        "一、督办事项：推进示例湖生态治理工程，年底前完成截污管网建设。",
        "二、承办单位：牵头单位市生态环境局；责任单位市水利局、示例区人民政府。",
        "三、办理时限：2026年12月31日前办结并报送办理情况。",
        "四、工作要求：1.承办单位要高度重视，明确责任人，按时保质完成。"
        "2.遇到困难和问题，请及时向督查部门报告。3.逾期未报送办理情况的，将按程序予以催办。",
    ]
    assert doc.closing[0].text == "联系人及电话：王示例，0000-1234567"
    assert (doc.signature, doc.doc_number) == (ISSUER, "示督通〔2026〕12号")


def test_a_single_requirement_is_not_numbered():
    doc = _assignment(requirements=["请按时报送"])
    assert _lines(doc)[-1] == "四、工作要求：请按时报送。"


@pytest.mark.parametrize(("grade", "title"), [("blue", "督查催办单（蓝色提醒）"),
                                              ("yellow", "督查催办单（黄色预警）"),
                                              ("red", "督查催办单（红色督办）")])
def test_reminder_grades_print_their_colour_and_action(grade, title):
    doc = _reminder(grade)
    assert doc.title == title
    colour, action = REMINDER_GRADES[grade]
    assert doc.opening[0].text.endswith(f"现予{colour}{action}。")


def test_reminder_lists_what_is_overdue_and_the_reply_deadline():
    lines = _lines(_reminder("red"))
    assert lines[0] == "一、催办事项：推进示例湖生态治理工程，年底前完成截污管网建设。"
    assert lines[1] == "二、逾期情况：10月进展情况未按期报送。截污管网完成率仅40%。"
    assert lines[2].startswith("三、回复时限：2026年11月12日前书面回复")
    assert lines[3].startswith("四、有关要求：1.请单位主要负责同志亲自过问")


def test_nothing_overdue_given_still_says_what_is_late():
    assert _lines(_reminder(overdue=[]))[1] == "二、逾期情况：未按期报送办理情况。"


def test_unknown_reminder_grade_is_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的催办等级“green”"):
        _reminder("green")


def test_notices_render_in_every_layout():
    for doc in (_assignment(layout="official"), _assignment(layout="periodical"), _reminder()):
        assert render_docx(doc)[:2] == b"PK"
        assert "督查" in render_text(doc)


def test_notices_fit_on_one_page():
    if pdf_module.libreoffice_binary() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    for doc in (_assignment(), _reminder("red", contact="李示例，0000-7654321")):
        pages = PdfReader(io.BytesIO(render_pdf(render_docx(doc)))).pages
        assert len(pages) == 1, doc.title
