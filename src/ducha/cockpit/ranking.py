"""Unit ranking and scoring (量化考评) for one period, from outcomes only.

Per unit, for the chosen period:

* 应报 — the unit's assignments (lead or responsible) on active tasks, less those released by
  an approved 退办申请 (the same rows the office's 未报送 list counts);
* 按时报送率 — reports submitted or accepted with ``submitted_at`` on or before the period's
  due date (local time), over 应报 (capped at 100%);
* 牵头事项完成率 — the tasks it leads judged 已落实 or 已基本完成 this period, over its annual
  lead tasks that were judged (long-term tasks are never "done" and are left out);
* 滞后 / 突出问题 — its lead tasks judged 需要加大力度 / 存在突出问题;
* 逾期天数 — for each late report, local submission date minus due date; for each report not
  submitted once the due date has passed, today minus due date;
* 雷同报送 — reports flagged as near duplicates of the previous period's.

The score is ``on_time_points × 按时报送率 + completion_points × 完成率`` (when no lead task
was judged, the on-time rate carries both) less the deductions, never below zero. Logins, time
online and other activity are never read.

Every figure comes from a handful of grouped queries (``values().annotate()``), whatever the
number of reports; the per-unit merge runs over units, not reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, DateTimeField, F, Q, When
from django.db.models.functions import TruncDate

from ducha.choices import ReportState, Role, Status, TaskCategory
from ducha.cockpit import totals
from ducha.cockpit.filters import CockpitFilters
from ducha.cockpit.models import DEFAULT_WEIGHTS, ScoringWeights
from ducha.ledger.models import Assignment
from ducha.org.models import Unit
from ducha.reporting.models import (
    Assessment,
    ChangeRequest,
    Period,
    Report,
    RequestKind,
    RequestState,
)

DONE_STATUSES = (Status.DONE, Status.BASICALLY_DONE)
REPORTED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
SORT_KEYS = ("score", "name", "expected", "on_time_rate", "completion_rate", "lagging",
             "problem", "overdue_days", "duplicates", "missing")
DEFAULT_SORT = "-score"


@dataclass
class UnitScore:
    """One unit's outcomes and score in a period."""

    unit_id: int
    name: str
    order: int = 0  # the office's listing order of units (排序)
    expected: int = 0
    reported: int = 0
    on_time: int = 0
    led: int = 0
    judged: int = 0
    done: int = 0
    lagging: int = 0
    problem: int = 0
    overdue_days: int = 0
    duplicates: int = 0
    score: float = 0.0
    rank: int = 0

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.reported)

    @property
    def on_time_rate(self) -> float:
        return min(1.0, self.on_time / self.expected) if self.expected else 0.0

    @property
    def completion_rate(self) -> float | None:
        return self.done / self.judged if self.judged else None

    def cells(self) -> list[tuple[str, str]]:
        """The ranking row as display strings with their tooltips (formatted once, here,
        rather than by a hundred template filters)."""
        completion = self.completion_rate
        return [
            (str(self.rank), ""), (f"{self.score:.1f}", ""), (str(self.expected), ""),
            (f"{100 * self.on_time_rate:.1f}%", f"按时 {self.on_time} / 应报 {self.expected}"),
            ("—" if completion is None else f"{100 * completion:.1f}%",
             f"完成 {self.done} / 已评定 {self.judged}"),
            (str(self.lagging), ""), (str(self.problem), ""), (str(self.overdue_days), ""),
            (str(self.duplicates), ""),
        ]


def scoring_weights_current() -> dict[str, Decimal]:
    """The weights in force: the office's latest version, else the defaults."""
    latest = ScoringWeights.objects.order_by("-created_at", "-id").first()
    return latest.as_dict() if latest is not None else dict(DEFAULT_WEIGHTS)


def scoring_weights_history(*, limit: int = 20) -> list[ScoringWeights]:
    return list(ScoringWeights.objects.select_related("created_by")
                .order_by("-created_at", "-id")[:limit])


def due_end(period: Period) -> dt.datetime:
    """The first instant after the due date, in local time: earlier submissions are on time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(period.due_date + dt.timedelta(days=1), dt.time(0), tzinfo=zone)


def _collect_totals(period: Period, today: dt.date) -> dict[int, UnitScore]:
    """Every unit's counts from the running totals (``cockpit.totals``): three small reads
    instead of grouping the period's reports, whatever their number."""
    names = {pk: (name, order) for pk, name, order in
             Unit.objects.values_list("id", "name", "sort_order")}
    units: dict[int, UnitScore] = {}
    for unit_id, m in totals.metrics("ex", 0).items():
        if not m.get("all"):
            continue
        name, order = names.get(unit_id, ("", 0))
        units[unit_id] = UnitScore(unit_id, name, order,
                                   expected=m.get("all", 0) - m.get("rel", 0),
                                   led=m.get("led", 0) - m.get("relled", 0))
    for unit_id, m in totals.metrics("rp", period.pk).items():
        if (score := units.get(unit_id)) is not None:
            score.reported, score.on_time = m.get("reported", 0), m.get("on_time", 0)
            score.duplicates, score.overdue_days = m.get("dup", 0), m.get("overdue", 0)
    for unit_id, m in totals.metrics("ld", period.pk).items():
        if (score := units.get(unit_id)) is not None:
            score.judged, score.done = m.get("judged", 0), m.get("done", 0)
            score.lagging, score.problem = m.get("lagging", 0), m.get("problem", 0)
    late = max(0, (today - period.due_date).days)
    for score in units.values():
        score.overdue_days += score.missing * late
    return units


def _collect(period: Period, scope: CockpitFilters, today: dt.date) -> dict[int, UnitScore]:
    """Every unit's counts in a fixed number of grouped queries (from the running totals when
    the scope is not narrowed by source or chapter)."""
    if not (scope.source or scope.chapter):
        return _collect_totals(period, today)
    return _collect_direct(period, scope, today)


def _collect_direct(period: Period, scope: CockpitFilters, today: dt.date
                    ) -> dict[int, UnitScore]:
    """Every unit's counts grouped straight from the base tables."""
    task_q = scope.task_q("task__")
    units: dict[int, UnitScore] = {}
    names = {pk: (name, order) for pk, name, order in
             Unit.objects.values_list("id", "name", "sort_order")}
    assignments = Assignment.objects.active().filter(task_q, unit__isnull=False,
                                                     task__archived_at__isnull=True)
    for row in (assignments.values("unit_id")
                .annotate(n=Count("id"), led=Count("id", filter=Q(role=Role.LEAD)))
                .order_by()):
        name, order = names.get(row["unit_id"], ("", 0))
        units[row["unit_id"]] = UnitScore(row["unit_id"], name, order, expected=row["n"],
                                          led=row["led"])
    # assignments released by an approved 退办申请 are not expected (a small table, apart)
    for row in (assignments.filter(pk__in=ChangeRequest.objects.filter(
            kind=RequestKind.DISPUTE, state=RequestState.APPROVED).values("assignment_id"))
            .values("unit_id").annotate(n=Count("id"), led=Count(
                "id", filter=Q(role=Role.LEAD))).order_by()):
        if (score := units.get(row["unit_id"])) is not None:
            score.expected -= row["n"]
            score.led -= row["led"]
    end = due_end(period)
    submitted = Q(state__in=REPORTED_STATES, submitted_at__isnull=False)
    late = submitted & Q(submitted_at__gte=end)
    # one pass over the period's reports: late ones are grouped by their local date
    for row in (Report.objects.active().filter(task_q, period=period)
                .values("unit_id", late_day=TruncDate(Case(When(late, then=F("submitted_at")),
                                                           output_field=DateTimeField())))
                .annotate(reported=Count("id", filter=submitted),
                          on_time=Count("id", filter=submitted & Q(submitted_at__lt=end)),
                          duplicates=Count("id", filter=Q(near_duplicate=True)))
                .order_by()):
        if (score := units.get(row["unit_id"])) is None:
            continue
        score.reported += row["reported"]
        score.on_time += row["on_time"]
        score.duplicates += row["duplicates"]
        if row["late_day"] is not None:
            score.overdue_days += max(0, (row["late_day"] - period.due_date).days) \
                * row["reported"]
    lead = Q(task__assignments__role=Role.LEAD, task__assignments__archived_at__isnull=True,
             task__assignments__unit__isnull=False)
    for row in (Assessment.objects.active().filter(task_q, lead, period=period)
                .values("task__assignments__unit_id", "status", "task__category")
                .annotate(n=Count("id")).order_by()):
        score = units.get(row["task__assignments__unit_id"])
        if score is None:
            continue
        if row["task__category"] != TaskCategory.LONG_TERM:
            score.judged += row["n"]
            score.done += row["n"] if row["status"] in DONE_STATUSES else 0
        score.lagging += row["n"] if row["status"] == Status.LAGGING else 0
        score.problem += row["n"] if row["status"] == Status.PROBLEM else 0
    late = max(0, (today - period.due_date).days)
    for score in units.values():
        score.overdue_days += score.missing * late
    return units


def _score(unit: UnitScore, weights: dict[str, Decimal]) -> float:
    on_time_points = float(weights["on_time_points"])
    completion_points = float(weights["completion_points"])
    if unit.completion_rate is None:
        base = unit.on_time_rate * (on_time_points + completion_points)
    else:
        base = unit.on_time_rate * on_time_points + unit.completion_rate * completion_points
    deductions = (unit.lagging * float(weights["lagging_penalty"])
                  + unit.problem * float(weights["problem_penalty"])
                  + unit.overdue_days * float(weights["overdue_day_penalty"])
                  + unit.duplicates * float(weights["duplicate_penalty"]))
    return round(max(0.0, base - deductions), 1)


def _sort_value(unit: UnitScore, key: str, descending: bool) -> float:
    """The value to sort by; a missing rate goes last whichever the direction."""
    value = getattr(unit, key)
    if value is None:
        return float("-inf") if descending else float("inf")
    return float(value)


def unit_ranking(*, period: Period, filters: CockpitFilters, today: dt.date,
                 sort: str = DEFAULT_SORT, weights: dict[str, Decimal] | None = None
                 ) -> list[UnitScore]:
    """Every unit with work in the period, scored and ranked (1 = best), sorted by ``sort``
    (a key of ``SORT_KEYS``, ``-`` for descending)."""
    weights = weights or scoring_weights_current()
    units = _collect(period, replace(filters, unit=None), today)
    rows = list(units.values())
    for unit in rows:
        unit.score = _score(unit, weights)
    by_score = sorted(rows, key=lambda u: (-u.score, u.name))
    for position, unit in enumerate(by_score, start=1):
        same = position > 1 and unit.score == by_score[position - 2].score
        unit.rank = by_score[position - 2].rank if same else position
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, sort = "score", DEFAULT_SORT
    descending = sort.startswith("-")
    if key == "name":  # the office's order of units, as its documents list them
        rows.sort(key=lambda u: (u.order, u.name), reverse=descending)
    else:
        rows.sort(key=lambda u: (u.rank, u.name))
        rows.sort(key=lambda u: _sort_value(u, key, descending), reverse=descending)
    if filters.unit:
        rows = [u for u in rows if u.unit_id == filters.unit]
    return rows
