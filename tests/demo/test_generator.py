"""The demo data set: realistic in shape, deterministic for a seed, scalable."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from ducha.choices import PeriodState, ReportState, Role
from ducha.demo.generator import build_demo
from ducha.demo.ledger_plan import plan_ledger
from ducha.ledger.models import Assignment, Indicator, Meeting, Source, Task
from ducha.org.models import Unit, UnitGroup
from ducha.reporting.models import Assessment, IndicatorActual, Report

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def test_demo_city_has_the_promised_shape():
    result = build_demo(today=TODAY, seed=7)
    assert 70 <= Unit.objects.count() <= 90
    assert set(Unit.objects.values_list("kind", flat=True)) >= {
        "department", "county", "zone", "company", "school"}
    assert UnitGroup.objects.get(name="各县市区人民政府").members.count() == 6
    work = Source.objects.get(kind="work_report")
    assert 95 <= work.tasks.count() <= 105
    assert Meeting.objects.count() == 6
    assert Task.objects.filter(meeting__isnull=False).count() == 30
    assert 18 <= Indicator.objects.count() <= 22
    assert Assignment.objects.filter(role=Role.LEAD).count() >= Task.objects.count()
    assert result.counts["reports"] == Report.objects.count() > 1000
    assert {role for role, _u, _p in result.logins} >= {"督查室", "领导"}


def test_closed_periods_are_assessed_with_a_realistic_spread_of_statuses():
    build_demo(today=TODAY, seed=7)
    closed = Assessment.objects.filter(period__state=PeriodState.CLOSED)
    assert closed.count() == 3 * Task.objects.count()  # Q1-Q3 closed on 25 November
    spread = Counter(closed.values_list("status", flat=True))
    assert len(spread) >= 6, spread
    assert spread["in_progress"] > spread["problem"] > 0
    q4 = Counter(Report.objects.filter(period__index=4).values_list("state", flat=True))
    assert q4[ReportState.SUBMITTED] > q4[ReportState.DRAFT] > 0
    assert not Assessment.objects.filter(period__index=4).exists()


def test_indicator_actuals_are_reported_by_lead_units():
    build_demo(today=TODAY, seed=7)
    actual = IndicatorActual.objects.select_related("report", "indicator").first()
    assert actual is not None
    assert actual.report.task_id == actual.indicator.task_id
    assert Assignment.objects.filter(task=actual.report.task, unit=actual.report.unit,
                                     role=Role.LEAD).exists()


def test_same_seed_gives_the_same_plan_and_another_seed_does_not():
    def titles(seed: int) -> list[str]:
        return [f"{t.title}|{t.lead}|{t.trajectory}"
                for t in plan_ledger(random.Random(seed), 2026)]

    assert titles(3) == titles(3)
    assert titles(3) != titles(4)


def test_scale_multiplies_the_ledger_and_reports():
    one = build_demo(today=TODAY, seed=5, scale=2, history=False)
    assert Source.objects.filter(kind="work_report").count() == 2
    assert one.counts["tasks"] == 2 * 130


def test_demo_refuses_a_database_that_already_has_data():
    build_demo(today=TODAY, seed=1)
    with pytest.raises(ValueError, match="空数据库"):
        build_demo(today=TODAY, seed=1)


def test_demo_writes_history_rows_at_scale_one():
    build_demo(today=TODAY, seed=2)
    report = Report.objects.first()
    assert report.history.count() == 1
    assert report.history.first().history_user.username == "duchashi"


def test_workflow_details_fill_every_page():
    from ducha.reporting.models import Acknowledgement, ChangeRequest, Evidence

    build_demo(today=TODAY, seed=7)
    q4 = Report.objects.filter(period__index=4)
    assert Report.objects.filter(near_duplicate=True).exists()
    assert not q4.filter(confidence="").exists()
    assignments = Assignment.objects.filter(unit__isnull=False).count()
    assert 0 < Acknowledgement.objects.count() < assignments  # some units have not signed
    assert set(ChangeRequest.objects.values_list("state", flat=True)) == {"approved", "pending"}
    evidence = Evidence.objects.first()
    assert evidence.file.read().startswith(b"%PDF")
    assert Assessment.objects.filter(status="lagging", cause__isnull=False).exists()


def test_lead_units_forecast_the_next_quarter_and_the_cockpit_can_score_them():
    from ducha.reporting.models import IndicatorForecast, Period
    from ducha.reporting.selectors import forecast_accuracy

    build_demo(today=TODAY, seed=7)
    forecasts = IndicatorForecast.objects.select_related("report", "indicator")
    assert forecasts.count() > 0 and not forecasts.filter(report__period__index=4).exists()
    first = forecasts.first()
    assert first.report.task_id == first.indicator.task_id
    assert first.measure == first.indicator.measure and first.history.exists()
    rows = forecast_accuracy(periods=Period.objects.filter(index__in=(2, 3)))
    assert rows and sum(r.count for r in rows) > 0
    shares = {r.share for r in rows if r.share is not None}
    assert shares and min(shares) < 1  # some forecasts miss: the demo shows both kinds
