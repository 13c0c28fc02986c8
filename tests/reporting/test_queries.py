"""List pages read in a fixed number of queries, at 10 tasks as at 200."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from ducha.choices import IndicatorKind, PeriodKind, ReportState, Role, SourceKind
from ducha.ledger.models import Assignment, Indicator, Source, Task
from ducha.reporting.models import Evidence, IndicatorActual, Period, Report

pytestmark = pytest.mark.django_db
MAX_QUERIES = 25


def _build(world, n: int) -> None:
    source = Source.objects.create(kind=SourceKind.POLICY, title="批量来源", content_hash="q" * 64)
    earlier = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                    due_date=dt.date(2025, 12, 31))
    tasks = Task.objects.bulk_create(
        Task(source=source, title=f"批量事项{i}", number=str(i), position=i,
             chapter=f"第{i % 5}章") for i in range(n))
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=world.unit_a, role=Role.LEAD, printed_name="甲局")
         for t in tasks]
        + [Assignment(task=t, unit=world.unit_b, role=Role.RESPONSIBLE, printed_name="乙局")
           for t in tasks])
    indicators = Indicator.objects.bulk_create(
        Indicator(task=t, name="指标", kind=IndicatorKind.COUNT, comparator=">=",
                  value=Decimal(100), measure="个") for t in tasks)
    reports = Report.objects.bulk_create(
        [Report(task=t, unit=world.unit_a, period=world.period, text=f"已印发方案{t.pk}",
                state=ReportState.SUBMITTED) for t in tasks]
        + [Report(task=t, unit=world.unit_a, period=earlier, text="上期", state="accepted")
           for t in tasks]
        + [Report(task=t, unit=world.unit_b, period=world.period, text="配合", state="draft")
           for t in tasks])
    IndicatorActual.objects.bulk_create(
        IndicatorActual(report=r, indicator=i, value=Decimal(30), measure="个")
        for r, i in zip(reports[:n], indicators, strict=True))
    Evidence.objects.bulk_create(
        Evidence(report=r, file=f"evidence/x{r.pk}.pdf", original_name="a.pdf", kind="pdf",
                 content_type="application/pdf", size=10, sha256="0" * 64,
                 uploaded_by=world.reporter_a, uploaded_at=dt.datetime.now(dt.UTC))
        for r in reports[:n])


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize(("persona", "route"), [
    ("reporter_a", "/duban/periods/{period}/report/"),
    ("supervisor", "/duban/periods/{period}/queue/"),
    ("supervisor", "/duban/periods/{period}/queue/?state=all&role=all"),
    ("supervisor", "/duban/periods/{period}/missing/"),
    ("supervisor", "/duban/periods/"),
    ("supervisor", "/office/"),
])
def test_list_pages_do_not_query_per_row(world, django_assert_max_num_queries, n, persona,
                                         route):
    _build(world, n)
    client = Client()
    client.force_login(getattr(world, persona))
    url = route.format(period=world.period.pk)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "批量事项" in response.content.decode() or route in ("/duban/periods/", "/office/")
