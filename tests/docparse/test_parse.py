"""parse_text / parse_file / documents_to_json: the contract of ``ducha parse --json``."""

from __future__ import annotations

import pytest

from ducha.docparse import parse as parse_module
from ducha.docparse.dates import parse_date
from ducha.docparse.errors import DocumentInputError
from ducha.docparse.furniture import is_furniture, parse_meta_line
from ducha.docparse.parse import documents_to_json, guess_kind, parse_text

DOCUMENT_KEYS = ["title", "doc_number", "issuer", "date", "kind", "addressees", "attachments",
                 "tasks", "bulletin", "meeting"]
TASK_KEYS = ["number", "chapter", "section", "title", "text", "lead_units", "responsible_units",
             "implicit_responsible_units", "lead_leaders", "deadline", "scope", "outline_path",
             "line"]
TEXT = ("关于做好庚工作的通知\r\n示政办函〔2023〕8号\r\n各单位:\r\n一、重点任务\r\n"
        "(一)新增就业1万人。(牵头单位:示例市人社局)\r\n示例市人民政府办公室\r\n2023年6月1日\r\n")


def test_json_contract_has_exactly_the_agreed_keys() -> None:
    data = documents_to_json(parse_text(TEXT))
    (document,) = data["documents"]
    assert list(document) == DOCUMENT_KEYS
    (task,) = document["tasks"]
    assert [key for key in task if key != "indicators"] == TASK_KEYS
    assert task["line"] == 5


def test_indicators_are_added_when_the_helper_is_installed(monkeypatch) -> None:
    class Target:
        def to_dict(self) -> dict[str, str]:
            return {"name": "新增就业"}

    monkeypatch.setattr(parse_module, "parse_targets", lambda text: [Target()])
    (document,) = documents_to_json(parse_text(TEXT))["documents"]
    assert document["tasks"][0]["indicators"] == [{"name": "新增就业"}]
    monkeypatch.setattr(parse_module, "parse_targets", None)
    (document,) = documents_to_json(parse_text(TEXT))["documents"]
    assert "indicators" not in document["tasks"][0]


def test_bulletin_helper_is_asked_only_about_reporting_documents(monkeypatch) -> None:
    class Found:
        def to_dict(self) -> dict[str, str]:
            return {"title": "通报"}

    asked: list[str] = []
    monkeypatch.setattr(parse_module, "parse_bulletin", lambda text: asked.append(text) or Found())
    assert parse_text(TEXT)[0].bulletin is None  # a notice assigning work
    (report,) = parse_text("关于庚工作落实情况的通报\n一、已完成事项\n1.甲已完成。")
    assert report.kind == "bulletin" and report.bulletin == {"title": "通报"}
    assert len(asked) == 1
    monkeypatch.setattr(parse_module, "parse_bulletin", None)
    assert parse_text("关于庚工作落实情况的通报\n正文。")[0].bulletin is None


@pytest.mark.parametrize(("title", "kind"), [
    ("示例市人民政府办公室关于分解落实《政府工作报告》确定的2024年重点工作的通知", "work_report"),
    ("示例市人民政府第5次常务会议纪要", "meeting_minutes"),
    ("关于2023年度政务信息工作情况的通报", "bulletin"),
    ("关于印发示例市停电事件应急预案的通知", "policy"),
    ("关于印发示例市三年行动方案(2021—2023年)的通知", "policy"),
    ("关于印发《示例市城市更新实施方案(2026—2028年)》的通知", "policy"),
    ("关于印发《示例市停车管理办法》的通知", "policy"),
    ("关于进一步做好创业担保贷款工作的通知", "instruction"),
    ("示例市年鉴", "other"),
])
def test_guess_kind(title: str, kind: str) -> None:
    assert guess_kind(title) == kind


def test_single_page_takes_missing_fields_from_its_metadata() -> None:
    (document,) = parse_text("• 文 号:示政发〔2022〕4号\n• 发布机构:示例市人民政府\n"
                             "• 发布日期:2022年03月04日\n• 名 称:关于辛的意见\n正文第一段。")
    assert (document.title, document.doc_number) == ("关于辛的意见", "示政发〔2022〕4号")
    assert (document.issuer, document.date) == ("示例市人民政府", "2022-03-04")


def test_text_of_only_furniture_is_refused() -> None:
    with pytest.raises(DocumentInputError) as caught:
        parse_text("字号: 分享到:\n\n手机扫一扫", name="x.txt")
    assert caught.value.path == "x.txt"


@pytest.mark.parametrize(("text", "iso"), [
    ("2021年1月5日", "2021-01-05"), ("二〇二一年十二月三十一日", "2021-12-31"),
    ("2021-03-16 15:11:07", "2021-03-16"), ("2021年2月30日", None), ("无日期", None),
])
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_furniture_and_metadata_lines() -> None:
    assert is_furniture("字号: 分享到:") and is_furniture("责任编辑:某某") and is_furniture("附件:")
    assert not is_furniture("附件:示例市任务清单") and not is_furniture("一、总体要求")
    assert parse_meta_line("索引号 : 7641/2021-1 文 号 : 无") == {"index": "7641/2021-1"}
    assert parse_meta_line("牵头单位:示例市发改委") is None


def test_a_bulletin_without_its_title_line_is_still_a_bulletin() -> None:
    """Scraped pages often drop the title; the status sections say what the document is."""
    text = ("市政府政务督查室近期对市政府常务会议确定事项的落实情况进行了督办,现通报如下:\n"
            "一、已落实事项\n(一)2023年1月10日市政府第1次常务会议\n"
            "审议《示例市河道保洁办法》的落实情况。(责任单位:市水利局)\n1月30日,办法已印发实施。\n")
    (document,) = parse_text(text)
    assert document.bulletin is not None and document.bulletin["sections"]
    assert document.kind == "bulletin"
    assert parse_text("示例市年鉴\n本市概况。")[0].kind == "other"
