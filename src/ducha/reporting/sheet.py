"""The reporter's period sheet (一期一表): every task of the unit with what it needs to report.

One selector builds the whole page in a fixed number of queries, whatever the number of tasks:
the unit's assignments, the tasks' indicators, the unit's reports of this and earlier periods
(prefill and comparison), the responsible units' reports shown to the lead, acknowledgements,
change requests and approved extensions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from ducha.choices import ReportState, Role
from ducha.docparse.indicators import match_actual, parse_actuals
from ducha.docparse.measures import MeasureMismatch, reconcile
from ducha.docparse.pace import ForecastCheck, check_forecast
from ducha.ledger.indicators import as_target
from ducha.ledger.models import Assignment, Indicator, Source, Task
from ducha.reporting.models import (
    Acknowledgement,
    ChangeRequest,
    Evidence,
    IndicatorActual,
    IndicatorForecast,
    Period,
    Report,
    RequestKind,
    RequestState,
)
from ducha.reporting.selectors import previous_periods
from ducha.reporting.similarity import is_near_duplicate, similarity

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.org.models import Unit

EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


def target_text(indicator: Indicator) -> str:
    """An indicator's target as printed: 不低于8%, 1000座, or 定性目标."""
    if indicator.value is None:
        return "定性目标"
    value = f"{indicator.value.normalize():f}"
    comparator = indicator.get_comparator_display() if indicator.comparator else ""
    return f"{comparator}{value}{indicator.measure}"


def plain(value: Decimal) -> Decimal:
    """A stored figure without trailing zeros or an exponent: 1000.0000 → 1000, not 1E+3."""
    return Decimal(f"{value.normalize():f}")


def as_decimal(raw: object) -> Decimal | None:
    """A number typed into a form field, or None when it is empty or not a number."""
    try:
        value = Decimal(str(raw).strip()) if raw not in (None, "") else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


@dataclass(frozen=True)
class Suggestion:
    """An actual read from the unit's own progress text, offered beside the actual field."""

    indicator_id: int
    value: Decimal
    measure: str
    clause: str

    @property
    def number(self) -> str:
        return f"{self.value.normalize():f}"

    @property
    def text(self) -> str:
        return f"{self.number}{self.measure}"


def _same(entered: tuple[object, object], value: float, measure: str) -> bool:
    number = as_decimal(entered[0])
    if number is None:
        return False
    try:
        converted = reconcile(number, str(entered[1] or "").strip() or None, measure or None)
    except MeasureMismatch:
        return False
    return abs(converted - value) <= 1e-9 * max(1.0, abs(value))


def suggest_actuals(text: str, indicators: Sequence[Indicator],
                    entered: Mapping[int, tuple[object, object]]) -> dict[int, Suggestion]:
    """Actuals the progress text mentions for the task's indicators, where the field is empty
    or says something else (``entered``: indicator id → (value, measure) as typed).

    Only offered, never filled: the unit decides with a click.
    """
    found = parse_actuals(text or "", report=True)
    if not found:
        return {}
    suggestions: dict[int, Suggestion] = {}
    for indicator in indicators:
        if indicator.value is None:
            continue
        hit = match_actual(as_target(indicator), found)
        if hit is None or _same(entered.get(indicator.pk, ("", "")), hit.actual,
                                hit.measure or ""):
            continue
        suggestions[indicator.pk] = Suggestion(indicator.pk, Decimal(str(hit.actual)),
                                               hit.measure or "", hit.clause)
    return suggestions


def forecast_check(forecast: IndicatorForecast | None, value: object, measure: object
                   ) -> ForecastCheck | None:
    """Last period's forecast against the actual as entered now (None when either is missing
    or their measures cannot be compared)."""
    number = as_decimal(value)
    if forecast is None or number is None:
        return None
    try:
        return check_forecast(forecast.value, forecast.measure, number,
                              str(measure or "").strip())
    except MeasureMismatch:
        return None


@dataclass
class SheetRow:
    """One task on the unit's sheet."""

    task: Task
    assignment: Assignment
    indicators: list[Indicator] = field(default_factory=list)
    report: Report | None = None
    previous: Report | None = None
    partner_reports: list[Report] = field(default_factory=list)
    acknowledged: bool = False
    requests: list[ChangeRequest] = field(default_factory=list)
    deadline: dt.date | None = None
    released: bool = False
    last_period_id: int | None = None  # the period just before: its forecasts are for this one

    @property
    def is_lead(self) -> bool:
        return self.assignment.role == Role.LEAD

    @property
    def editable(self) -> bool:
        return not self.released and (self.report is None or self.report.state in EDITABLE)

    @property
    def prefilled(self) -> bool:
        """Nothing saved this period yet: the form shows last period's text."""
        return self.report is None and self.previous is not None

    @property
    def actuals(self) -> dict[int, IndicatorActual]:
        return {a.indicator_id: a for a in self.report.actuals.all()} if self.report else {}

    @property
    def previous_actuals(self) -> dict[int, IndicatorActual]:
        return {a.indicator_id: a for a in self.previous.actuals.all()} if self.previous else {}

    @property
    def forecasts(self) -> dict[int, IndicatorForecast]:
        """Forecasts of the next period made in this period's report."""
        return {f.indicator_id: f for f in self.report.forecasts.all()} if self.report else {}

    @property
    def previous_forecasts(self) -> dict[int, IndicatorForecast]:
        """What the unit forecast for this period in the period just before."""
        previous = self.previous
        if previous is None or previous.period_id != self.last_period_id:
            return {}
        return {f.indicator_id: f for f in previous.forecasts.all()}

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.report.evidence.all()) if self.report else []

    @property
    def pending_requests(self) -> list[ChangeRequest]:
        return [r for r in self.requests if r.state == RequestState.PENDING]

    def current_similarity(self, text: str) -> float | None:
        if self.previous is None or not self.previous.text:
            return None
        return similarity(text, self.previous.text)

    def duplicate_of_previous(self, text: str) -> bool:
        return is_near_duplicate(self.current_similarity(text))


@dataclass
class SheetGroup:
    source: Source
    chapter: str
    rows: list[SheetRow]


@dataclass
class Sheet:
    period: Period
    unit: Unit
    rows: list[SheetRow]

    @property
    def groups(self) -> list[SheetGroup]:
        groups: list[SheetGroup] = []
        for row in self.rows:
            key = (row.task.source_id, row.task.chapter)
            if not groups or (groups[-1].source.pk, groups[-1].chapter) != key:
                groups.append(SheetGroup(row.task.source, row.task.chapter, []))
            groups[-1].rows.append(row)
        return groups

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ReportState.values, 0)
        for row in self.rows:
            if row.report is not None:
                counts[row.report.state] += 1
        return counts

    @property
    def unacknowledged(self) -> int:
        return sum(1 for r in self.rows if not r.acknowledged and not r.released)

    @property
    def not_started(self) -> int:
        return sum(1 for r in self.rows if r.report is None and not r.released)


def _assignments(unit_id: int, task_ids: Iterable[int] | None) -> list[Assignment]:
    qs = (Assignment.objects.active()
          .filter(unit_id=unit_id, task__archived_at__isnull=True)
          .select_related("task", "task__source")
          .order_by("task__source__year", "task__source_id", "task__position", "role"))
    if task_ids is not None:
        qs = qs.filter(task_id__in=list(task_ids))
    best: dict[int, Assignment] = {}
    for assignment in qs:  # a unit both lead and responsible on a task reports once, as lead
        if assignment.task_id not in best or assignment.role == Role.LEAD:
            best[assignment.task_id] = assignment
    return list(best.values())


def _evidence() -> QuerySet[Evidence]:
    return Evidence.objects.active().order_by("uploaded_at", "id")


def _own_prefetches() -> list[str | Prefetch[Any]]:
    """What a row reads of the unit's own reports: actuals, evidence and forecasts."""
    return [Prefetch("actuals", queryset=IndicatorActual.objects.select_related("indicator")),
            Prefetch("evidence", queryset=_evidence()),
            Prefetch("forecasts", queryset=IndicatorForecast.objects.active()
                     .select_related("indicator"))]


def row_after_save(row: SheetRow, report: Report) -> SheetRow:
    """The row as ``reporter_sheet`` would now read it, after ``report_save`` stored
    ``report`` for it: that report (its actuals, forecasts and evidence read afresh) and the
    assignment acknowledged (签收), which the save does in the same transaction. The rest of
    the row (previous report, partners' reports, requests, deadline) a save does not change,
    so it is not read again."""
    report.__dict__.pop("_prefetched_objects_cache", None)
    prefetch_related_objects([report], *_own_prefetches())
    row.report = report
    row.acknowledged = True
    return row


def reporter_sheet(*, user: User, period: Period, task_ids: Iterable[int] | None = None,
                   active_periods: Sequence[Period] | None = None) -> Sheet:
    """The unit's sheet for a period (optionally only some tasks), in a fixed query count;
    ``active_periods``, every active period by due date, spares the read of them."""
    unit = user.unit
    assert unit is not None
    assignments = _assignments(unit.pk, task_ids)
    ids = [a.task_id for a in assignments]
    rows = {a.task_id: SheetRow(task=a.task, assignment=a, deadline=a.task.deadline)
            for a in assignments}
    for indicator in Indicator.objects.active().filter(task_id__in=ids).order_by("id"):
        rows[indicator.task_id].indicators.append(indicator)
    last = previous_periods([period], among=active_periods).get(period.pk)
    for row in rows.values():
        row.last_period_id = last.pk if last else None
    # one read for the unit's own reports of this and earlier periods (prefill, comparison)
    # and, on the tasks it leads, the responsible units' reports of this period
    lead_ids = [a.task_id for a in assignments if a.role == Role.LEAD]
    reports = list(Report.objects.active().filter(
        Q(unit=unit, period__due_date__lte=period.due_date)
        | (Q(period=period, task_id__in=lead_ids) & ~Q(unit=unit)), task_id__in=ids)
        .select_related("period", "unit").prefetch_related(*_own_prefetches()))
    own = sorted((r for r in reports if r.unit_id == unit.pk),
                 key=lambda r: r.period.due_date, reverse=True)
    for report in own:
        row = rows[report.task_id]
        if report.period_id == period.pk:
            row.report = report
        elif row.previous is None and report.period.due_date < period.due_date:
            row.previous = report
    for report in sorted((r for r in reports if r.unit_id != unit.pk),
                         key=lambda r: (r.unit.sort_order, r.pk)):
        rows[report.task_id].partner_reports.append(report)
    acked = set(Acknowledgement.objects.filter(
        period=period, assignment_id__in=[a.pk for a in assignments]
    ).values_list("assignment_id", flat=True))
    for row in rows.values():
        row.acknowledged = row.assignment.pk in acked
    # one read for the unit's own requests and every unit's approved extensions (the deadline
    # in force: the latest decided one wins)
    requests = list(ChangeRequest.objects.filter(
        Q(unit=unit) | Q(kind=RequestKind.EXTENSION, state=RequestState.APPROVED),
        task_id__in=ids).order_by("decided_at", "id"))
    for request in requests:
        if request.kind == RequestKind.EXTENSION and request.state == RequestState.APPROVED:
            rows[request.task_id].deadline = request.new_deadline
    for request in sorted((r for r in requests if r.unit_id == unit.pk),
                          key=lambda r: (r.requested_at, r.pk)):
        row = rows[request.task_id]
        row.requests.append(request)
        if (request.kind == RequestKind.DISPUTE and request.state == RequestState.APPROVED
                and request.assignment_id == row.assignment.pk):
            row.released = True
    return Sheet(period=period, unit=unit, rows=[rows[i] for i in ids])
