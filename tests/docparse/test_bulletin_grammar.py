"""The small grammars the bulletin parser is built from: lines, units, labels, summaries."""

from __future__ import annotations

import pytest

from ducha.docparse.bulletin_summary import (
    find_items_named,
    find_totals,
    parse_highlights,
    parse_recommendations,
)
from ducha.docparse.bulletin_text import (
    cn_number,
    enumeration,
    split_annotation,
    split_page,
    status_of_heading,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("5", 5), ("十", 10), ("十六", 16), ("二十一", 21), ("一百零三", 103), ("二〇二三", 2023),
     ("", None), ("abc", None)],
)
def test_cn_number(text: str, value: int | None) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize(
    ("line", "kind", "value", "rest"),
    [
        ("一、已落实事项", "top", 1, "已落实事项"),
        ("(十二)2021年5月17日市政府第5次常务会议", "sub", 12, "2021年5月17日市政府第5次常务会议"),
        ("3.审议《办法》", "num", 3, "审议《办法》"),
        ("14、许昌舰正式完成入列", "num", 14, "许昌舰正式完成入列"),
        ("4、2016年考评排名第一", "num", 4, "2016年考评排名第一"),
        ("2.2023年3月2日市政府第3次常务会议", "num", 2, "2023年3月2日市政府第3次常务会议"),
        ("(2)审议《计划》", "num", 2, "审议《计划》"),
        ("1.5万亩林地已完成种植。", "", None, "1.5万亩林地已完成种植。"),
        ("一是关于召开会议问题。", "", None, "一是关于召开会议问题。"),
    ],
)
def test_enumeration(line: str, kind: str, value: int | None, rest: str) -> None:
    e = enumeration(line)
    assert (e.kind, e.value, e.rest) == (kind, value, rest)


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("已落实事项", "done"), ("已完成", "done"), ("已办结事项", "done"),
        ("已基本完成事项", "basically_done"), ("正在推进事项", "in_progress"),
        ("正在推进的事项", "in_progress"), ("有序推进", "in_progress"),
        ("持续推进事项", "ongoing"), ("尚未完全落实事项", "not_done"),
        ("尚未落实事项(3项)", "not_done"), ("未完成事项", "not_done"),
        ("存在突出问题", "problem"), ("需要加大力度", "lagging"),
        ("关于进展缓慢的部分中小学项目", None), ("整体情况", None), ("督查建议", None),
        ("1项存在突出问题。即:城区内涝治理。", None),
    ],
)
def test_status_of_heading(label: str, code: str | None) -> None:
    assert status_of_heading(label) == code


@pytest.mark.parametrize(
    ("line", "text", "units"),
    [
        ("审议《办法》的落实情况。(责任单位:市发改委、市财政局、示例银保监分局)",
         "审议《办法》的落实情况。", ["市发改委", "市财政局", "示例银保监分局"]),
        ("研究部署工作。(责任单位:示例职教(集团)学校、各县(市、区)人民政府)",
         "研究部署工作。", ["示例职教(集团)学校", "各县(市、区)人民政府"]),
        ("听取汇报。(责任单位:市生态环境局,市直有关单位)",
         "听取汇报。", ["市生态环境局", "市直有关单位"]),
        ("听取汇报。(责任单位:市发改委、市统计局等市直有关单位)",
         "听取汇报。", ["市发改委", "市统计局等市直有关单位"]),
        ("推进工作。(牵头单位:市住建局;责任单位:市城管局、市水利局)",
         "推进工作。", ["市住建局", "市城管局", "市水利局"]),
        ("推进工作。(2023年底前完成)", "推进工作。(2023年底前完成)", None),
        ("(责任单位:市司法局等)", "", ["市司法局等"]),
        ("责任单位:市文旅局 市财政局", "", ["市文旅局", "市财政局"]),
        ("审议《办法》的落实情况。责任单位:市发改委、市财政局",
         "审议《办法》的落实情况。", ["市发改委", "市财政局"]),
    ],
)
def test_split_annotation(line: str, text: str, units: list[str] | None) -> None:
    assert split_annotation(line) == (text, units)


def test_split_page_drops_furniture_and_keeps_metadata() -> None:
    page = split_page([
        "• 索 引 号:000/2023-1", "• 名 称:关于示例事项的督查通报", "• 发布日期:2023年05月06日",
        "字号: 分享到:", "【信息来源:示例市政府督查室】", "现通报如下:", "一、已落实事项",
        "已完成。", "责任编辑:李四", "附件:", "Baidu", "map",
    ])
    assert page.lines == ["现通报如下:", "一、已落实事项", "已完成。"]
    assert page.meta_title == "关于示例事项的督查通报"
    assert page.published == (2023, 5, 6)


def test_totals_count_first_and_label_first() -> None:
    totals = find_totals(["其他内容。", "督查的40项工作中,30项已完成,8项有序推进,2存在突出问题。"])
    assert (totals.total, totals.by_status) == (40, {"已完成": 30, "有序推进": 8,
                                                    "存在突出问题": 2})
    totals = find_totals(["共督办事项12项,其中已落实9项,正在推进3项。"])
    assert (totals.total, totals.by_status) == (12, {"已落实": 9, "正在推进": 3})


def test_totals_with_labels_vocab_lacks() -> None:
    totals = find_totals(["全市共督查重点工作50项,其中已完成20项,正在推进25项,进展滞后5项。"])
    assert (totals.total, totals.by_status) == (50, {"已完成": 20, "正在推进": 25,
                                                    "进展滞后": 5})


def test_totals_need_two_statuses() -> None:
    assert find_totals(["在55已完成和有序推进的工作中有3大亮点:"]).by_status == {}


def test_items_named_only_for_lagging_statuses() -> None:
    named = find_items_named([
        "30项已完成。分别是:春季招聘会,城区路灯改造等。",
        "2项存在突出问题。即:城区内涝治理、垃圾分类收运。",
        "3项需要加大力度,分别是农村公路提档、示例湖(南湖)清淤等。",
        "尚未落实的事项2项:示例大桥、示例隧道。",
    ])
    assert named == {
        "存在突出问题": ["城区内涝治理", "垃圾分类收运"],
        "需要加大力度": ["农村公路提档", "示例湖(南湖)清淤"],
        "尚未落实": ["示例大桥", "示例隧道"],
    }


def test_highlights_read_headline_and_leader() -> None:
    found = parse_highlights([
        "有2大亮点:",
        "1、示例公园开园。由王一副市长牵头,市园林局负责。5月1日开园。",
        "2.示例大道通车。",
        "由李二副市长、赵三副市长牵头,市交通运输局负责。",
    ])
    assert [(h.text, h.leader) for h in found] == [
        ("示例公园开园", "王一副市长"), ("示例大道通车", "李二副市长、赵三副市长")]


def test_highlights_grouped_under_sub_headings_count_the_numbered_ones() -> None:
    found = parse_highlights(["(一)经济方面", "1、示例公园开园。", "2、示例大道通车。",
                              "(二)民生方面", "1、示例医院启用。"])
    assert [h.text for h in found] == ["示例公园开园", "示例大道通车", "示例医院启用"]


def test_highlights_may_be_sub_enumerated() -> None:
    found = parse_highlights(["(一)示例公园开园。由王一副市长牵头。", "(二)示例大道通车。"])
    assert [(h.text, h.leader) for h in found] == [("示例公园开园", "王一副市长"),
                                                  ("示例大道通车", None)]


def test_recommendations_keep_their_numbered_lists() -> None:
    found = parse_recommendations(["(一)关于示例工作", "1.加强领导。", "2.强化督办。"])
    assert [(r.heading, r.text) for r in found] == [("关于示例工作", "1.加强领导。\n2.强化督办。")]


def test_recommendations_heading_and_text() -> None:
    found = parse_recommendations([
        "(一)关于示例工作。一是加强领导。", "二是强化督办。", "(二)关于另一项工作", "一是抓紧推进。",
    ])
    assert [(r.heading, r.text) for r in found] == [
        ("关于示例工作", "一是加强领导。\n二是强化督办。"), ("关于另一项工作", "一是抓紧推进。")]
