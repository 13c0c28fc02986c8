"""Splitting texts into documents: 文号 anchors, titles above or below, signatures."""

from __future__ import annotations

import pytest

from ducha.docparse.model import Line
from ducha.docparse.split import is_title, split_addressees, split_documents


def _lines(text: str) -> list[Line]:
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1) if line]


GAZETTE = """示例市人民政府公报
示例市人民政府关于甲事项的通知
示例市人民政府办公室关于乙事项的通报
示例市人民政府关于
甲事项的通知
示政发〔2023〕1号
各县(市、区)人民政府:
请认真执行。
示例市人民政府
2023年1月5日
示例市人民政府办公室关于乙事项的通报
示政办函[2023]2号
市直有关单位:
现通报如下。
示例市人民政府办公室 2023年2月6日"""


def test_gazette_with_table_of_contents_splits_on_doc_numbers() -> None:
    first, second = split_documents(_lines(GAZETTE))
    assert (first.title, first.doc_number) == ("示例市人民政府关于甲事项的通知", "示政发〔2023〕1号")
    assert (first.issuer, first.date) == ("示例市人民政府", "2023-01-05")
    assert first.addressees == ["各县(市、区)人民政府"]
    assert [line.text for line in first.body] == ["请认真执行。"]
    assert (second.title, second.doc_number) == ("示例市人民政府办公室关于乙事项的通报",
                                                 "示政办函[2023]2号")
    assert (second.issuer, second.date) == ("示例市人民政府办公室", "2023-02-06")


def test_red_header_title_below_doc_number() -> None:
    (document,) = split_documents(_lines(
        "示例市人民政府办公室文件\n示政办发〔2024〕3号\n示例市人民政府办公室关于丙事项的意见\n"
        "各乡镇:\n正文。\n二〇二四年三月八日"))
    assert document.title == "示例市人民政府办公室关于丙事项的意见"
    assert document.date == "2024-03-08"
    assert [line.text for line in document.body] == ["正文。"]


def test_text_without_doc_number_is_one_document() -> None:
    (document,) = split_documents(_lines("关于丁工作落实情况的通报\n一、总体情况\n进展顺利。"))
    assert document.title == "关于丁工作落实情况的通报"
    assert document.doc_number is None
    assert len(document.body) == 2


def test_attachments_from_list_and_from_marks() -> None:
    (listed,) = split_documents(_lines(
        "关于戊的通知\n示政办函〔2023〕5号\n各单位:\n正文。\n附件:1.2023年任务清单\n2.联系人名单\n"
        "示例市人民政府办公室\n2023年5月1日"))
    assert listed.attachments == ["2023年任务清单", "联系人名单"]
    (marked,) = split_documents(_lines("关于己的通知\n正文。\n附件\n己工作任务分解表\n一、甲"))
    assert marked.attachments == ["己工作任务分解表"]


@pytest.mark.parametrize(("text", "expected"), [
    ("各县、市、区人民政府,市政府各部门", ["各县、市、区人民政府", "市政府各部门"]),
    ("示例市发改委、示例市财政局", ["示例市发改委", "示例市财政局"]),
    ("各县(市、区)人民政府;示例高新区管委会", ["各县(市、区)人民政府", "示例高新区管委会"]),
    ("各区人民政府,甲新区、乙管理区管委会", ["各区人民政府", "甲新区管委会", "乙管理区管委会"]),
    ("甲市发改委、乙开发区管委会", ["甲市发改委", "乙开发区管委会"]),
])
def test_addressees(text: str, expected: list[str]) -> None:
    assert split_addressees(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("示例市人民政府关于印发某办法的通知", True),
    ("示例市某某三年行动方案(2020—2022年)", True),
    ("市政府1-6月份重大工作事项落实情况", True),
    ("示例市人民政府办公室文件", False),
])
def test_is_title(text: str, expected: bool) -> None:
    assert is_title(text) is expected


def test_document_without_doc_number_is_found_by_title_over_addressees() -> None:
    first, second = split_documents(_lines(
        "示例市人民政府关于甲事项的通知\n示政发〔2023〕1号\n各乡镇:\n正文一。\n示例市人民政府\n2023年1月5日\n"
        "示例市人民政府办公室关于任免工作人员的通知\n市直各单位:\n正文二。\n示例市人民政府办公室\n2023年1月9日"))
    assert first.doc_number == "示政发〔2023〕1号"
    assert [line.text for line in first.body] == ["正文一。"]
    assert (second.title, second.doc_number) == ("示例市人民政府办公室关于任免工作人员的通知", None)
    assert second.addressees == ["市直各单位"]
    assert second.date == "2023-01-09"


def test_doc_number_quoted_on_its_own_line_in_a_body_does_not_split() -> None:
    (document,) = split_documents(_lines(
        "关于甲事项的通知\n示政发〔2023〕1号\n各乡镇:\n依据以下文件:\n国办发〔2020〕3号\n请遵照执行。"))
    assert [line.text for line in document.body] == ["依据以下文件:", "国办发〔2020〕3号", "请遵照执行。"]


def test_a_dated_line_that_is_no_signature_is_skipped() -> None:
    (document,) = split_documents(_lines("关于甲的通知\n会议召开于 2023年1月5日\n示例市人民政府\n2023年1月6日"))
    assert (document.issuer, document.date) == ("示例市人民政府", "2023-01-06")


def test_issuer_from_the_title_when_the_document_is_not_signed() -> None:
    (document,) = split_documents(_lines("示例市人民政府办公室关于甲的通知\n各乡镇:\n正文。"))
    assert document.issuer == "示例市人民政府办公室"
    (untitled,) = split_documents(_lines("关于甲的通知\n各乡镇:\n正文。"))
    assert untitled.issuer is None


def test_doc_number_without_a_title_but_with_addressees_is_a_document() -> None:
    """A 文号 line with no title around it used to crash the splitter (max() of one int)."""
    (document,) = split_documents(_lines("示政发〔2021〕1号\n各县市区人民政府:\n请认真执行。"))
    assert (document.title, document.doc_number) == ("", "示政发〔2021〕1号")
    assert document.addressees == ["各县市区人民政府"]
    assert [line.text for line in document.body] == ["请认真执行。"]
