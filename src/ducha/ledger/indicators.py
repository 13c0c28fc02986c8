"""Indicators against their targets: revisions as dated events, evaluations per period.

The baseline (``Indicator.value``) is never overwritten; a revised target is an
``IndicatorRevision`` that takes effect on a date, and every evaluation can be read against
both the original and the revised baseline. The cockpit and the bulletins read
``indicator_evaluations``; the judging itself is ``docparse.pace`` (pure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from ducha.base import DuchaError, acting_as
from ducha.choices import IndicatorKind, PeriodKind, Role
from ducha.docparse.indicators import Target
from ducha.docparse.measures import MeasureMismatch, reconcile
from ducha.docparse.pace import Evaluation, evaluate
from ducha.ledger.models import Assignment, Indicator, IndicatorRevision

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.reporting.models import IndicatorActual, Period


def as_target(indicator: Indicator, value: Decimal | None = None, measure: str | None = None
              ) -> Target:
    """The pure docparse Target of an indicator (optionally with a revised value)."""
    raw = indicator.value if value is None else value
    return Target(name=indicator.name, kind=indicator.kind,
                  comparator=indicator.comparator or None,
                  value=None if raw is None else float(raw),
                  measure=(measure if measure is not None else indicator.measure) or None,
                  sense=indicator.sense or None)


def elapsed_share(indicator: Indicator, period: Period) -> float:
    """序时进度 at the end of a period: the indicator's own profile, else linear in time."""
    quarter = period.index if period.kind == PeriodKind.QUARTER else (period.index + 2) // 3
    profile = indicator.pace_profile or []
    if len(profile) == 4 and period.kind == PeriodKind.QUARTER:
        return float(profile[quarter - 1])
    return period.index / (4 if period.kind == PeriodKind.QUARTER else 12)


def is_final(period: Period) -> bool:
    """The last period of the year: what is not met then is missed."""
    return period.index == (4 if period.kind == PeriodKind.QUARTER else 12)


@transaction.atomic
def indicator_revise(*, indicator: Indicator, value: Decimal, measure: str,
                     effective_date: dt.date, reason: str, approved_by: str, by: User
                     ) -> IndicatorRevision:
    """Record a revised target as a new dated row, with its reason and who approved it."""
    if indicator.kind == IndicatorKind.QUALITATIVE:
        raise DuchaError("定性指标没有数值目标,无法调整目标值;请修改事项内容。")
    if not reason.strip() or not approved_by.strip():
        raise DuchaError("调整目标须写明原因和批准依据(如“市政府第12次常务会议同意”)。")
    try:
        reconcile(float(value), measure or None, indicator.measure or None)
    except MeasureMismatch as exc:
        raise DuchaError(str(exc)) from None
    with acting_as(by):
        return IndicatorRevision.objects.create(
            indicator=indicator, value=value, measure=measure or indicator.measure,
            effective_date=effective_date, reason=reason.strip(),
            approved_by=approved_by.strip(), created_by=by)


@dataclass
class IndicatorRow:
    """One indicator in one period: the actual and its judgement against both baselines."""

    indicator: Indicator
    period: Period
    actual: Decimal | None
    measure: str
    original: Evaluation | None
    revised: Evaluation | None
    revision: IndicatorRevision | None


def _lead_actuals(indicators: list[Indicator], periods: list[Period]
                  ) -> dict[tuple[int, int], IndicatorActual]:
    """The actual each indicator's lead unit reported per period (two queries)."""
    from ducha.reporting.models import IndicatorActual

    leads = set(Assignment.objects.active().filter(
        task_id__in={i.task_id for i in indicators}, role=Role.LEAD, unit__isnull=False
    ).values_list("task_id", "unit_id"))
    found: dict[tuple[int, int], IndicatorActual] = {}
    rows = IndicatorActual.objects.filter(
        indicator__in=indicators, report__period__in=periods).select_related("report")
    for row in rows:
        key = (row.indicator_id, row.report.period_id)
        lead = (row.report.task_id, row.report.unit_id) in leads
        if lead or key not in found:
            found[key] = row
    return found


def _judge(target: Target, actual: IndicatorActual, indicator: Indicator, period: Period
           ) -> Evaluation | None:
    if target.kind == IndicatorKind.QUALITATIVE or target.value is None:
        return None
    try:
        return evaluate(target, actual.value, elapsed=elapsed_share(indicator, period),
                        cumulative=indicator.cumulative, tolerance=float(indicator.tolerance),
                        final=is_final(period), measure=actual.measure or None)
    except MeasureMismatch:
        return None


def indicator_evaluations(*, indicators: Iterable[Indicator], periods: Iterable[Period]
                          ) -> list[IndicatorRow]:
    """Every indicator × period with its actual and evaluations (a constant number of queries)."""
    indicators = list(indicators)
    periods = sorted(periods, key=lambda p: p.due_date)
    actuals = _lead_actuals(indicators, periods)
    revisions: dict[int, list[IndicatorRevision]] = {}
    for revision in IndicatorRevision.objects.filter(indicator__in=indicators):
        revisions.setdefault(revision.indicator_id, []).append(revision)
    rows = []
    for indicator in indicators:
        for period in periods:
            actual = actuals.get((indicator.pk, period.pk))
            rev: IndicatorRevision | None = next(
                (r for r in reversed(revisions.get(indicator.pk, []))
                 if r.effective_date <= period.due_date), None)
            original = revised = None
            if actual is not None:
                original = _judge(as_target(indicator), actual, indicator, period)
                if rev is not None:
                    revised = _judge(as_target(indicator, rev.value, rev.measure), actual,
                                     indicator, period)
            rows.append(IndicatorRow(indicator, period, actual.value if actual else None,
                                     actual.measure if actual else "", original, revised, rev))
    return rows
