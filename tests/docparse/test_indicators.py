"""The indicator grammar: targets in task text, actuals in progress text, and matching them.

Every sentence here is written for a fictional 示例市; none is copied from the seeds.
"""

from __future__ import annotations

import pytest

from ducha.docparse.indicators import (
    Actual,
    Target,
    match_actual,
    name_similarity,
    parse_actuals,
    parse_targets,
)


def _rows(targets: list[Target]) -> list[tuple]:
    return [(t.name, t.kind, t.comparator, t.value, t.measure) for t in targets]


# --- targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(一)全市地区生产总值增长8.5%以上。", ("地区生产总值增长", "growth", ">=", 8.5, "%")),
        ("(二)社会消费品零售总额增长9%。", ("社会消费品零售总额增长", "growth", "=", 9, "%")),
        ("(三)外贸进出口总额增长12.5%左右。", ("外贸进出口总额增长", "growth", "~", 12.5, "%")),
        ("(四)城镇调查失业率控制在5.5%以内。", ("城镇调查失业率", "rate", "<=", 5.5, "%")),
        ("(五)商品房价格涨幅控制在2%左右。", ("商品房价格涨幅", "rate", "~", 2, "%")),
        ("(六)蔬菜产量86万吨。", ("蔬菜产量", "count", "=", 86, "万吨")),
        ("7.新增城镇就业2.4万人。", ("新增城镇就业", "count", "=", 2.4, "万人")),
        ("8.新建公共充电桩600个。", ("新建公共充电桩", "count", "=", 600, "个")),
        ("9.引进总部企业不少于5个。", ("引进总部企业", "count", ">=", 5, "个")),
        ("10.力争规上企业总数突破120家。", ("规上企业总数", "count", ">=", 120, "家")),
        ("11.省级专精特新企业总数达18家。", ("省级专精特新企业总数", "count", "=", 18, "家")),
        ("12.农村生活污水治理比例达35%。", ("农村生活污水治理比例", "rate", "=", 35, "%")),
        ("13.单位产值能耗下降3%以上。", ("单位产值能耗下降", "growth", ">=", 3, "%")),
        ("14.重大安全事故不超过2起。", ("重大安全事故", "count", "<=", 2, "起")),
        ("15.空气质量优良天数比例保持在85%以下。", ("空气质量优良天数比例", "rate", "<=", 85, "%")),
        ("16.改造老旧小区约40个。", ("改造老旧小区", "count", "~", 40, "个")),
        ("17.新增造林面积1.2万亩以上。", ("新增造林面积", "count", ">=", 1.2, "万亩")),
    ],
)
def test_one_target_per_grammar_form(text, expected):
    assert _rows(parse_targets(text)) == [expected]


def test_several_targets_in_one_task_split_at_clauses_and_list_marks():
    text = ("3.引进外资、民资或央企投资项目不少于4个;投资5亿元以上项目8个、亿元以上项目40个;"
            "新开工亿元以上工业项目60个。")
    assert _rows(parse_targets(text)) == [
        ("引进外资、民资或央企投资项目", "count", ">=", 4, "个"),
        ("投资5亿元以上项目", "count", "=", 8, "个"),
        ("亿元以上项目", "count", "=", 40, "个"),
        ("新开工亿元以上工业项目", "count", "=", 60, "个"),
    ]


def test_clauses_without_a_value_do_not_start_the_name():
    text = "20.实施园区数字化改造工程,培育数字化转型服务商3家,数字化车间总数达25个。"
    assert _rows(parse_targets(text)) == [
        ("培育数字化转型服务商", "count", "=", 3, "家"),
        ("数字化车间总数", "count", "=", 25, "个"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "21.加快建设全国50强开发区。",
        "22.建设“5G+智慧园区”创新示范区,打造区域物流枢纽。",
        "23.推进107国道示例段改造,谋划百亿级产业集群。",
        "24.完善月调度、季考核项目推进机制。",
        "25.投资10亿元以上项目加快建设。",
    ],
)
def test_numbers_inside_names_are_not_targets(text):
    assert parse_targets(text) == []


@pytest.mark.parametrize("text", ["(七)农村居民收入持续增长。", "(十一)完成省定污染减排任务。"])
def test_qualitative_targets_are_kept_without_a_number(text):
    [target] = parse_targets(text)
    assert target.kind == "qualitative"
    assert target.name == text.split(")")[1].rstrip("。")
    assert (target.comparator, target.value, target.measure) == (None, None, None)


def test_a_long_task_without_a_value_is_not_a_qualitative_target():
    assert parse_targets("30.落实惠农政策,促进农民增收。") == []


def test_unit_annotations_are_not_part_of_the_target():
    text = "6.新建公共充电桩600个。(牵头单位:示例市发改委;责任单位:各区人民政府)"
    assert _rows(parse_targets(text)) == [("新建公共充电桩", "count", "=", 600, "个")]


def test_report_text_after_a_period_marker_is_not_a_target():
    text = "3.新建公共充电桩600个。一季度,全市新建公共充电桩150个。另建成换电站3座。"
    assert _rows(parse_targets(text)) == [("新建公共充电桩", "count", "=", 600, "个")]


def test_each_line_is_a_task():
    text = "(一)全市地区生产总值增长8.5%以上。\n(二)城镇调查失业率控制在5.5%以内。"
    assert [t.name for t in parse_targets(text)] == ["地区生产总值增长", "城镇调查失业率"]


def test_full_width_forms_are_read_like_ascii():
    assert _rows(parse_targets("(一)地区生产总值增长8.5%以上。")) == [
        ("地区生产总值增长", "growth", ">=", 8.5, "%"),
    ]


def test_target_dict_has_the_contract_keys_and_a_normalised_value():
    [target] = parse_targets("7.新增城镇就业2.4万人。")
    assert target.to_dict() == {
        "name": "新增城镇就业", "kind": "count", "comparator": "=", "value": 2.4,
        "measure": "万人", "normalized_value": 24000, "base_measure": "人", "sense": "floor",
    }


def test_qualitative_dict_has_nulls():
    [target] = parse_targets("(七)农村居民收入持续增长。")
    data = target.to_dict()
    assert (data["comparator"], data["value"], data["measure"]) == (None, None, None)
    assert data["normalized_value"] is None


@pytest.mark.parametrize(
    ("text", "sense"),
    [
        ("商品房价格涨幅控制在2%左右。", "ceiling"),
        ("外贸进出口总额增长12.5%左右。", "floor"),
        ("改造老旧小区约40个。", "band"),
        ("城镇调查失业率控制在5.5%以内。", "ceiling"),
        ("引进总部企业不少于5个。", "floor"),
    ],
)
def test_the_wording_decides_which_side_of_the_value_is_good(text, sense):
    assert parse_targets(text)[0].sense == sense


# --- actuals ---------------------------------------------------------------------------------


def _actual_rows(actuals: list[Actual]) -> list[tuple]:
    return [(a.name, a.actual, a.target, a.comparator, a.measure) for a in actuals]


def test_actuals_with_printed_targets_carry_their_comparator():
    text = ("一季度,示例市实现地区生产总值增长6.2%(目标8.5%);城镇调查失业率4.1%(目标5.5%以内);"
            "商品房价格涨幅-0.4%(目标2%左右);社会消费品零售总额增长10%(目标9%以上)。")
    assert _actual_rows(parse_actuals(text)) == [
        ("地区生产总值增长", 6.2, 8.5, "=", "%"),
        ("城镇调查失业率", 4.1, 5.5, "<=", "%"),
        ("商品房价格涨幅", -0.4, 2, "~", "%"),
        ("社会消费品零售总额增长", 10, 9, ">=", "%"),
    ]


def test_period_sentences_report_actuals_without_target():
    text = "3.新建公共充电桩600个。一季度,全市新建公共充电桩150个。"
    assert _actual_rows(parse_actuals(text)) == [("新建公共充电桩", 150, None, None, "个")]


def test_period_marker_inside_a_clause():
    text = "7.新增城镇就业2.4万人。组织开展招聘活动,一季度全市新增城镇就业4210人。"
    assert _actual_rows(parse_actuals(text)) == [("新增城镇就业", 4210, None, None, "人")]


def test_report_continues_after_the_sentence_with_the_marker():
    text = "一季度,引进总部企业2个。引进亿元及以上项目18个,5亿元以上项目3个。"
    assert [a.name for a in parse_actuals(text)] == [
        "引进总部企业", "引进亿元及以上项目", "5亿元以上项目",
    ]


@pytest.mark.parametrize(
    "marker", ["一季度,", "1至3月,", "1-3月,", "截至3月底,", "今年以来,", "上半年,", "前三季度,"],
)
def test_period_markers(marker):
    [actual] = parse_actuals(f"{marker}全市完成植树造林3.5万亩。")
    assert (actual.name, actual.actual, actual.measure) == ("植树造林", 3.5, "万亩")


def test_plans_and_undated_statements_are_not_actuals():
    text = "印发了工作要点,全市计划新建公共充电桩200个。一季度,全市计划申报示范企业40家。"
    assert parse_actuals(text) == []


def test_a_bare_growth_clause_borrows_the_subject_before_it():
    text = "一季度,全市出口总额达3.2亿元,同比增长12.5%。"
    assert _actual_rows(parse_actuals(text)) == [
        ("出口总额", 3.2, None, None, "亿元"),
        ("出口总额增长", 12.5, None, None, "%"),
    ]


def test_a_target_printed_in_another_magnitude_is_given_in_the_actuals_measure():
    [actual] = parse_actuals("一季度,新增城镇就业4210人(目标2.4万人)。")
    assert (actual.actual, actual.target, actual.measure) == (4210, 24000, "人")
    assert actual.target_measure == "万人"


def test_a_target_in_an_unconvertible_measure_is_kept_as_printed():
    [actual] = parse_actuals("一季度,新建公共充电桩150个(目标600座)。")
    assert (actual.target, actual.target_measure) == (600, "座")


def test_ranges_and_approximate_counts():
    text = "一季度,全市安排项目观摩1-2次活动,举办培训班3期,参训人员150余人。"
    rows = _actual_rows(parse_actuals(text))
    assert ("举办培训班", 3, None, None, "期") in rows
    assert ("参训人员", 150, None, None, "人") in rows
    assert all(row[1] != -2 for row in rows)


def test_shares_and_respective_lists_are_not_actuals():
    text = "一季度,完成新造林5.1万亩,占年度计划的52%;对东盟、非洲出口分别增长30%、20%。"
    assert [a.name for a in parse_actuals(text)] == ["新造林"]


def test_actual_dict_has_the_contract_keys():
    [actual] = parse_actuals("一季度,城镇调查失业率4.1%(目标5.5%以内)。")
    assert actual.to_dict() == {
        "name": "城镇调查失业率", "actual": 4.1, "target": 5.5, "comparator": "<=",
        "measure": "%",
    }


# --- matching ------------------------------------------------------------------------------


def _target(text: str) -> Target:
    [target] = parse_targets(text)
    return target


def test_match_actual_tolerates_reworded_names():
    actuals = parse_actuals("一季度,全市新建充电换电站12座,新增科技创业企业9家。")
    assert match_actual(_target("新建充换电站40座。"), actuals).actual == 12
    assert match_actual(_target("新增科创企业30家。"), actuals).actual == 9


def test_numbers_inside_names_separate_similar_targets():
    actuals = parse_actuals("一季度,引进亿元及以上项目18个,5亿元以上项目3个。")
    assert match_actual(_target("投资5亿元以上项目8个。"), actuals).actual == 3
    assert match_actual(_target("亿元以上项目40个。"), actuals).actual == 18


def test_match_actual_needs_a_convertible_measure():
    actuals = parse_actuals("一季度,新增城镇就业4210人,新增城镇就业率3%。")
    matched = match_actual(_target("新增城镇就业2.4万人。"), actuals)
    assert (matched.actual, matched.measure) == (4210, "人")


def test_match_actual_returns_none_rather_than_a_weak_guess():
    actuals = parse_actuals("一季度,全市新建公共充电桩150个。")
    assert match_actual(_target("改造老旧小区40个。"), actuals) is None
    assert match_actual(_target("(七)农村居民收入持续增长。"), actuals) is None


def test_name_similarity_is_symmetric_and_one_for_equal_names():
    assert name_similarity("新增科创企业", "新增科创企业") == 1
    assert name_similarity("新增科创企业", "新增科技创业企业") == name_similarity(
        "新增科技创业企业", "新增科创企业")
    assert name_similarity("", "新增科创企业") == 0


def test_percentage_points_are_a_rate():
    assert _rows(parse_targets("18.常住人口城镇化率提高2个百分点。")) == [
        ("常住人口城镇化率提高", "rate", "=", 2, "个百分点"),
    ]


def test_values_listed_respectively_have_no_name_of_their_own():
    assert parse_targets("19.两个园区产值分别增长9%、8%。") == []


def test_a_bare_growth_with_no_subject_before_it_is_dropped():
    assert parse_actuals("一季度,同比增长5%。") == []


@pytest.mark.parametrize(
    ("text", "name", "comparator"),
    [
        ("8.新签约亿元以上项目约30个。", "新签约亿元以上项目", "~"),
        ("9.新签约50个。", "新签约", "="),
        ("10.查处违法行为不少于12起。", "查处违法行为", ">="),
    ],
)
def test_comparator_words_are_told_from_words_that_end_the_same(text, name, comparator):
    [target] = parse_targets(text)
    assert (target.name, target.comparator) == (name, comparator)


def test_a_time_limit_inside_a_clause_does_not_start_a_report():
    text = "5.力争上半年开工建设,新建公共充电桩600个。"
    assert _rows(parse_targets(text)) == [("新建公共充电桩", "count", "=", 600, "个")]
    assert parse_actuals(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "一、对年度技改投资300万元以上(不含土地)或设备投资200万元以上的企业给予支持。",
        "二、对营业收入首次突破20亿元、10亿元、5亿元的企业分档奖励。",
        "三、对认定的示范企业给予一次性奖补50万元。",
        "四、单个项目补助额不超过80万元。",
    ],
)
def test_policy_conditions_and_payouts_are_not_targets(text):
    assert parse_targets(text) == []


def test_a_note_in_brackets_after_a_value_keeps_it_a_target():
    text = "6.新建公共充电桩600个(含换电站)。"
    assert _rows(parse_targets(text)) == [("新建公共充电桩", "count", "=", 600, "个")]


def test_must_not_fall_below_is_at_least():
    [target] = parse_targets("7.各区配套资金不得低于800万元。")
    assert (target.name, target.comparator, target.measure) == ("各区配套资金", ">=", "万元")
