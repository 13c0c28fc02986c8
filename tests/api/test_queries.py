"""List endpoints read in a fixed number of queries: the same bound at 10 tasks as at 200."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ducha.choices import IndicatorKind, Light, ReportState, Role, SourceKind, Status
from ducha.ledger.models import Assignment, Indicator, Source, Task
from ducha.reporting.models import Assessment, IndicatorActual, LagCause, Report

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10


def _build(world, n: int) -> None:
    source = Source.objects.create(kind=SourceKind.POLICY, title="批量来源", content_hash="q" * 64)
    tasks = Task.objects.bulk_create(
        Task(source=source, title=f"批量事项{i}", number=str(i), position=i,
             chapter=f"第{i % 5}章", deadline=dt.date(2026, 12, 31)) for i in range(n))
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=world.unit_a, role=Role.LEAD, printed_name="甲局")
         for t in tasks]
        + [Assignment(task=t, unit=world.unit_b, role=Role.RESPONSIBLE, printed_name="乙局")
           for t in tasks])
    indicators = Indicator.objects.bulk_create(
        Indicator(task=t, name="指标", kind=IndicatorKind.COUNT, comparator=">=",
                  value=Decimal(100), measure="个") for t in tasks)
    reports = Report.objects.bulk_create(
        [Report(task=t, unit=world.unit_a, period=world.period, text=f"进展{t.pk}",
                state=ReportState.SUBMITTED) for t in tasks]
        + [Report(task=t, unit=world.unit_b, period=world.period, text="配合", state="draft")
           for t in tasks])
    IndicatorActual.objects.bulk_create(
        IndicatorActual(report=r, indicator=i, value=Decimal(30), measure="个")
        for r, i in zip(reports[:n], indicators, strict=True))
    cause, _ = LagCause.objects.get_or_create(name="用地")
    Assessment.objects.bulk_create(
        Assessment(task=t, period=world.period, status=Status.LAGGING, light=Light.YELLOW,
                   cause=cause, decided_by=world.supervisor, decided_at=timezone.now())
        for t in tasks)


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize(("persona", "route"), [
    ("supervisor", "/api/tasks?limit=1000"),
    ("reporter_a", "/api/tasks?limit=1000"),
    ("supervisor", "/api/reports?period={period}&limit=1000"),
    ("reporter_b", "/api/reports?period={period}&limit=1000"),
    ("supervisor", "/api/assessments?period={period}&limit=1000"),
    ("reporter_a", "/api/assessments?period={period}&limit=1000"),
    ("leader", "/api/units"),
    ("leader", "/api/periods"),
])
def test_list_endpoints_do_not_query_per_row(world, api, django_assert_max_num_queries, n,
                                             persona, route):
    _build(world, n)
    api.get(persona, "/api/periods")  # the token's last use is written once a minute
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get(persona, route.format(period=world.period.pk))
    assert response.status_code == 200
    body = response.json()
    if "tasks" in route or "assessments" in route:
        assert body["count"] >= n
    if "reports" in route:
        assert body["count"] == (2 * n if persona == "supervisor" else n)


def test_a_detail_reads_in_a_fixed_number_of_queries(world, api, django_assert_max_num_queries):
    _build(world, 10)
    task = Task.objects.filter(title="批量事项3").get()
    report = Report.objects.filter(task=task, unit=world.unit_a).get()
    api.get("reporter_a", "/api/periods")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert api.get("reporter_a", f"/api/tasks/{task.pk}").status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert api.get("reporter_a", f"/api/reports/{report.pk}").status_code == 200
