"""Meeting headings and damaged dates: every reading kept, then narrowed by order."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.docparse.bulletin import MeetingHeading, parse_meeting_heading, resolve_damaged_date
from ducha.docparse.bulletin_dates import date_splits, parse_period, resolve_meeting_dates

D = dt.date


@pytest.mark.parametrize(
    ("line", "heading", "number", "dates"),
    [
        ("(一)2021年3月9日示例市政府第4次常务会议", "2021年3月9日示例市政府第4次常务会议", 4,
         (D(2021, 3, 9),)),
        ("(二)2021310日市政府第5次常务会议", "2021310日市政府第5次常务会议", 5,
         (D(2021, 3, 10),)),
        ("2020年111日市政府第1次常务会议", "2020年111日市政府第1次常务会议", 1,
         (D(2020, 1, 11), D(2020, 11, 1))),
        ("1.二〇二二年十二月三十一日市政府第二十一次常务会议",
         "二〇二二年十二月三十一日市政府第二十一次常务会议", 21, (D(2022, 12, 31),)),
        ("(三)市政府第十六次常务会议(2019年11月21日)", "市政府第十六次常务会议(2019年11月21日)",
         16, (D(2019, 11, 21),)),
        ("(四)市长办公会议", None, None, None),
    ],
)
def test_parse_meeting_heading(
    line: str, heading: str | None, number: int | None, dates: tuple[dt.date, ...] | None
) -> None:
    mh = parse_meeting_heading(line)
    if heading is None:
        assert mh is None
        return
    assert mh is not None
    assert (mh.heading, mh.number, mh.candidates) == (heading, number, dates)


@pytest.mark.parametrize(
    "line",
    [
        "审议《示例市会议管理办法》的落实情况。(责任单位:市政府办公室)",
        "1.传达学习3月5日全国两会精神,研究部署贯彻落实工作的落实情况。",
        "一、已落实事项",
        "3月10日,召开了全市推进会",
        "示例市于2023年3月2日召开第3次常务会议",
    ],
)
def test_lines_that_are_no_meeting_heading(line: str) -> None:
    assert parse_meeting_heading(line) is None


def test_year_printed_apart_from_month_and_day() -> None:
    mh = parse_meeting_heading("(一)2023年第1次市政府常务会议(1月10日)")
    assert mh is not None
    assert (mh.number, mh.candidates) == (1, (D(2023, 1, 10),))


def test_year_less_heading_keeps_month_and_day() -> None:
    mh = parse_meeting_heading("(一)5月17日市政府第5次常务会议")
    assert mh is not None
    assert (mh.year, mh.month_day, mh.candidates) == (None, (5, 17), ())


def test_date_splits_keep_only_calendar_valid_readings() -> None:
    assert date_splits(2020, "415") == (D(2020, 4, 15),)
    assert date_splits(2020, "1121") == (D(2020, 11, 21),)
    assert date_splits(2020, "123") == (D(2020, 1, 23), D(2020, 12, 3))
    assert date_splits(2021, "229") == ()  # 2月29日 does not exist in 2021
    assert date_splits(2020, "229") == (D(2020, 2, 29),)
    assert date_splits(2020, "0506") == (D(2020, 5, 6),)


def test_resolve_damaged_date_unique_reading() -> None:
    res = resolve_damaged_date("20191121日")
    assert (res.date, res.ambiguous, res.candidates) == (D(2019, 11, 21), False, ())


def test_resolve_damaged_date_ambiguous_without_bounds() -> None:
    res = resolve_damaged_date("2020112")
    assert res.ambiguous
    assert res.candidates == (D(2020, 1, 12), D(2020, 11, 2))
    assert res.date == D(2020, 1, 12)


def test_resolve_damaged_date_bounds_decide() -> None:
    assert resolve_damaged_date("2020112日", after=D(2020, 6, 1)).date == D(2020, 11, 2)
    assert resolve_damaged_date("2020112日", before=D(2020, 6, 1)).date == D(2020, 1, 12)


def test_resolve_damaged_date_bounds_that_exclude_everything_are_ignored() -> None:
    res = resolve_damaged_date("2020112日", after=D(2021, 1, 1))
    assert res.ambiguous and len(res.candidates) == 2


def test_resolve_damaged_date_reads_intact_and_impossible_dates() -> None:
    assert resolve_damaged_date("2021年5月17日").date == D(2021, 5, 17)
    assert resolve_damaged_date("2021年2月30日") == resolve_damaged_date("")
    assert resolve_damaged_date("").date is None


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2020年9月-2021年8月,市政府共召开18次常务会议", (D(2020, 9, 1), D(2021, 8, 31))),
        ("201911-20206月市政府共召开10次常务会议", (D(2019, 11, 1), D(2020, 6, 30))),
        ("对201911-20204月及20205-6月纪要进行了督办", (D(2019, 11, 1), D(2020, 6, 30))),
        ("2023年1-6月,市政府共召开5次常务会议", (D(2023, 1, 1), D(2023, 6, 30))),
        ("市政府督查室近期进行了督办", None),
    ],
)
def test_parse_period(text: str, span: tuple[dt.date, dt.date] | None) -> None:
    assert parse_period(text) == span


def _heading(line: str) -> MeetingHeading:
    mh = parse_meeting_heading(line)
    assert mh is not None
    return mh


def test_meeting_numbers_order_dates_within_a_year() -> None:
    headings = [_heading("2020115日市政府第1次常务会议"), _heading("2020112日市政府第9次常务会议")]
    first, ninth = resolve_meeting_dates(headings, [0, 1])
    # 第1次 reads 01-15 or 11-05, 第9次 01-12 or 11-02: only 01-15 <= 11-02 keeps the order
    assert first.date == D(2020, 1, 15)
    assert (ninth.date, ninth.ambiguous) == (D(2020, 11, 2), False)


def test_same_meeting_number_means_the_same_date() -> None:
    headings = [_heading("2020310日市政府第3次常务会议"), _heading("2020112日市政府第2次常务会议"),
                _heading("2020112日市政府第2次常务会议")]
    resolved = resolve_meeting_dates(headings, [0, 1, 2])
    assert [r.date for r in resolved] == [D(2020, 3, 10), D(2020, 1, 12), D(2020, 1, 12)]


def test_listing_order_breaks_ties_the_numbers_leave() -> None:
    headings = [_heading("2020年3月1日市政府专题会议"), _heading("2020112日市政府专题会议")]
    same_section = resolve_meeting_dates(headings, [0, 0])
    assert (same_section[1].date, same_section[1].ambiguous) == (D(2020, 11, 2), False)
    assert resolve_meeting_dates(headings, [0, 1])[1].ambiguous


def test_an_order_no_reading_fits_is_ignored_not_trusted() -> None:
    # listed after 12-20 but neither 01-12 nor 11-02 is later: keep both readings
    headings = [_heading("2020年12月20日市政府第2次常务会议"),
                _heading("2020112日市政府第1次常务会议")]
    later = resolve_meeting_dates(headings, [0, 0])[1]
    assert later.ambiguous
    assert later.candidates == (D(2020, 1, 12), D(2020, 11, 2))


def test_publication_date_bounds_meeting_dates() -> None:
    headings = [_heading("2020112日市政府第2次常务会议")]
    (res,) = resolve_meeting_dates(headings, [0], published=D(2020, 9, 16))
    assert (res.date, res.ambiguous) == (D(2020, 1, 12), False)
