"""A hand-built ledger whose cockpit numbers are worked out by hand in the tests.

Units A and B; tasks a (lead A), b (lead B), shared (lead A, responsible B) in chapter 一 of
source 1, and c (lead B) in chapter 二 of source 2. Two quarters of 2026:

=========  ===========  ===========
task       Q1           Q2
=========  ===========  ===========
a          lagging      lagging (资金)
b          done         done
shared     problem      problem (审批)
c          in_progress  lagging
=========  ===========  ===========

Q2 reports (due 2026-06-30): A/a on time (accepted), A/shared two days late and a near
duplicate, B/b on time (confidence 高), B/shared missing, B/c a draft. Q1: A/a (高, actual 200
of the 1,000 base stations), B/b (低). "Today" is 2026-07-10, ten days after the Q2 due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from tests.conftest import World, make_task

from ducha.choices import Comparator, IndicatorKind, PeriodKind, ReportState, SourceKind
from ducha.docparse.vocab import STATUS_BY_CODE
from ducha.ledger.models import Indicator, Source, Task
from ducha.reporting.models import Assessment, IndicatorActual, LagCause, Period, Report

LOCAL = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Cockpit results are cached by a data fingerprint; rolled-back ids can repeat."""
    cache.clear()


@dataclass
class Cockpit:
    world: World
    task_c: Task
    source_2: Source
    q1: Period
    q2: Period
    indicator: Indicator
    causes: dict[str, LagCause]


def at(date: dt.date, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour), tzinfo=LOCAL)


def assess(task: Task, period: Period, status: str, by, cause: LagCause | None = None
           ) -> Assessment:
    return Assessment.objects.create(task=task, period=period, status=status,
                                     light=STATUS_BY_CODE[status].light, decided_by=by,
                                     decided_at=at(period.due_date + dt.timedelta(days=5)),
                                     cause=cause)


def report(unit, task, period, *, submitted: dt.datetime | None, state: str = "submitted",
           text: str = "", **extra) -> Report:
    return Report.objects.create(unit=unit, task=task, period=period, state=state,
                                 submitted_at=submitted, text=text or f"{task.title}进展", **extra)


@pytest.fixture
def cockpit(world: World) -> Cockpit:
    w = world
    causes = {}
    for position, name in enumerate(("资金", "用地", "审批", "协调", "其他"), start=1):
        causes[name], _ = LagCause.objects.get_or_create(name=name,
                                                         defaults={"position": position})
    source_2 = Source.objects.create(kind=SourceKind.MEETING_MINUTES, title="第二号会议纪要",
                                     content_hash="u" * 64)
    task_c = make_task(source_2, "乙局会议事项", 1, [w.unit_b])
    task_c.chapter = "二、第二章"
    task_c.save()  # through save(), as the ledger's edits: the running totals follow
    q1 = w.period
    q2 = Period.objects.create(year=2026, kind=PeriodKind.QUARTER, index=2,
                               due_date=dt.date(2026, 6, 30))
    by = w.supervisor
    for task, s1, s2, cause in ((w.task_a, "lagging", "lagging", "资金"),
                                (w.task_b, "done", "done", None),
                                (w.task_shared, "problem", "problem", "审批"),
                                (task_c, "in_progress", "lagging", None)):
        assess(task, q1, s1, by)
        assess(task, q2, s2, by, causes[cause] if cause else None)
    indicator = Indicator.objects.create(
        task=w.task_a, name="新建5G基站", kind=IndicatorKind.COUNT,
        comparator=Comparator.AT_LEAST, value=Decimal("1000"), measure="座", cumulative=True)
    r1 = report(w.unit_a, w.task_a, q1, submitted=at(dt.date(2026, 3, 30)), state="accepted",
                confidence="high", text="已建成基站200座")
    IndicatorActual.objects.create(report=r1, indicator=indicator, value=Decimal("200"),
                                   measure="座")
    report(w.unit_b, w.task_b, q1, submitted=at(dt.date(2026, 3, 28)), state="accepted",
           confidence="low")
    r2 = report(w.unit_a, w.task_a, q2, submitted=at(dt.date(2026, 6, 30), 20),
                state=ReportState.ACCEPTED, text="累计建成基站400座,资金缺口较大")
    IndicatorActual.objects.create(report=r2, indicator=indicator, value=Decimal("400"),
                                   measure="座")
    report(w.unit_a, w.task_shared, q2, submitted=at(dt.date(2026, 7, 2), 10),
           near_duplicate=True, similarity=0.97)
    report(w.unit_b, w.task_b, q2, submitted=at(dt.date(2026, 6, 29)), confidence="high",
           next_milestone="完成竣工验收", next_milestone_date=dt.date(2026, 8, 15))
    report(w.unit_b, task_c, q2, submitted=None, state=ReportState.DRAFT)
    return Cockpit(w, task_c, source_2, q1, q2, indicator, causes)
