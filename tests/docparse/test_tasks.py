"""Task extraction: items with annotations, chapters and sections, implicit units."""

from __future__ import annotations

from ducha.docparse.model import Document, Line
from ducha.docparse.tasks import extract_tasks, join_wrapped


def _document(*texts: str) -> Document:
    return Document(body=[Line(number, text) for number, text in enumerate(texts, start=1)])


def test_inline_items_take_chapter_and_section_above_them() -> None:
    (task,) = extract_tasks(_document(
        "二、重点任务", "(一)补齐短板。", "1.加强治理。整治环境。(牵头单位:甲局;责任单位:乙局)"))
    assert (task.number, task.chapter, task.section) == ("1.", "二、重点任务", "(一)补齐短板。")
    assert (task.title, task.outline_path, task.line) == ("加强治理", "二.(一).1", 3)
    assert task.text == "加强治理。整治环境。(牵头单位:甲局;责任单位:乙局)"


def test_inline_item_at_section_level_has_no_section() -> None:
    (task,) = extract_tasks(_document("一、主要目标", "(一)产值增长6%。(牵头单位:甲局)"))
    assert (task.chapter, task.section) == ("一、主要目标", None)


def test_heading_item_is_its_own_chapter_and_its_text_the_paragraph() -> None:
    (task,) = extract_tasks(_document("前言。", "三、支持技改示范", "对示范企业给予奖补。(牵头单位:甲局)"))
    assert (task.number, task.chapter, task.section) == ("三、", "三、支持技改示范", None)
    assert (task.title, task.text, task.line) == ("支持技改示范", "对示范企业给予奖补。(牵头单位:甲局)", 3)


def test_heading_item_at_section_level_is_its_own_section() -> None:
    (task,) = extract_tasks(_document("一、总则", "(二)企业开办", "全程网办。", "当日办结。(牵头单位:甲局)"))
    assert (task.chapter, task.section) == ("一、总则", "(二)企业开办")
    assert task.text == "全程网办。\n当日办结。(牵头单位:甲局)"
    assert task.line == 3


def test_unannotated_items_are_not_tasks() -> None:
    assert extract_tasks(_document("一、总体要求", "(一)指导思想。", "坚持问题导向。")) == []


def test_implicit_units_apply_to_later_items_only() -> None:
    tasks = extract_tasks(_document(
        "1.甲。(牵头单位:甲局;责任单位:乙局。以下均需各乡镇负责落实,不再列出)",
        "2.乙。(牵头单位:丙局)", "3.丙。(牵头单位:丁局)"))
    assert [task.implicit_responsible_units for task in tasks] == [[], ["各乡镇"], ["各乡镇"]]


def test_note_on_its_own_line() -> None:
    tasks = extract_tasks(_document("(以下事项均由各街道负责落实,不再列出)", "1.甲。(牵头单位:甲局)"))
    assert tasks[0].implicit_responsible_units == ["各街道"]


def test_wrapped_annotation_is_joined() -> None:
    lines = [Line(1, "1.甲。(牵头单位:甲局;"), Line(2, "责任单位:乙局)"), Line(3, "2.乙。")]
    assert [line.text for line in join_wrapped(lines)] == ["1.甲。(牵头单位:甲局;责任单位:乙局)", "2.乙。"]
    (task,) = extract_tasks(Document(body=lines))
    assert task.responsible_units == ["乙局"]


def test_wrapped_annotation_stops_at_the_next_item() -> None:
    lines = [Line(1, "1.甲。(牵头单位:甲局;"), Line(2, "2.乙。(牵头单位:乙局)")]
    assert len(join_wrapped(lines)) == 2


def test_lead_leaders_deadline_scope() -> None:
    (task,) = extract_tasks(_document("1.甲。(牵头领导:王某;牵头单位:甲局;完成时限:6月底;推广范围:全市)"))
    assert (task.lead_leaders, task.deadline, task.scope) == (["王某"], "6月底", "全市")


def test_item_with_only_a_deadline_is_not_a_task() -> None:
    assert extract_tasks(_document("1.甲。(完成时限:6月底)")) == []


def test_annotation_on_the_line_below_a_short_item() -> None:
    (task,) = extract_tasks(_document("一、任务", "1.加强垃圾治理。", "(牵头单位:甲局;责任单位:乙局)"))
    assert (task.number, task.line) == ("1.", 2)
    assert task.text == "加强垃圾治理。\n(牵头单位:甲局;责任单位:乙局)"
    assert task.title == "加强垃圾治理"
