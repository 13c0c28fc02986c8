"""Periods: created per year, opened, closed (freezing writes) and reopened with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.base import DuchaError
from ducha.choices import PeriodState, Status
from ducha.reporting.models import Period, Report
from ducha.reporting.services import (
    assessment_decide,
    period_close,
    period_create_year,
    period_open,
    period_reopen,
    report_save,
)

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_a_year_of_quarters_is_due_at_each_quarter_end(world):
    periods = period_create_year(year=2027, by=world.supervisor)
    assert [p.due_date for p in periods] == [dt.date(2027, 3, 31), dt.date(2027, 6, 30),
                                             dt.date(2027, 9, 30), dt.date(2027, 12, 31)]
    assert periods[0].label == "2027年一季度"


def test_a_year_of_months_is_due_at_each_month_end_including_leap_february(world):
    periods = period_create_year(year=2028, kind="month", by=world.supervisor)
    assert len(periods) == 12
    assert periods[1].due_date == dt.date(2028, 2, 29)


def test_creating_the_same_year_twice_is_refused_in_chinese(world):
    period_create_year(year=2027, by=world.supervisor)
    with pytest.raises(DuchaError, match="已经存在"):
        period_create_year(year=2027, by=world.supervisor)
    assert Period.objects.filter(year=2027).count() == 4


def test_only_the_office_manages_periods(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        period_create_year(year=2027, by=world.leader)


def test_opening_records_when_and_who(world):
    period_open(period=world.period, by=world.supervisor, now=NOW)
    world.period.refresh_from_db()
    assert world.period.opened_at == NOW
    assert world.period.history.first().history_user == world.supervisor


def test_closed_period_refuses_reports_and_assessments(world):
    period_close(period=world.period, by=world.supervisor, now=NOW)
    with pytest.raises(DuchaError, match="已关闭"):
        report_save(period=world.period, task=world.task_a, unit=world.unit_a, text="新进展",
                    by=world.reporter_a, now=NOW)
    with pytest.raises(DuchaError, match="已关闭"):
        assessment_decide(task=world.task_a, period=world.period, status=Status.IN_PROGRESS,
                          light="green", by=world.supervisor, expected_version=0, now=NOW)
    assert not Report.objects.exists()


def test_reopen_needs_a_reason_and_keeps_who_and_why_in_history(world):
    period_close(period=world.period, by=world.supervisor, now=NOW)
    with pytest.raises(DuchaError, match="原因"):
        period_reopen(period=world.period, reason=" ", by=world.supervisor, now=NOW)
    period_reopen(period=world.period, reason="甲局补报材料", by=world.supervisor, now=NOW)
    world.period.refresh_from_db()
    assert world.period.state == PeriodState.OPEN
    latest = world.period.history.first()
    assert latest.history_user == world.supervisor
    assert "甲局补报材料" in latest.history_change_reason
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, text="补报",
                by=world.reporter_a, now=NOW)


def test_closed_period_page_is_read_only(world, client):
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, text="草稿内容",
                by=world.reporter_a, now=NOW)
    period_close(period=world.period, by=world.supervisor, now=NOW)
    client.force_login(world.reporter_a)
    body = client.get(f"/duban/periods/{world.period.pk}/report/").content.decode()
    assert "已关闭" in body and "data-testid=\"submit-report\"" not in body


def test_periods_command_creates_closes_and_refuses_in_chinese(world):
    from django.core.management import CommandError, call_command

    call_command("periods", "create", "2027", "--by", "office")
    assert Period.objects.filter(year=2027).count() == 4
    call_command("periods", "close", "2027Q2", "--by", "office")
    assert Period.objects.get(year=2027, index=2).state == PeriodState.CLOSED
    with pytest.raises(CommandError, match="原因"):
        call_command("periods", "reopen", "2027Q2", "--by", "office")
    with pytest.raises(CommandError, match="无权"):
        call_command("periods", "create", "2029", "--by", "leader")
