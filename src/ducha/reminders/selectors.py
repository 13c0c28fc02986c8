"""Reads for 督办单: the facts the nightly rules judge, and the lists the pages show.

``warnings_due`` gathers every fact in a constant number of queries and hands them to the pure
rules of ``ducha.reporting.reminders``; the page selectors all go through ``visible_reminders``
(the office and leaders see every unit, a reporter only its own).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.http import Http404

from ducha.choices import (
    IndicatorKind,
    PeriodState,
    RequestKind,
    RequestState,
    Role,
    Status,
    UserRole,
)
from ducha.ledger.indicators import indicator_evaluations
from ducha.ledger.models import Assignment, Indicator
from ducha.org.models import Unit
from ducha.reminders.models import Grade, Reminder, RemindRun
from ducha.reporting import reminders as rules
from ducha.reporting.models import (
    Assessment,
    ChangeRequest,
    Period,
    Report,
)

if TYPE_CHECKING:
    from ducha.accounts.models import User

Key = tuple[int, int, int]  # task, unit, period


# ---------------------------------------------------------------------------------------------
# Facts for the nightly recompute


def open_periods() -> list[Period]:
    """Periods still collecting reports (a closed period is frozen: its warnings end)."""
    return list(Period.objects.active().filter(state=PeriodState.OPEN).order_by("due_date", "id"))


def period_in_force(periods: list[Period], today: dt.date) -> Period | None:
    """The open period a task's deadline warning belongs to: the next due, else the latest."""
    upcoming = [p for p in periods if p.due_date >= today]
    return upcoming[0] if upcoming else (periods[-1] if periods else None)


def effective_deadlines(tasks: Iterable[tuple[int, dt.date | None]]
                        ) -> dict[int, tuple[dt.date | None, bool]]:
    """Each task's deadline in force and whether an extension set it (one query).

    Mirrors ``reporting.services.effective_deadline``: the latest approved extension's date
    (by decision time, then id), else the baseline.
    """
    baseline = dict(tasks)
    extended: dict[int, dt.date] = {}
    rows = (ChangeRequest.objects.filter(task_id__in=baseline, kind=RequestKind.EXTENSION,
                                         state=RequestState.APPROVED)
            .order_by("decided_at", "id").values_list("task_id", "new_deadline"))
    for task_id, new_deadline in rows:
        if new_deadline is not None:
            extended[task_id] = new_deadline
    return {tid: ((extended[tid], True) if tid in extended else (day, False))
            for tid, day in baseline.items()}


def done_task_ids(task_ids: Iterable[int]) -> set[int]:
    """Tasks whose latest assessment is 已落实 (销号): they get no more warnings."""
    latest: dict[int, str] = {}
    rows = (Assessment.objects.active().filter(task_id__in=list(task_ids))
            .order_by("period__due_date", "id").values_list("task_id", "status"))
    for task_id, status in rows:
        latest[task_id] = status
    return {tid for tid, status in latest.items() if status == Status.DONE}


def _assignments() -> list[Assignment]:
    released = ChangeRequest.objects.filter(assignment=OuterRef("pk"), kind=RequestKind.DISPUTE,
                                            state=RequestState.APPROVED)
    return list(Assignment.objects.active()
                .filter(unit__isnull=False, unit__archived_at__isnull=True,
                        task__archived_at__isnull=True)
                .annotate(released=Exists(released)).filter(released=False)
                .select_related("task").order_by("task_id", "unit_id"))


def _reports(periods: list[Period]) -> dict[Key, Report]:
    rows = Report.objects.active().filter(period__in=periods).only(
        "task_id", "unit_id", "period_id", "state", "near_duplicate", "review_note")
    return {(r.task_id, r.unit_id, r.period_id): r for r in rows}


def _pace(task_ids: set[int], periods: list[Period],
          leads: dict[int, set[int]]) -> dict[Key, list[rules.Finding]]:
    found: dict[Key, list[rules.Finding]] = defaultdict(list)
    indicators = (Indicator.objects.active().filter(task_id__in=task_ids)
                  .exclude(kind=IndicatorKind.QUALITATIVE))
    for row in indicator_evaluations(indicators=indicators, periods=periods):
        judged = row.revised or row.original
        if judged is None:
            continue
        findings = rules.pace_findings(name=row.indicator.name, verdict=judged.verdict,
                                       explanation=judged.explanation, share=judged.share,
                                       pace=judged.pace)
        for unit_id in leads.get(row.indicator.task_id, ()):
            found[(row.indicator.task_id, unit_id, row.period.pk)].extend(findings)
    return found


def warnings_due(*, today: dt.date, days: int = rules.DEFAULT_DAYS) -> dict[Key, rules.Verdict]:
    """Every warning that applies on ``today``, keyed by task × unit × period."""
    periods = open_periods()
    if not periods:
        return {}
    assignments = _assignments()
    task_ids = {a.task_id for a in assignments}
    done = done_task_ids(task_ids)
    deadlines = effective_deadlines({(a.task_id, a.task.deadline) for a in assignments})
    reports = _reports(periods)
    in_force = period_in_force(periods, today)
    findings: dict[Key, list[rules.Finding]] = defaultdict(list)
    leads: dict[int, set[int]] = defaultdict(set)
    pairs = {(a.task_id, a.unit_id) for a in assignments
             if a.task_id not in done and a.unit_id is not None}  # a group names no unit
    for pair in sorted(pairs):
        task_id, unit_id = pair
        for period in periods:
            report = reports.get((task_id, unit_id, period.pk))
            state = report.state if report else None
            key = (task_id, unit_id, period.pk)
            findings[key] += rules.period_due_findings(
                today=today, due=period.due_date, label=period.label, report_state=state,
                days=days)
            findings[key] += rules.quality_findings(
                label=period.label, report_state=state,
                near_duplicate=bool(report and report.near_duplicate),
                review_note=report.review_note if report else "")
        if in_force is not None:
            deadline, extended = deadlines[task_id]
            findings[(task_id, unit_id, in_force.pk)] += rules.deadline_findings(
                today=today, deadline=deadline, done=False, extended=extended, days=days)
    for a in assignments:
        if a.role == Role.LEAD and a.task_id not in done:
            leads[a.task_id].add(a.unit_id)  # type: ignore[arg-type]
    for key, extra in _pace(task_ids - done, periods, leads).items():
        findings[key] += extra
    verdicts = {key: rules.combine(found) for key, found in findings.items()}
    return {key: v for key, v in verdicts.items() if v is not None}


# ---------------------------------------------------------------------------------------------
# Pages


def visible_reminders(user: User, queryset: QuerySet[Reminder] | None = None
                      ) -> QuerySet[Reminder]:
    """Reminders the user may read: every unit's for the office and leaders, else its own."""
    qs = Reminder.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if user.role in (UserRole.SUPERVISOR, UserRole.LEADER):
        return qs
    if user.role == UserRole.REPORTER and user.unit_id:
        return qs.filter(unit_id=user.unit_id)
    return qs.none()


def get_unit_for_user(user: User, pk: int) -> Unit:
    """A unit whose notices the user may read, or 404 (another unit is not revealed)."""
    unit: Unit | None = Unit.objects.filter(pk=pk).first()
    if unit is None or not (user.role in (UserRole.SUPERVISOR, UserRole.LEADER)
                            or (user.role == UserRole.REPORTER and user.unit_id == pk)):
        raise Http404("没有找到该单位。")
    return unit


def reminder_list(*, user: User, grade: str | None = None, open_only: bool = True
                  ) -> QuerySet[Reminder]:
    """督办单 the user may read, worst grade first, then the longest overdue."""
    qs = visible_reminders(user).select_related("task", "task__source", "unit", "period")
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    if grade in Grade.values:
        qs = qs.filter(grade=grade)
    order = {Grade.RED: 0, Grade.YELLOW: 1, Grade.BLUE: 2}
    rank = Case(*(When(grade=g, then=Value(r)) for g, r in order.items()),
                output_field=IntegerField())
    return qs.order_by(rank, "due_on", "unit__sort_order", "unit__name", "task__source_id",
                       "task__position", "id")


def grade_counts(*, user: User) -> dict[str, int]:
    """Open reminders per grade (every grade present)."""
    counts = dict.fromkeys(Grade.values, 0)
    rows = (visible_reminders(user).filter(resolved_at__isnull=True).values("grade")
            .annotate(n=Count("id")).order_by())
    counts.update({row["grade"]: row["n"] for row in rows})
    return counts


def unit_notices(*, unit: Unit, limit: int = 100) -> list[Reminder]:
    """A unit's notices, open ones first, then the most recent resolved ones."""
    qs = (Reminder.objects.filter(unit=unit).select_related("task", "period")
          .prefetch_related("notifications"))
    open_ = list(qs.filter(resolved_at__isnull=True).order_by("-created_at", "-id"))
    closed = list(qs.filter(resolved_at__isnull=False).order_by("-resolved_at", "-id")
                  [:max(limit - len(open_), 0)])
    return open_ + closed


def latest_run() -> RemindRun | None:
    return RemindRun.objects.filter(finished_at__isnull=False).order_by("-started_at",
                                                                        "-id").first()


@dataclass
class EscalationRow:
    """A task × unit that stays red: for how many nightly runs and consecutive periods."""

    reminder: Reminder
    runs: int
    periods: int
    days_overdue: int


def _previous(period: Period, by_code: dict[tuple[int, str, int], int]) -> int | None:
    last = 4 if period.kind == "quarter" else 12
    year, index = (period.year, period.index - 1) if period.index > 1 else (period.year - 1,
                                                                             last)
    return by_code.get((year, period.kind, index))


def escalation_list(*, user: User, today: dt.date, min_runs: int = 2, min_periods: int = 2
                    ) -> list[EscalationRow]:
    """升级督办: open red reminders red for ``min_runs`` nightly runs or ``min_periods``
    consecutive periods, longest overdue first."""
    reds = list(reminder_list(user=user, grade=Grade.RED))
    if not reds:
        return []
    pairs = {(r.task_id, r.unit_id) for r in reds}
    history = set(Reminder.objects.filter(
        grade=Grade.RED, task_id__in={t for t, _u in pairs},
        unit_id__in={u for _t, u in pairs}).values_list("task_id", "unit_id", "period_id"))
    periods = {p.pk: p for p in Period.objects.filter(
        pk__in={pid for _t, _u, pid in history})}
    by_code = {(p.year, p.kind, p.index): p.pk for p in periods.values()}
    rows = []
    for reminder in reds:
        chain, period = 1, reminder.period
        while (prev := _previous(period, by_code)) is not None and (
                reminder.task_id, reminder.unit_id, prev) in history:
            chain, period = chain + 1, periods[prev]
        if reminder.runs >= min_runs or chain >= min_periods:
            rows.append(EscalationRow(reminder, reminder.runs, chain, rules.days_overdue(
                due_on=reminder.due_on, today=today)))
    rows.sort(key=lambda r: (-r.days_overdue, -r.periods, -r.runs, r.reminder.unit.name))
    return rows


def escalation_by_unit(rows: list[EscalationRow]) -> list[tuple[Unit, int, int]]:
    """Units on the escalation list: how many items, and the longest overdue in days."""
    units: dict[int, tuple[Unit, int, int]] = {}
    for row in rows:
        unit = row.reminder.unit
        _u, count, worst = units.get(unit.pk, (unit, 0, 0))
        units[unit.pk] = (unit, count + 1, max(worst, row.days_overdue))
    return sorted(units.values(), key=lambda u: (-u[1], -u[2], u[0].name))
