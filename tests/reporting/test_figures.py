"""A report's actuals and forecasts (完成值、下期预计值): written with their history, the
cockpit's running totals exact afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ducha.choices import Comparator, IndicatorKind, PeriodKind
from ducha.cockpit import totals
from ducha.ledger.models import Indicator
from ducha.reporting.models import IndicatorActual, IndicatorForecast, Period
from ducha.reporting.services import ActualInput, ForecastInput, report_save

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(world):
    return [Indicator.objects.create(task=world.task_a, name=f"指标{i}", kind=IndicatorKind.COUNT,
                                     comparator=Comparator.AT_LEAST, value=Decimal(100 * i),
                                     measure="座") for i in (1, 2, 3)]


def _save(world, *, actuals=(), forecasts=(), period=None, now=NOW):
    return report_save(period=period or world.period, task=world.task_a, unit=world.unit_a,
                       text="本期进展", by=world.reporter_a, now=now, actuals=actuals,
                       forecasts=forecasts)


def test_figures_are_created_changed_withdrawn_with_history_and_exact_totals(world, indicators):
    one, two, three = indicators
    nxt = Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=2,
                                due_date=dt.date(2026, 6, 30))
    with CaptureQueriesContext(connection) as first:
        report = _save(world, actuals=[ActualInput(one, Decimal(30), "座"),
                                       ActualInput(two, Decimal(5), "座"),
                                       ActualInput(three, None)],
                       forecasts=[ForecastInput(one, Decimal(60), "座"),
                                  ForecastInput(two, Decimal(9), "座"),
                                  ForecastInput(three, None)])
    assert totals.verify() == []
    assert {(a.indicator_id, a.value) for a in report.actuals.all()} == {
        (one.pk, Decimal(30)), (two.pk, Decimal(5))}
    # the second save: one figure unchanged, one changed, one withdrawn, one new
    _save(world, actuals=[ActualInput(one, Decimal(30), "座"), ActualInput(two, Decimal(7), "座"),
                          ActualInput(three, Decimal(1), "座")],
          forecasts=[ForecastInput(one, None), ForecastInput(two, Decimal(9), "座"),
                     ForecastInput(three, Decimal(2), "座")])
    assert totals.verify() == []
    actual_two = IndicatorActual.objects.get(report=report, indicator=two)
    assert actual_two.value == Decimal(7)
    assert [(h.history_type, h.value, h.history_user) for h in
            actual_two.history.order_by("history_date", "history_id")] == [
        ("+", Decimal(5), world.reporter_a), ("~", Decimal(7), world.reporter_a)]
    assert IndicatorActual.objects.get(report=report, indicator=one).history.count() == 1
    withdrawn = IndicatorForecast.objects.get(report=report, indicator=one)
    assert withdrawn.archived_at == NOW
    assert withdrawn.history.order_by("-history_date", "-history_id").first() \
        .history_change_reason == "撤回下期预计值"
    assert IndicatorForecast.objects.get(report=report, indicator=two).history.count() == 1
    # next period's actuals meet this period's forecasts: the accuracy cells move too
    _save(world, period=nxt, now=NOW + dt.timedelta(days=90),
          actuals=[ActualInput(two, Decimal(9), "座"), ActualInput(three, Decimal(3), "座")])
    assert totals.verify() == []
    assert any(cell[0] == "fa" for cell in totals.stored())
    # written in bulk: one insert per kind of figure, and the task's forecast cells counted
    # once before and once after all of them (not twice per figure)
    sql = [q["sql"] for q in first.captured_queries]
    assert sum(s.startswith('INSERT INTO "reporting_indicatoractual"') for s in sql) == 1
    assert sum(s.startswith('INSERT INTO "reporting_indicatorforecast"') for s in sql) == 1



def test_a_save_without_figures_writes_none(world, indicators):
    with CaptureQueriesContext(connection) as captured:
        _save(world)
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "INSERT INTO \"reporting_indicatoractual\"" not in sql
    assert totals.verify() == []
