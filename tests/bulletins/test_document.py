"""The bulletin data model: JSON round trips, validation messages, ordinals and dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ducha.bulletins.document import (
    BulletinDataError,
    BulletinDocument,
    Item,
    Paragraph,
    SubHeading,
    cn_numeral,
    format_date,
    ordinal,
    run_in_heading,
)


def test_json_round_trip_gives_back_an_equal_document(bulletin):
    doc = bulletin("periodical", print_date=dt.date(2026, 11, 6))
    data = json.loads(json.dumps(doc.to_dict(), ensure_ascii=False))
    assert BulletinDocument.from_dict(data) == doc


def test_blocks_are_tagged_with_their_kind(bulletin):
    blocks = bulletin().to_dict()["sections"][1]["blocks"]
    assert [b["kind"] for b in blocks] == ["subheading", "item", "paragraph"]
    assert blocks[1]["number"] is None


def test_unknown_layout_is_refused_in_chinese():
    with pytest.raises(BulletinDataError, match="未知的版式"):
        BulletinDocument(title="通报", date=dt.date(2026, 1, 1), layout="poster")  # type: ignore[arg-type]


def test_from_dict_explains_a_bad_date_and_missing_fields(bulletin):
    data = bulletin().to_dict()
    with pytest.raises(BulletinDataError, match="日期“2026-13-01”无法识别"):
        BulletinDocument.from_dict({**data, "date": "2026-13-01"})
    with pytest.raises(BulletinDataError, match="通报数据不完整"):
        BulletinDocument.from_dict({"date": "2026-11-05"})


def test_from_dict_refuses_an_unknown_block_kind(bulletin):
    data = bulletin().to_dict()
    data["sections"][0]["blocks"].append({"kind": "image", "text": "x"})
    with pytest.raises(BulletinDataError, match="未知的内容类型“image”"):
        BulletinDocument.from_dict(data)


def test_item_label_joins_number_title_and_units():
    item = Item(3, "审议《示例方案》的落实情况。", "（责任单位：市发改委）")
    assert item.label == "3.审议《示例方案》的落实情况。（责任单位：市发改委）"
    assert Item(None, "听取汇报。").label == "听取汇报。"


def test_item_count_counts_items_only(bulletin):
    assert bulletin().item_count() == 3


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                         (35, "三十五"), (99, "九十九")])
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text


def test_cn_numeral_out_of_range():
    with pytest.raises(ValueError, match="超出"):
        cn_numeral(100)


def test_ordinals_follow_gbt9704_levels():
    assert [ordinal(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]
    with pytest.raises(ValueError, match="标题层级"):
        ordinal(5, 1)


def test_dates_are_arabic_and_unpadded():
    assert format_date(dt.date(2026, 5, 7)) == "2026年5月7日"


def test_masthead_issue_label(bulletin):
    assert bulletin().masthead.issue_label == "第3期（总第41期）"
    doc = bulletin(masthead=None)
    assert doc.masthead is None
    assert BulletinDocument.from_dict(doc.to_dict()).masthead is None


def test_subheading_and_paragraph_defaults():
    assert SubHeading("（一）会议").level == 2
    assert Paragraph("正文").text == "正文"


@pytest.mark.parametrize(("text", "expected"), [
    ("一、督办事项：推进工程建设。", (1, 7)),
    ("（二）2026年5月8日市政府第5次常务会议", (2, 22)),
    ("(三)持续推进。其他", (2, 8)),
    ("3.审议方案。（责任单位：市发改委）", (3, 7)),
    ("（4）加强调度", (4, 7)),
    ("3.5亿元已拨付。", (0, 0)),
    ("2026年11月5日", (0, 0)),
    ("一是项目已开工。", (0, 0)),
])
def test_run_in_heading_finds_the_ordinal_and_the_words_up_to_the_first_stop(text, expected):
    assert run_in_heading(text) == expected
