"""The sheet's rows: requests, deadlines in force and releases, read in one go."""

from __future__ import annotations

import datetime as dt

import pytest

from ducha.choices import PeriodKind
from ducha.reporting.models import ChangeRequest, Period, RequestKind, RequestState
from ducha.reporting.selectors import previous_periods
from ducha.reporting.sheet import reporter_sheet

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _request(world, unit, kind, state, *, days: int, decided: int | None = None,
             new_deadline: dt.date | None = None, task=None) -> ChangeRequest:
    task = task or world.task_shared
    return ChangeRequest.objects.create(
        kind=kind, task=task, assignment=task.assignments.get(unit=unit), unit=unit,
        reason="理由", state=state, new_deadline=new_deadline,
        requested_by=world.reporter_a if unit == world.unit_a else world.reporter_b,
        requested_at=NOW + dt.timedelta(days=days),
        decided_at=NOW + dt.timedelta(days=decided) if decided is not None else None)


def _rows(world, user):
    return {row.task.pk: row for row in reporter_sheet(user=user, period=world.period).rows}


def test_the_deadline_in_force_is_the_latest_decided_extension_of_any_unit(world):
    world.task_shared.deadline = dt.date(2026, 6, 30)
    world.task_shared.save()
    _request(world, world.unit_b, RequestKind.EXTENSION, RequestState.APPROVED, days=1,
             decided=5, new_deadline=dt.date(2026, 12, 31))
    _request(world, world.unit_a, RequestKind.EXTENSION, RequestState.APPROVED, days=2,
             decided=3, new_deadline=dt.date(2026, 9, 30))
    _request(world, world.unit_a, RequestKind.EXTENSION, RequestState.REJECTED, days=3,
             decided=9, new_deadline=dt.date(2027, 3, 31))
    row = _rows(world, world.reporter_a)[world.task_shared.pk]
    assert row.deadline == dt.date(2026, 12, 31)  # decided last, although asked first
    assert _rows(world, world.reporter_a)[world.task_a.pk].deadline is None


def test_a_row_lists_only_its_units_requests_in_the_order_asked(world):
    late = _request(world, world.unit_a, RequestKind.EXTENSION, RequestState.PENDING, days=4,
                    new_deadline=dt.date(2026, 9, 30))
    early = _request(world, world.unit_a, RequestKind.DISPUTE, RequestState.REJECTED, days=1,
                     decided=2)
    _request(world, world.unit_b, RequestKind.DISPUTE, RequestState.PENDING, days=2)
    row = _rows(world, world.reporter_a)[world.task_shared.pk]
    assert row.requests == [early, late] and row.pending_requests == [late]
    assert not row.released


def test_an_approved_dispute_releases_only_that_unit(world):
    _request(world, world.unit_b, RequestKind.DISPUTE, RequestState.APPROVED, days=1, decided=2)
    assert _rows(world, world.reporter_b)[world.task_shared.pk].released
    assert not _rows(world, world.reporter_a)[world.task_shared.pk].released


def test_previous_periods_among_given_periods_match_the_read_ones(world):
    earlier = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                    due_date=dt.date(2025, 12, 31))
    Period.objects.create(year=2026, kind=PeriodKind.MONTH, index=2,
                          due_date=dt.date(2026, 2, 28))
    active = list(Period.objects.active().order_by("due_date", "id"))
    assert previous_periods([world.period], among=active) == previous_periods([world.period])
    assert previous_periods([world.period])[world.period.pk] == earlier
    sheet = reporter_sheet(user=world.reporter_a, period=world.period, active_periods=active)
    assert {row.last_period_id for row in sheet.rows} == {earlier.pk}


def test_own_reports_and_partners_reports_land_in_their_rows(world):
    from ducha.choices import ReportState, UnitKind
    from ducha.org.models import Unit
    from ducha.reporting.models import Report

    older = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=3,
                                  due_date=dt.date(2025, 9, 30))
    last = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                 due_date=dt.date(2025, 12, 31))
    later = Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=2,
                                  due_date=dt.date(2026, 6, 30))
    task = world.task_shared
    unit_c = Unit.objects.create(name="测试市丙局", short_name="丙局",
                                     kind=UnitKind.DEPARTMENT, sort_order=3)
    task.assignments.create(unit=unit_c, role="responsible", printed_name="丙局")
    world.unit_b.sort_order = 7
    world.unit_b.save()

    def report(unit, period, text):
        return Report.objects.create(unit=unit, task=task, period=period, text=text,
                                     state=ReportState.SUBMITTED)

    report(world.unit_a, older, "前年三季度")
    previous = report(world.unit_a, last, "上期")
    report(world.unit_a, later, "下一期")  # a later period never shows on this sheet
    mine = report(world.unit_a, world.period, "本期")
    b = report(world.unit_b, world.period, "乙局本期")
    c = report(unit_c, world.period, "丙局本期")
    report(world.unit_b, last, "乙局上期")  # a partner's earlier report is not shown
    row = _rows(world, world.reporter_a)[task.pk]
    assert (row.report, row.previous) == (mine, previous)
    assert row.partner_reports == [c, b]  # by the units' order
    row_b = _rows(world, world.reporter_b)[task.pk]  # responsible: sees no partner
    assert row_b.report == b and row_b.partner_reports == []


def test_saving_an_unknown_period_or_task_is_a_404(world):
    from django.test import Client

    client = Client()
    client.force_login(world.reporter_b)
    closed = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                   due_date=dt.date(2025, 12, 31))
    closed.archived_at = NOW
    closed.save()
    for period_id, task in ((closed.pk, world.task_b), (world.period.pk, world.task_a)):
        url = f"/duban/periods/{period_id}/report/{task.pk}/"
        assert client.post(url, {f"t{task.pk}-text": "x"}).status_code == 404
        assert client.post(url + "check/", {f"t{task.pk}-text": "x"}).status_code == 404
