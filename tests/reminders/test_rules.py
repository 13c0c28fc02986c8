"""The pure 督办单 rules: dates around month, quarter and year ends, quality and pace."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.reporting.reminders import (
    BLUE,
    RED,
    YELLOW,
    Finding,
    combine,
    days_overdue,
    deadline_findings,
    pace_findings,
    period_due_findings,
    quality_findings,
)

Q1_DUE = dt.date(2026, 3, 31)


def grades(findings: list[Finding]) -> list[str]:
    return [f.grade for f in findings]


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 3, 27), []),            # four days before the quarter end: nothing yet
    (dt.date(2026, 3, 28), [BLUE]),        # three days before
    (dt.date(2026, 3, 31), [BLUE]),        # the due date itself
    (dt.date(2026, 4, 1), [RED]),          # the day after the quarter end
])
def test_quarter_end_goes_blue_three_days_ahead_and_red_the_day_after(today, expected):
    found = period_due_findings(today=today, due=Q1_DUE, label="2026年一季度",
                                report_state=None, days=3)
    assert grades(found) == expected


def test_blue_names_the_due_date_and_the_days_left():
    (found,) = period_due_findings(today=dt.date(2026, 3, 29), due=Q1_DUE, label="2026年一季度",
                                   report_state="draft")
    assert found.reason == "2026年一季度进展报送截止日期为2026年3月31日,还有2天,尚未报送"
    (today,) = period_due_findings(today=Q1_DUE, due=Q1_DUE, label="2026年一季度",
                                   report_state=None)
    assert "今天" in today.reason


def test_red_counts_days_overdue_across_the_year_end():
    (found,) = period_due_findings(today=dt.date(2027, 1, 3), due=dt.date(2026, 12, 31),
                                   label="2026年四季度", report_state=None)
    assert found.grade == RED
    assert found.reason == "2026年四季度进展逾期未报送(截止2026年12月31日,已逾期3天)"
    assert days_overdue(due_on=found.due_on, today=dt.date(2027, 1, 3)) == 3


def test_leap_february_month_end():
    due = dt.date(2028, 2, 29)
    assert grades(period_due_findings(today=dt.date(2028, 2, 25), due=due, label="2028年2月",
                                      report_state=None)) == []
    assert grades(period_due_findings(today=dt.date(2028, 2, 26), due=due, label="2028年2月",
                                      report_state=None)) == [BLUE]
    assert grades(period_due_findings(today=dt.date(2028, 3, 1), due=due, label="2028年2月",
                                      report_state=None)) == [RED]


@pytest.mark.parametrize("state", ["submitted", "accepted"])
def test_a_submitted_report_ends_the_due_date_warning(state):
    assert period_due_findings(today=dt.date(2026, 4, 9), due=Q1_DUE, label="一季度",
                               report_state=state) == []


def test_a_returned_report_not_resubmitted_by_the_due_date_is_red():
    (found,) = period_due_findings(today=dt.date(2026, 4, 2), due=Q1_DUE, label="一季度",
                                   report_state="returned")
    assert found.grade == RED
    assert "退回后逾期未重新报送" in found.reason


def test_configurable_number_of_days():
    assert grades(period_due_findings(today=dt.date(2026, 3, 24), due=Q1_DUE, label="一季度",
                                      report_state=None, days=7)) == [BLUE]
    assert grades(period_due_findings(today=dt.date(2026, 3, 30), due=Q1_DUE, label="一季度",
                                      report_state=None, days=0)) == []


def test_deadline_blue_then_red_unless_done():
    deadline = dt.date(2026, 12, 31)
    assert deadline_findings(today=dt.date(2026, 12, 27), deadline=deadline, done=False) == []
    (blue,) = deadline_findings(today=dt.date(2026, 12, 28), deadline=deadline, done=False)
    assert blue.grade == BLUE and blue.reason == "距完成时限(2026年12月31日)还有3天"
    (red,) = deadline_findings(today=dt.date(2027, 1, 1), deadline=deadline, done=False)
    assert red.grade == RED and red.reason == "已超过完成时限(2026年12月31日)1天,事项尚未办结"
    assert deadline_findings(today=dt.date(2027, 1, 1), deadline=deadline, done=True) == []
    assert deadline_findings(today=dt.date(2027, 1, 1), deadline=None, done=False) == []


def test_an_extended_deadline_says_so():
    (found,) = deadline_findings(today=dt.date(2026, 7, 1), deadline=dt.date(2026, 6, 30),
                                 done=False, extended=True)
    assert found.reason.startswith("已超过延期后的完成时限")


def test_quality_returned_or_repeating_is_yellow():
    (returned,) = quality_findings(label="一季度", report_state="returned", near_duplicate=False,
                                   review_note="请补充 完成数据")
    assert returned.grade == YELLOW
    assert returned.reason == "一季度进展报送被督查室退回:请补充 完成数据"
    (dup,) = quality_findings(label="一季度", report_state="submitted", near_duplicate=True)
    assert dup.grade == YELLOW and "与上期内容雷同" in dup.reason
    assert quality_findings(label="一季度", report_state="draft", near_duplicate=True) == []
    assert quality_findings(label="一季度", report_state=None, near_duplicate=False) == []


@pytest.mark.parametrize(("verdict", "share", "pace", "expected"), [
    ("met", 1.0, 0.5, []),
    ("on_pace", 0.6, 0.5, []),
    ("behind", 0.4, 0.5, [YELLOW]),   # behind 序时进度
    ("behind", 0.2, 0.5, [RED]),      # below half of 序时进度: far behind
    ("behind", None, None, [YELLOW]),  # a growth rate below target mid-year
    ("missed", 0.8, 1.0, [RED]),      # the year is over and the target missed
])
def test_pace_grades(verdict, share, pace, expected):
    found = pace_findings(name="新建5G基站", verdict=verdict, explanation="完成…", share=share,
                          pace=pace)
    assert grades(found) == expected


def test_the_worst_grade_wins_and_every_reason_is_kept():
    verdict = combine([Finding(YELLOW, "被退回"), Finding(RED, "逾期", dt.date(2026, 3, 31)),
                       Finding(BLUE, "临近", dt.date(2026, 4, 2)), Finding(RED, "逾期")])
    assert verdict is not None
    assert verdict.grade == RED
    assert verdict.reason == "逾期;被退回;临近"
    assert verdict.due_on == dt.date(2026, 3, 31)
    assert verdict.label == "红色督办"
    assert combine([]) is None
