"""The task page: the task, its assignments, indicators against target and pace, every
report and assessment by period, change requests, and the full history of who changed what.

Reporters see what ``visible_task_reports`` allows them (their own unit's reports, and the
responsible units' when they lead); the office and leaders see everything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from ducha.accounts.permissions import visible_task_reports
from ducha.choices import PeriodKind, Role, UserRole
from ducha.docparse.indicators import Target
from ducha.docparse.measures import MeasureMismatch
from ducha.docparse.pace import (
    ForecastCheck,
    check_forecast,
    evaluate,
    month_elapsed,
    quarter_elapsed,
)
from ducha.ledger.models import Assignment, Indicator, Task
from ducha.reporting.models import (
    Assessment,
    ChangeRequest,
    Evidence,
    IndicatorActual,
    IndicatorForecast,
    LagCause,
    Period,
    Report,
)
from ducha.reporting.selectors import previous_periods
from ducha.reporting.services import effective_deadline
from ducha.reporting.sheet import target_text

if TYPE_CHECKING:
    from ducha.accounts.models import User

VERDICT_LABELS = {"met": "已达标", "on_pace": "符合序时进度", "behind": "落后序时进度",
                  "missed": "未完成"}
# model → (label, fields whose changes the history shows)
TRACKED: dict[type, tuple[str, tuple[str, ...]]] = {
    Report: ("进展报送", ("state", "text", "confidence", "next_milestone", "next_milestone_date",
                        "near_duplicate", "review_note", "archived_at")),
    IndicatorActual: ("指标完成值", ("value", "measure")),
    IndicatorForecast: ("指标下期预计值", ("value", "measure", "archived_at")),
    Evidence: ("佐证材料", ("original_name", "archived_at")),
    Assessment: ("督办评定", ("status", "light", "cause", "note", "evidence_citation",
                          "archived_at")),
    ChangeRequest: ("申请", ("state", "reason", "new_deadline", "decision_note")),
}
SHORT = 80


@dataclass
class PaceCell:
    actual: IndicatorActual | None = None
    verdict: str = ""
    light: str = ""
    explanation: str = ""
    forecast: IndicatorForecast | None = None  # made in this period, for the next one
    check: ForecastCheck | None = None  # the previous period's forecast against this actual

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, "")


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[PaceCell]

    @property
    def target_text(self) -> str:
        return target_text(self.indicator)


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    kind: str  # 新建 / 修改 / 删除
    reason: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class PeriodBlock:
    period: Period
    reports: list[Report]
    assessment: Assessment | None


@dataclass
class TaskPage:
    task: Task
    assignments: list[Assignment]
    deadline: dt.date | None
    periods: list[Period]
    indicators: list[IndicatorRow]
    blocks: list[PeriodBlock]
    requests: list[ChangeRequest]
    history: list[HistoryEntry]


def _elapsed(period: Period) -> float:
    if period.kind == PeriodKind.QUARTER:
        return quarter_elapsed(period.index)
    return month_elapsed(period.index)


def _final(period: Period) -> bool:
    return period.index == (4 if period.kind == PeriodKind.QUARTER else 12)


def pace_cell(indicator: Indicator, actual: IndicatorActual | None, period: Period) -> PaceCell:
    """Judge one actual against its indicator with ``docparse.pace.evaluate``."""
    cell = PaceCell(actual=actual)
    if actual is None or indicator.value is None:
        return cell
    target = Target(name=indicator.name, kind=indicator.kind,
                    comparator=indicator.comparator or None, value=float(indicator.value),
                    measure=indicator.measure or None)
    try:
        result = evaluate(target, actual.value, elapsed=_elapsed(period),
                          cumulative=indicator.cumulative, final=_final(period),
                          measure=actual.measure or None)
    except ValueError as exc:  # MeasureMismatch is a ValueError with a Chinese message
        cell.explanation = f"无法评定:{getattr(exc, 'message', str(exc))}"
        return cell
    cell.verdict, cell.light, cell.explanation = result.verdict, result.light, result.explanation
    return cell


def _indicator_rows(indicators: list[Indicator], periods: list[Period],
                    reports: list[Report], lead_units: set[int]) -> list[IndicatorRow]:
    # per period and indicator: the lead unit's actual (the consolidated figure) first, and the
    # forecast the same unit made for the next period
    chosen: dict[tuple[int, int], IndicatorActual] = {}
    forecasts: dict[tuple[int, int, int], IndicatorForecast] = {}
    for report in sorted(reports, key=lambda r: r.unit_id not in lead_units):
        for actual in report.actuals.all():
            chosen.setdefault((report.period_id, actual.indicator_id), actual)
        for forecast in report.forecasts.all():
            forecasts[(report.unit_id, report.period_id, forecast.indicator_id)] = forecast
    before = previous_periods(periods)
    rows = []
    for ind in indicators:
        cells = []
        for period in periods:
            cell = pace_cell(ind, chosen.get((period.pk, ind.pk)), period)
            unit = cell.actual.report.unit_id if cell.actual else None
            lead_first = [unit] if unit else sorted(lead_units)
            cell.forecast = next((f for u in [*lead_first, *lead_units]
                                  if (f := forecasts.get((u, period.pk, ind.pk)))), None)
            last = before.get(period.pk)
            made = forecasts.get((unit, last.pk, ind.pk)) if unit and last else None
            if made is not None and cell.actual is not None:
                try:
                    cell.check = check_forecast(made.value, made.measure, cell.actual.value,
                                                cell.actual.measure)
                except MeasureMismatch:
                    cell.check = None
            cells.append(cell)
        rows.append(IndicatorRow(ind, cells))
    return rows


def _display(value: Any, fname: str, model: type, names: dict[str, dict[Any, str]]) -> str:
    if value is None or value == "":
        return "—"
    fld = model._meta.get_field(fname)
    if fld.choices:
        return str(dict(fld.choices).get(value, value))
    if fname in names:
        return names[fname].get(value, str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.datetime):
        return "已归档" if fname == "archived_at" else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    text = str(value)
    return text if len(text) <= SHORT else text[:SHORT] + "…"


def _history(task: Task, report_ids: list[int], user: User,
             labels: dict[tuple[type, int], str]) -> list[HistoryEntry]:
    requests = ChangeRequest.history.filter(task_id=task.pk)
    if user.role == UserRole.REPORTER:
        requests = requests.filter(unit_id=user.unit_id)
    sources = {
        Report: Report.history.filter(id__in=report_ids),
        IndicatorActual: IndicatorActual.history.filter(report_id__in=report_ids),
        IndicatorForecast: IndicatorForecast.history.filter(report_id__in=report_ids),
        Evidence: Evidence.history.filter(report_id__in=report_ids),
        Assessment: Assessment.history.filter(task_id=task.pk),
        ChangeRequest: requests,
    }
    names: dict[str, dict[Any, str]] = {
        "cause": dict(LagCause.objects.values_list("id", "name")),
    }
    entries: list[HistoryEntry] = []
    for model, records in sources.items():
        label, fields = TRACKED[model]
        last: dict[int, Any] = {}
        for record in records.select_related("history_user").order_by("history_date",
                                                                        "history_id"):
            fields_now = {f: getattr(record, f"{f}_id" if f == "cause" else f) for f in fields}
            before = last.get(record.id)
            last[record.id] = fields_now
            kind = {"+": "新建", "~": "修改", "-": "删除"}[record.history_type]
            changes = [Change(model._meta.get_field(f).verbose_name,
                              _display(before[f], f, model, names) if before else "—",
                              _display(fields_now[f], f, model, names))
                       for f in fields
                       if (before[f] if before else None) != fields_now[f]
                       and not (before is None and fields_now[f] in (None, "", False))]
            if before is not None and not changes:
                continue  # a save that changed nothing the page shows
            who = record.history_user
            entries.append(HistoryEntry(
                when=record.history_date, who=str(who) if who else "系统", kind=kind,
                what=labels.get((model, record.id), label), changes=changes,
                reason=record.history_change_reason or ""))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def task_page(*, task: Task, user: User) -> TaskPage:
    """Everything the task page shows, in a fixed number of queries."""
    assignments = list(Assignment.objects.active().filter(task=task)
                       .select_related("unit", "group").order_by("role", "id"))
    lead_units = {a.unit_id for a in assignments if a.role == Role.LEAD and a.unit_id}
    evidence = Evidence.objects.active().order_by("uploaded_at", "id")
    reports = list(visible_task_reports(user, task)
                   .select_related("unit", "period", "submitted_by", "reviewed_by")
                   .prefetch_related("actuals", Prefetch("evidence", queryset=evidence),
                                     Prefetch("forecasts",
                                              queryset=IndicatorForecast.objects.active()))
                   .order_by("period__due_date", "unit__sort_order", "id"))
    assessments = {a.period_id: a for a in Assessment.objects.active().filter(task=task)
                   .select_related("period", "decided_by", "cause")}
    periods_by_id = {r.period_id: r.period for r in reports}
    periods_by_id.update({a.period_id: a.period for a in assessments.values()})
    periods = sorted(periods_by_id.values(), key=lambda p: p.due_date)
    by_period: dict[int, list[Report]] = defaultdict(list)
    for report in reports:
        by_period[report.period_id].append(report)
    requests = ChangeRequest.objects.filter(task=task).select_related(
        "unit", "requested_by", "decided_by").order_by("requested_at", "id")
    if user.role == UserRole.REPORTER:
        requests = requests.filter(unit_id=user.unit_id)
    requests_list = list(requests)
    labels: dict[tuple[type, int], str] = {}
    for r in reports:
        labels[(Report, r.pk)] = f"进展报送 · {r.unit.display_name} · {r.period.label}"
        for actual in r.actuals.all():
            labels[(IndicatorActual, actual.pk)] = f"指标完成值 · {r.unit.display_name}"
        for forecast in r.forecasts.all():
            labels[(IndicatorForecast, forecast.pk)] = f"指标下期预计值 · {r.unit.display_name}"
        for ev in r.evidence.all():
            labels[(Evidence, ev.pk)] = f"佐证材料 · {r.unit.display_name}"
    for a in assessments.values():
        labels[(Assessment, a.pk)] = f"督办评定 · {a.period.label}"
    for r in requests_list:
        labels[(ChangeRequest, r.pk)] = f"{r.get_kind_display()} · {r.unit.display_name}"
    return TaskPage(
        task=task,
        assignments=assignments,
        deadline=effective_deadline(task),
        periods=periods,
        indicators=_indicator_rows(list(Indicator.objects.active().filter(task=task)
                                        .order_by("id")), periods, reports, lead_units),
        blocks=[PeriodBlock(p, by_period.get(p.pk, []), assessments.get(p.pk))
                for p in reversed(periods)],
        requests=requests_list,
        history=_history(task, [r.pk for r in reports], user, labels),
    )

