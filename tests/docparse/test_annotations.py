"""The annotation grammar: keys in any order and mix, brackets inside names, notes."""

from __future__ import annotations

import pytest

from ducha.docparse.annotations import find_note, parse_annotation, split_units


def test_keys_in_any_order_and_mix() -> None:
    found = parse_annotation(
        "推进项目。(完成时限:2024年底;责任单位:示例市财政局;牵头领导:张某某、李某某;"
        "牵头单位:示例市发展和改革委员会;推广范围:全市各开发区)"
    )
    assert found is not None
    assert found.lead_units == ["示例市发展和改革委员会"]
    assert found.responsible_units == ["示例市财政局"]
    assert found.lead_leaders == ["张某某", "李某某"]
    assert found.deadline == "2024年底"
    assert found.scope == "全市各开发区"


def test_cooperating_units_count_as_responsible() -> None:
    found = parse_annotation("(牵头单位:示例市民政局;责任单位:示例市财政局;配合单位:示例市审计局)")
    assert found is not None
    assert found.responsible_units == ["示例市财政局", "示例市审计局"]


def test_brackets_inside_unit_names_stay_in_one_name() -> None:
    found = parse_annotation(
        "(牵头单位:示例职教(集团)学校;责任单位:各县(市、区)人民政府,示例(国际)港务公司)"
    )
    assert found is not None
    assert found.lead_units == ["示例职教(集团)学校"]
    assert found.responsible_units == ["各县(市、区)人民政府", "示例(国际)港务公司"]


def test_trailing_deng_is_kept_as_printed() -> None:
    found = parse_annotation("(牵头单位:示例市司法局等;责任单位:示例市公安局等)")
    assert found is not None
    assert found.lead_units == ["示例市司法局等"]
    assert found.responsible_units == ["示例市公安局等"]


@pytest.mark.parametrize("value", ["甲局、乙局", "甲局,乙局", "甲局;乙局", "甲局, 乙局"])
def test_units_split_on_every_separator(value: str) -> None:
    assert split_units(value) == ["甲局", "乙局"]


def test_note_inside_annotation_is_read_and_removed_from_units() -> None:
    found = parse_annotation(
        "(牵头单位:示例市自然资源和规划局;责任单位:示例市住建局,各县市区人民政府。"
        "以下均需各县市区人民政府、示例高新区管委会负责落实,不再列出)"
    )
    assert found is not None
    assert found.responsible_units == ["示例市住建局", "各县市区人民政府"]
    assert found.note_units == ["各县市区人民政府", "示例高新区管委会"]


@pytest.mark.parametrize(("text", "units"), [
    ("(以下各项任务均需各乡镇人民政府负责落实,不再一一列出)", ["各乡镇人民政府"]),
    ("以下事项均由各街道办事处负责,不再列出。", ["各街道办事处"]),
    ("没有说明的段落。", None),
])
def test_find_note(text: str, units: list[str] | None) -> None:
    assert find_note(text) == units


def test_short_form_lead_and_cooperate() -> None:
    found = parse_annotation("清理垃圾。(示例市城管局牵头,示例市环保局、示例市交通局等配合)")
    assert found is not None
    assert found.lead_units == ["示例市城管局"]
    assert found.responsible_units == ["示例市环保局", "示例市交通局等"]


@pytest.mark.parametrize("text", [
    "普通的一句话。",
    "由示例市负责(详见附表)。",
    "(这是括号里的说明文字)",
    "(牵头",
])
def test_text_without_annotation(text: str) -> None:
    found = parse_annotation(text)
    assert found is None or not found.assigns_units


def test_annotation_on_its_own_line() -> None:
    found = parse_annotation("牵头单位:示例市教育局;责任单位:示例市财政局")
    assert found is not None
    assert found.lead_units == ["示例市教育局"]


def test_unclosed_annotation_reads_to_the_end() -> None:
    found = parse_annotation("任务。(牵头单位:示例市教育局;责任单位:示例市财政局")
    assert found is not None
    assert found.responsible_units == ["示例市财政局"]


def test_unbalanced_closing_bracket_is_no_short_form() -> None:
    assert parse_annotation("示例市城管局牵头)") is None
