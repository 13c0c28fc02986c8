"""Build the demo data set: units, a work-report decomposition, meetings, periods, reports.

Deterministic for a given seed. ``scale`` multiplies the ledger (each copy is one more
decomposition and one more set of meetings) so benchmarks can reach a million reports; every
table is written with bulk inserts inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from ducha.accounts.models import User
from ducha.choices import PeriodKind, PeriodState, Role, UnitKind, UserRole
from ducha.cockpit.totals import rebuild as rebuild_totals
from ducha.demo import directory, extras
from ducha.demo.fastinsert import fast_insert
from ducha.demo.ledger_plan import PlannedTask, plan_ledger
from ducha.demo.workflow_plan import LOCAL, WorkflowContext, plan_reports
from ducha.ledger.models import Assignment, Indicator, Meeting, Source, Task
from ducha.org.models import Unit, UnitAlias, UnitGroup
from ducha.reporting.models import (
    Assessment,
    IndicatorActual,
    IndicatorForecast,
    LagCause,
    Period,
    Report,
)

DEMO_PASSWORD = "Ducha-Demo-2026"  # noqa: S105 - printed on purpose: demo logins only
BATCH = 5000


@dataclass
class DemoResult:
    """What was created, and the demo logins to print."""

    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, user, pw)


def _bulk(model: type[models.Model], objs: list[Any], *, history: bool, by: User | None
          ) -> list[Any]:
    """Insert in batches; with history, each row also gets its '+' history row."""
    if not objs:
        return objs
    if history:
        return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=by)
    return model.objects.bulk_create(objs, batch_size=BATCH)


def create_directory() -> tuple[dict[str, Unit], dict[str, UnitGroup]]:
    """Create the units of 示例市 with their short names as aliases, and the printed groups."""
    kinds = (
        (directory.DEPARTMENTS, UnitKind.DEPARTMENT), (directory.COUNTIES, UnitKind.COUNTY),
        (directory.ZONES, UnitKind.ZONE), (directory.COMPANIES, UnitKind.COMPANY),
        (directory.SCHOOLS, UnitKind.SCHOOL), (directory.OTHERS, UnitKind.OTHER),
    )
    units = [
        Unit(name=name, short_name=short, kind=kind, sort_order=i)
        for i, (name, short, kind) in enumerate(
            (n, s, k) for rows, k in kinds for n, s in rows
        )
    ]
    Unit.objects.bulk_create(units)
    by_name = {u.name: u for u in Unit.objects.all()}
    UnitAlias.objects.bulk_create(
        UnitAlias(unit=u, alias=u.short_name) for u in by_name.values() if u.short_name
    )
    by_name.update({u.short_name: u for u in list(by_name.values()) if u.short_name})
    groups = {}
    for name, kind in directory.GROUPS.items():
        group = UnitGroup.objects.create(name=name)
        group.members.set(Unit.objects.filter(kind=kind))
        groups[name] = group
    return by_name, groups


def create_users(units: dict[str, Unit]) -> tuple[User, list[tuple[str, str, str]]]:
    """The office, a leader and one liaison per unit, all with the demo password."""
    hashed = make_password(DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    office = User(username="duchashi", display_name="督查室张科长", role=UserRole.SUPERVISOR,
                  password=hashed)
    leader = User(username="lingdao", display_name="王副市长", role=UserRole.LEADER,
                  password=hashed)
    liaisons = [
        User(username=f"lly{u.pk:03d}", display_name=f"{u.display_name}联络员",
             role=UserRole.REPORTER, unit=u, password=hashed)
        for u in sorted({u.pk: u for u in units.values()}.values(), key=lambda u: u.pk)
    ]
    User.objects.bulk_create([office, leader, *liaisons])
    office = User.objects.get(username="duchashi")
    fgw = units["市发改委"]
    logins = [
        ("督查室", "duchashi", DEMO_PASSWORD),
        ("领导", "lingdao", DEMO_PASSWORD),
        (f"联络员({fgw.name})", f"lly{fgw.pk:03d}", DEMO_PASSWORD),
    ]
    return office, logins


def _at(date: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour, 0), tzinfo=LOCAL)


def create_periods(year: int, today: dt.date) -> list[Period]:
    """Four quarters, due at each quarter's last day; those already past are closed."""
    ends = [dt.date(year, 3, 31), dt.date(year, 6, 30), dt.date(year, 9, 30),
            dt.date(year, 12, 31)]
    periods = [
        Period(year=year, kind=PeriodKind.QUARTER, index=q, due_date=end,
               state=PeriodState.CLOSED if end < today else PeriodState.OPEN,
               opened_at=_at(dt.date(year, 3 * q - 2, 1), 9),
               closed_at=_at(end + dt.timedelta(days=10), 18) if end < today else None)
        for q, end in enumerate(ends, start=1)
        if dt.date(year, 3 * q - 2, 1) <= today or q == 1
    ]
    return Period.objects.bulk_create(periods)


def _write_ledger_copy(plan: list[PlannedTask], copy: int, year: int,
                       units: dict[str, Unit], groups: dict[str, UnitGroup],
                       *, history: bool, by: User
                       ) -> tuple[list[tuple[PlannedTask, Task]], list[Indicator]]:
    """Write one copy of the planned ledger: its sources, meetings, tasks and assignments."""
    sources: dict[str, Source] = {}
    meetings: dict[tuple[int, dt.date], Meeting] = {}
    for p in plan:
        key = p.source_title
        if key not in sources:
            suffix = f"(第{copy + 1}册)" if copy else ""
            title = p.source_title + suffix
            sources[key] = Source(
                kind=p.source_kind, title=title, doc_number=p.source_doc_number,
                issuer="示例市人民政府办公室", issue_date=p.source_date, year=year,
                content_hash=hashlib.sha256(f"demo:{title}".encode()).hexdigest(),
                created_by=by,
            )
        if p.meeting_date and (p.meeting_number, p.meeting_date) not in meetings:
            meetings[(p.meeting_number, p.meeting_date)] = Meeting(
                number=p.meeting_number + 100 * copy, date=p.meeting_date)
    _bulk(Source, list(sources.values()), history=history, by=by)
    _bulk(Meeting, list(meetings.values()), history=history, by=by)
    tasks = [
        Task(source=sources[p.source_title], position=p.position, number=p.number,
             chapter=p.chapter, title=p.title, text=p.text, deadline=p.deadline,
             deadline_text=p.deadline_text, category=p.category, outline_path=p.outline_path,
             lead_leaders=p.lead_leaders,
             meeting=meetings.get((p.meeting_number, p.meeting_date)) if p.meeting_date
             else None)
        for p in plan
    ]
    tasks = _bulk(Task, tasks, history=history, by=by)
    assignments = [
        Assignment(task=t, role=role, printed_name=name, unit=units.get(name),
                   group=groups.get(name))
        for p, t in zip(plan, tasks, strict=True)
        for role, names in ((Role.LEAD, p.lead), (Role.RESPONSIBLE, p.responsible))
        for name in names
    ]
    _bulk(Assignment, assignments, history=history, by=by)
    indicators = [
        Indicator(task=t, name=i.name, kind=i.kind, comparator=i.comparator, value=i.value,
                  measure=i.measure, cumulative=i.cumulative)
        for p, t in zip(plan, tasks, strict=True) for i in p.indicators
    ]
    _bulk(Indicator, indicators, history=history, by=by)
    return list(zip(plan, tasks, strict=True)), indicators


def _write_workflow(pairs: list[tuple[PlannedTask, Task]], indicators: list[Indicator],
                    ctx: WorkflowContext, rng: random.Random, *, history: bool, by: User
                    ) -> tuple[int, int]:
    """Write the reports, indicator actuals and assessments of one ledger copy.

    With history, rows go through the models (each gets its '+' history row); without, they
    go straight to the tables (benchmark scales).
    """
    ctx.indicators = {}
    for ind in indicators:
        ctx.indicators.setdefault(ind.task_id, []).append(ind)
    planned = plan_reports(pairs, rng, ctx)
    for row in planned.assessments:
        row["decided_by_id"] = by.pk
    if history:
        reports = _bulk(Report, [Report(**r) for r in planned.reports], history=True, by=by)
        ids = {(r.unit_id, r.task_id, r.period_id): r.pk for r in reports}
        _bulk(Assessment, [Assessment(**a) for a in planned.assessments], history=True, by=by)
    else:
        fast_insert(Report, planned.reports)
        fast_insert(Assessment, planned.assessments)
        tasks = {key[1] for key, _i, _v in planned.actuals}
        ids = {(u, t, p): pk for pk, u, t, p in Report.objects.filter(task_id__in=tasks)
               .values_list("pk", "unit_id", "task_id", "period_id")}
    actuals = [IndicatorActual(report_id=ids[key], indicator=ind, value=value,
                               measure=ind.measure) for key, ind, value in planned.actuals]
    _bulk(IndicatorActual, actuals, history=history, by=by)
    forecasts = [IndicatorForecast(report_id=ids[key], indicator=ind, value=value,
                                   measure=ind.measure) for key, ind, value in planned.forecasts]
    _bulk(IndicatorForecast, forecasts, history=history, by=by)
    return len(planned.reports), len(planned.assessments)


@transaction.atomic
def build_demo(*, today: dt.date, year: int | None = None, seed: int = 2026, scale: int = 1,
               history: bool | None = None) -> DemoResult:
    """Fill an empty database with the demo city. History rows are written at scale 1 only,
    unless asked: at benchmark scales they would double the volume and measure nothing new."""
    if Unit.objects.exists():
        raise ValueError("数据库中已有单位数据;演示数据只能写入空数据库,请先重建数据库。")
    year = year or today.year
    history = scale == 1 if history is None else history
    rng = random.Random(seed)
    units, groups = create_directory()
    office, logins = create_users(units)
    periods = create_periods(year, today)
    plan = plan_ledger(rng, year)
    ctx = WorkflowContext(
        periods=periods, units=units, today=today, indicators={},
        liaisons=dict(User.objects.filter(role=UserRole.REPORTER)
                      .values_list("unit_id", "pk")),
        causes=list(LagCause.objects.values_list("pk", flat=True)))
    n_reports = n_assessments = 0
    for copy in range(scale):
        pairs, inds = _write_ledger_copy(plan, copy, year, units, groups, history=history,
                                         by=office)
        r, a = _write_workflow(pairs, inds, ctx, rng, history=history, by=office)
        n_reports += r
        n_assessments += a
        if copy == 0:
            extras.write_extras(pairs=pairs, ctx=ctx, rng=rng, office=office)
    rebuild_totals()  # bulk inserts bypass save(): the cockpit's running totals start afresh
    counts = {
        "units": Unit.objects.count(), "groups": UnitGroup.objects.count(),
        "sources": Source.objects.count(), "meetings": Meeting.objects.count(),
        "tasks": Task.objects.count(), "indicators": Indicator.objects.count(),
        "periods": len(periods), "reports": n_reports, "assessments": n_assessments,
        "users": User.objects.count(),
    }
    return DemoResult(counts=counts, logins=logins)
