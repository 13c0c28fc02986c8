"""Behaviour of the status suggester on sentences written for these tests (示例市 is fictional)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ducha.docparse.suggest import (
    RULE_NAMES,
    TIE_ORDER,
    Suggestion,
    score_evidence,
    suggest_many,
    suggest_status,
)
from ducha.docparse.vocab import STATUS_CODES


def _rules(s: Suggestion) -> set[str]:
    return {e.rule for e in s.evidence}


# One sentence per status, in the language a unit writes its progress report in.
STATUS_CASES = {
    "done": "示例市人民政府已于3月15日印发《示例市城市更新实施方案》(示政发〔2023〕7号)。",
    "basically_done": "示例市体育中心主体工程已完工,正在进行室内装修。",
    "in_progress": "示例市污水处理厂二期正在开展设备安装,计划于2024年6月底前完工。",
    "ongoing": "示例市建立河湖长制长效机制,每月开展巡河,常态化推进河道保洁。",
    "not_done": "示例市公共停车场项目尚未开工,用地手续尚未办结。",
    "lagging": "示例市老旧小区改造项目进展缓慢,整体进度滞后于年度计划。",
    "problem": "示例市垃圾焚烧发电项目征地拆迁困难,存在突出问题,项目已停工。",
}

# One sentence per rule, with the span that rule should claim.
RULE_CASES = [
    ("basically_done", "示例市档案馆新馆基本建成,即将投入使用。", "基本建成"),
    ("percent_complete", "截至年底,完成年度投资计划的100%。", "完成年度投资计划的100%"),
    ("percent_most", "示例大桥已合龙,已完成总工程量的85%。", "完成总工程量的85%"),
    ("percent_partial", "一季度完成全年目标任务的23.5%。", "完成全年目标任务的23.5%"),
    ("not_done", "示例市智慧停车平台至今仍未上线。", "仍未"),
    ("lagging", "示例区安置房建设推进缓慢。", "推进缓慢"),
    ("problem", "示例县受雨雪天气影响,部分路段无法施工。", "受雨雪天气影响"),
    ("completed", "示例市第一中学新校区已建成并投入使用。", "已建成"),
    ("issued", "5月8日,示例市政府办公室印发了《示例市数据共享管理办法》。", "印发了"),
    (
        "doc_number",
        "《示例市物业管理办法》(示政规〔2022〕3号)自6月1日起施行。",
        "示政规〔2022〕3号",
    ),
    ("past_date", "示例市已于6月10日召开全市营商环境推进会。", "已于6月10日"),
    ("future_date", "示例市图书馆改扩建工程预计2025年底竣工。", "预计2025年底"),
    ("pending", "《示例市养犬管理条例》待省人大常委会批准后公布。", "待省人大常委会批准后"),
    ("progress", "示例市有序推进老旧管网更新改造。", "有序推进"),
    ("ongoing", "示例市每年开展两次食品安全专项检查。", "每年"),
    ("aim", "各地要对照时间节点,确保年底前全面完成改造任务。", "全面完成"),
]


@pytest.mark.parametrize(("status", "text"), STATUS_CASES.items())
def test_each_status_is_reached_by_its_typical_sentence(status: str, text: str) -> None:
    assert suggest_status(text).status == status


@pytest.mark.parametrize(("rule", "text", "span"), RULE_CASES)
def test_each_rule_claims_its_phrase(rule: str, text: str, span: str) -> None:
    found = [(e.rule, e.span) for e in suggest_status(text).evidence]
    assert (rule, span) in found


def test_every_rule_has_a_case() -> None:
    assert {rule for rule, _, _ in RULE_CASES} == set(RULE_NAMES)


def test_evidence_spans_are_the_texts_own_substrings_at_their_offsets() -> None:
    for text in [*STATUS_CASES.values(), *(t for _, t, _ in RULE_CASES)]:
        padded = "  " + text + "\n"
        for e in suggest_status(padded).evidence:
            assert padded[e.start : e.end] == e.span


def test_a_completion_under_an_aim_is_not_evidence_of_completion() -> None:
    s = suggest_status("示例市将于明年6月前完成全部老旧小区改造,确保按期建成投用。")
    assert "completed" not in _rules(s)
    assert s.status == "in_progress"


def test_words_inside_a_document_title_are_not_evidence() -> None:
    s = suggest_status("印发了《关于加快推进示例市数字政府建设持续优化营商环境的实施意见》。")
    assert _rules(s) == {"issued"}
    assert s.status == "done"


def test_a_title_whose_opening_mark_was_lost_is_still_masked() -> None:
    s = suggest_status("6月3日,印发关于加快推进示例市重点项目建设的通知》。")
    assert "progress" not in _rules(s)


def test_open_work_outweighs_completed_steps() -> None:
    text = (
        "示例市已完成项目立项和可研批复,印发了实施方案,目前正在开展初步设计,"
        "待省发改委审批后开工,计划于2025年3月开工建设。"
    )
    assert suggest_status(text).status == "in_progress"


def test_persons_in_need_are_not_a_problem() -> None:
    s = suggest_status("示例市春节期间走访慰问困难群众1200户。")
    assert "problem" not in _rules(s)


def test_growth_figures_are_not_completion_percentages() -> None:
    s = suggest_status("一季度完成地区生产总值300亿元,同比增长8.5%。")
    assert not {"percent_complete", "percent_most", "percent_partial"} & _rules(s)


def test_no_evidence_defaults_to_in_progress_with_zero_confidence() -> None:
    s = suggest_status("示例市召开专题会议研究部署。")
    assert (s.status, s.confidence, s.evidence) == ("in_progress", 0.0, ())


def test_ties_go_to_the_more_cautious_status() -> None:
    assert TIE_ORDER.index("basically_done") < TIE_ORDER.index("done")
    assert set(TIE_ORDER) == set(STATUS_CODES)


def test_scores_count_a_rule_at_most_twice() -> None:
    once = suggest_status("示例市尚未出台细则。")
    thrice = suggest_status("示例市尚未出台细则,尚未明确资金,尚未确定选址。")
    assert score_evidence(thrice.evidence)["not_done"] == 2 * once.scores["not_done"]


def test_to_dict_has_the_cli_contract_shape() -> None:
    d = suggest_status(STATUS_CASES["done"]).to_dict()
    assert {"text", "status", "evidence"} <= d.keys()
    assert d["status"] == "done"
    assert all({"span", "rule"} <= ev.keys() for ev in d["evidence"])
    json.dumps(d, ensure_ascii=False)


def test_suggest_many_keeps_the_order_of_its_lines() -> None:
    lines = list(STATUS_CASES.values())
    assert [s.status for s in suggest_many(lines)] == list(STATUS_CASES)
    assert suggest_many([]) == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gets_one_of_the_seven_codes(text: str) -> None:
    s = suggest_status(text)
    assert s.status in STATUS_CODES
    assert all(text[e.start : e.end] == e.span for e in s.evidence)


_VOCAB = st.sampled_from(
    [
        "已完成",
        "尚未",
        "正在",
        "持续",
        "滞后",
        "困难",
        "〔2023〕5号",
        "印发了",
        "《",
        "》",
        "计划于",
        "5月",
        "80%",
        ",",
        "。",
        "基本完成",
        "待",
        "后",
        "示例市",
        "\n",
        " ",
        "确保",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_VOCAB, max_size=30).map("".join),
    st.text(" \t\n\u3000", max_size=4),
    st.text(" \t\n\u3000", max_size=4),
)
def test_surrounding_whitespace_does_not_change_the_result(text: str, lead: str, tail: str) -> None:
    bare, padded = suggest_status(text), suggest_status(lead + text + tail)
    assert padded.status == bare.status
    assert [(e.rule, e.span) for e in padded.evidence] == [(e.rule, e.span) for e in bare.evidence]
