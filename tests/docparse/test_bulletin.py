"""Golden files for ``parse_bulletin`` and the behaviour each grammar rule promises.

Each ``bulletin_cases/<name>.txt`` is a bulletin of the fictional 示例市 written for these tests;
``<name>.expected.json`` is the ``to_dict()`` it must give (``null`` for "not a bulletin").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ducha.docparse.bulletin import Bulletin, parse_bulletin

CASES = Path(__file__).resolve().parent / "bulletin_cases"
CASE_NAMES = sorted(p.stem for p in CASES.glob("*.txt"))


def _parse(name: str) -> Bulletin:
    bulletin = parse_bulletin((CASES / f"{name}.txt").read_text(encoding="utf-8"))
    assert bulletin is not None
    return bulletin


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_case(name: str) -> None:
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))
    bulletin = parse_bulletin(text)
    assert (bulletin.to_dict() if bulletin else None) == expected


def test_every_case_has_its_expectation() -> None:
    assert CASE_NAMES
    for name in CASE_NAMES:
        assert (CASES / f"{name}.expected.json").is_file(), name


def test_to_dict_has_exactly_the_promised_keys() -> None:
    data = _parse("meeting_web_page").to_dict()
    assert set(data) == {"title", "sections", "totals", "items_named", "highlights",
                         "recommendations", "opening", "closing"}
    section = data["sections"][0]
    assert set(section) == {"status", "heading", "meetings"}
    assert set(section["meetings"][0]) == {"heading", "date", "number", "date_ambiguous",
                                           "date_candidates", "items"}
    assert set(section["meetings"][0]["items"][0]) == {"number", "title", "units", "progress"}
    assert set(data["totals"]) == {"total", "by_status"}


def test_page_furniture_stays_out_of_title_opening_and_progress() -> None:
    bulletin = _parse("meeting_web_page")
    assert bulletin.title == "关于2022年1-9月市政府常务会议议定事项落实情况的督查通报"
    assert bulletin.opening.startswith("2022年1月-2022年9月")
    last = bulletin.sections[-1].meetings[-1].items[-1]
    assert last.progress == "方案已完成征求意见,待市政府审定后印发。"


def test_unit_names_keep_their_brackets_and_trailing_deng() -> None:
    meetings = _parse("meeting_web_page").sections
    assert meetings[0].meetings[0].items[0].units == ["市住建局", "示例职教(集团)学校"]
    assert meetings[0].meetings[0].items[1].units == ["市林业局", "各县(市、区)人民政府"]
    assert meetings[1].meetings[0].items[0].units == ["市发改委", "市统计局等市直有关单位"]


def test_single_unnumbered_item_has_no_number() -> None:
    meeting = _parse("meeting_web_page").sections[0].meetings[1]
    assert [item.number for item in meeting.items] == [None]


def test_numbered_progress_lines_without_units_stay_progress() -> None:
    item = _parse("meeting_web_page").sections[1].meetings[0].items[1]
    assert item.progress == "1.防火物资已储备到位。\n3.护林员巡护制度已建立。"


def test_meeting_heading_without_enumerator_is_still_a_meeting() -> None:
    meeting = _parse("meeting_web_page").sections[1].meetings[0]
    assert (meeting.heading, meeting.date, meeting.number) == (
        "2022年9月1日市政府第6次常务会议", "2022-09-01", 6)


def test_damaged_date_settled_by_meeting_numbers() -> None:
    sections = _parse("damaged_dates").sections
    second = sections[0].meetings[1]
    assert (second.date, second.date_ambiguous) == ("2023-01-12", False)
    twelfth = sections[1].meetings[0]
    assert (twelfth.date, twelfth.date_ambiguous) == ("2023-12-01", False)


def test_damaged_date_nothing_settles_stays_ambiguous() -> None:
    meeting = _parse("damaged_dates").sections[1].meetings[1]
    assert meeting.date_ambiguous
    assert meeting.date_candidates == ["2024-01-11", "2024-11-01"]


def test_damaged_date_settled_by_the_damaged_period_of_the_opening() -> None:
    meeting = _parse("damaged_period").sections[0].meetings[0]
    assert (meeting.date, meeting.date_ambiguous) == ("2023-01-11", False)


def test_levels_may_shift_and_titles_may_wrap() -> None:
    bulletin = _parse("nested_levels")
    assert [s.status for s in bulletin.sections] == ["done", "in_progress"]
    meeting = bulletin.sections[0].meetings[0]
    assert (meeting.date, meeting.number) == ("2023-01-10", 1)
    assert meeting.items[1].title == "审议《示例市停车场建设三年计划》的落实情况。"
    assert meeting.items[0].units == ["市住建局", "市市场监管局", "示例物业(集团)公司"]


def test_group_headings_hold_items_and_signature_is_dropped() -> None:
    section = _parse("grouped_items").sections[1]
    assert [m.heading for m in section.meetings] == ["经济发展类", "社会民生类"]
    assert section.meetings[1].items[0].progress == "(一)新建学校\n新建学校2所已开工。"


def test_year_less_meeting_date_takes_the_year_of_the_period() -> None:
    meeting = _parse("grouped_items").sections[0].meetings[0]
    assert meeting.date == "2023-03-02"


def test_special_supervision_summary() -> None:
    bulletin = _parse("special_supervision")
    assert bulletin.totals.total == 60
    assert bulletin.totals.by_status == {"已完成": 30, "有序推进": 25, "存在突出问题": 2,
                                         "需要加大力度": 3}
    assert bulletin.items_named["需要加大力度"][-1] == "示例湖(南湖)清淤"
    assert "已完成" not in bulletin.items_named
    assert [h.leader for h in bulletin.highlights] == [
        "王一常务副市长", None, "李二副市长、赵三副市长"]
    assert [r.heading for r in bulletin.recommendations] == [
        "关于城区内涝治理工作", "关于老旧管网更新工作"]


def test_masthead_is_passed_over_and_wrapped_title_joined() -> None:
    bulletin = _parse("masthead_variants")
    assert bulletin.title == "关于示例市2023年一季度市政府常务会议议定事项落实情况的通报"
    assert bulletin.opening.startswith("市政府督查室")


def test_unbracketed_units_line_and_role_annotations() -> None:
    meetings = _parse("masthead_variants").sections[0].meetings
    assert meetings[0].items[0].units == ["市文旅局", "市财政局"]
    assert meetings[1].items[0].units == ["市农业农村局", "各县(市、区)人民政府"]
    assert (meetings[1].number, meetings[1].date) == (2, "2023-02-14")


def test_items_named_inside_a_status_section() -> None:
    bulletin = _parse("masthead_variants")
    assert bulletin.items_named == {"尚未完成": ["示例大桥引道工程"]}
    assert bulletin.sections[1].meetings[0].items[0].progress == "征地拆迁正在推进,预计6月开工。"


def test_quarterly_report_is_a_bulletin_without_sections() -> None:
    bulletin = _parse("quarterly_report")
    assert bulletin.sections == []
    assert bulletin.title == "关于示例市2023年重点工作第一季度完成情况的通报"


def test_ordinary_notice_is_not_a_bulletin() -> None:
    assert parse_bulletin((CASES / "not_a_bulletin.txt").read_text(encoding="utf-8")) is None


def test_empty_and_full_width_text() -> None:
    assert parse_bulletin("") is None
    text = ("市政府督查室对市政府常务会议议定事项进行了督办,现通报如下:\n一、已落实事项\n"
            "(一)２０２３年２月３日市政府第２次常务会议\n"
            "审议《示例市河长制办法》的落实情况。(责任单位:市水利局)\n已印发。")
    bulletin = parse_bulletin(text)
    assert bulletin is not None
    meeting = bulletin.sections[0].meetings[0]
    assert (meeting.date, meeting.number) == ("2023-02-03", 2)
    assert meeting.items[0].units == ["市水利局"]


@pytest.mark.parametrize("number", ["1.", ""])
def test_items_without_meeting_get_an_implicit_meeting(number: str) -> None:
    text = ("督查室对重点事项进行了督办,现通报如下:\n一、尚未落实事项\n本类事项进展缓慢\n"
            f"{number}推进示例大桥建设。(责任单位:市交通运输局)\n桥梁主体完成60%。")
    bulletin = parse_bulletin(text)
    assert bulletin is not None
    (meeting,) = bulletin.sections[0].meetings
    assert meeting.heading is None
    assert meeting.items[0].title == "推进示例大桥建设。"
    assert meeting.items[0].progress == "桥梁主体完成60%。"


def test_meetings_under_a_non_status_heading_keep_that_heading() -> None:
    section = _parse("unusual_layout").sections[0]
    assert (section.status, section.heading) == (None, "市政府常务会议议定事项")


def test_impossible_dates_and_unclosed_annotations_do_not_crash() -> None:
    bulletin = _parse("unusual_layout")
    meeting = bulletin.sections[0].meetings[0]
    assert (meeting.date, meeting.number) == (None, 2)
    assert meeting.items[0].units == ["市城管局"]


def test_meetings_right_after_the_opening_get_an_untitled_section() -> None:
    text = ("市政府督查室对常务会议议定事项进行了督办,现通报如下:\n"
            "(一)2023年4月6日市政府第4次常务会议\n"
            "审议《示例市供水条例》的落实情况。(责任单位:市水务局)\n条例已提请审议。")
    bulletin = parse_bulletin(text)
    assert bulletin is not None
    (section,) = bulletin.sections
    assert (section.status, section.heading) == (None, "")
    assert section.meetings[0].items[0].units == ["市水务局"]
