"""Reads of the workflow: the period in force, status and report counts, lagging tasks."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from ducha.choices import ReportState, Status
from ducha.docparse.measures import MeasureMismatch
from ducha.docparse.pace import (
    FORECAST_TOLERANCE,
    ForecastCheck,
    check_forecast,
    summarise_forecasts,
)
from ducha.reporting.models import (
    Assessment,
    IndicatorActual,
    IndicatorForecast,
    Period,
    Report,
)

if TYPE_CHECKING:
    from ducha.accounts.models import User

LAGGING_STATUSES = (Status.NOT_DONE, Status.LAGGING, Status.PROBLEM)


def current_period(*, today: dt.date) -> Period | None:
    """The first period whose due date is today or later; else the latest one."""
    periods = Period.objects.active()
    return (
        periods.filter(due_date__gte=today).order_by("due_date").first()
        or periods.order_by("-due_date").first()
    )


def latest_assessed_period() -> Period | None:
    """The most recent period that has any assessment (what leaders look at)."""
    return (
        Period.objects.active().filter(assessments__isnull=False)
        .order_by("-due_date").distinct().first()
    )


def status_counts(*, period: Period) -> dict[str, int]:
    """Assessments of a period by status code, every status present (zero when none)."""
    rows = (
        Assessment.objects.active().filter(period=period)
        .values("status").annotate(n=Count("id")).order_by()
    )
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def report_state_counts(*, period: Period, user: User | None = None) -> dict[str, int]:
    """Reports of a period by state (draft, submitted, returned, accepted)."""
    from ducha.accounts.permissions import visible_reports

    qs = visible_reports(user) if user is not None else Report.objects.active()
    rows = qs.filter(period=period).values("state").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(ReportState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def lagging_assessments(*, period: Period) -> QuerySet[Assessment]:
    """Assessments of a period that are not done, lagging or a problem, worst first."""
    severity = Case(
        *(When(status=code, then=Value(rank)) for rank, code in enumerate(LAGGING_STATUSES)),
        output_field=IntegerField(),
    )
    return (
        Assessment.objects.active()
        .filter(period=period, status__in=LAGGING_STATUSES)
        .select_related("task", "task__source")
        .order_by(-severity, "task__source_id", "task__position")
    )


# ---------------------------------------------------------------------------------------------
# Forecasts (下期预计值) against the actuals that followed


def previous_periods(periods: Iterable[Period], among: Iterable[Period] | None = None
                     ) -> dict[int, Period | None]:
    """For each period, the active period of the same kind just before it (one query, none
    when ``among`` already holds every active period in due-date order).

    A forecast made in that period is a forecast of this one's value.
    """
    wanted = list(periods)
    if not wanted:
        return {}
    found: dict[int, Period | None] = {}
    by_kind: dict[str, list[Period]] = {}
    kinds = {p.kind for p in wanted}
    if among is None:
        among = Period.objects.active().filter(kind__in=kinds).order_by("due_date", "id")
    for period in among:
        if period.kind in kinds:
            by_kind.setdefault(period.kind, []).append(period)
    for period in wanted:
        earlier = [p for p in by_kind.get(period.kind, []) if p.due_date < period.due_date]
        found[period.pk] = earlier[-1] if earlier else None
    return found


Figure = tuple[int, int, int, int, Decimal, str]  # unit, task, period, indicator, value, measure
FIGURE_FIELDS = ("report__unit_id", "report__task_id", "report__period_id", "indicator_id",
                 "value", "measure")


def paired_forecasts(forecasts: Iterable[Figure], actuals: Iterable[Figure],
                     following: Mapping[int, int | None], *,
                     tolerance: float = FORECAST_TOLERANCE
                     ) -> Iterator[tuple[int, int, ForecastCheck | None]]:
    """Each forecast against the same unit's actual of the same task and indicator in the
    period that follows the one it was made in: (unit, that period, the check — None when no
    actual came or the measures cannot be compared). Forecasts of a period with no follower
    in ``following`` are left out. ``actuals`` come newest first: of two actuals for one
    figure, the earlier wins. The one pairing rule of the forecast page and the cockpit's
    running totals."""
    came = {row[:4]: row[4:] for row in actuals}
    for unit_id, task_id, made, indicator_id, value, measure in forecasts:
        period_id = following.get(made)
        if period_id is None:
            continue
        actual = came.get((unit_id, task_id, period_id, indicator_id))
        check = None
        if actual is not None:
            with contextlib.suppress(MeasureMismatch):
                check = check_forecast(value, measure, actual[0], actual[1],
                                       tolerance=tolerance)
        yield unit_id, period_id, check


@dataclass
class UnitForecastAccuracy:
    """How well one unit's forecasts made in ``forecast_period`` came true in ``period``."""

    unit_id: int
    unit: str
    period: Period
    forecast_period: Period
    count: int  # forecasts compared with an actual
    within: int  # … within the tolerance
    share: float | None
    mape: float | None  # mean absolute percentage error, against the forecast
    unchecked: int  # forecasts with no actual reported (or measures that cannot be compared)

    @property
    def share_text(self) -> str:
        return "—" if self.share is None else f"{self.share:.0%}"

    @property
    def mape_text(self) -> str:
        return "—" if self.mape is None else f"{self.mape:.1%}"


def forecast_accuracy(*, periods: Iterable[Period], tolerance: float = FORECAST_TOLERANCE,
                      unit_ids: Iterable[int] | None = None,
                      previous: Mapping[int, Period | None] | None = None,
                      ) -> list[UnitForecastAccuracy]:
    """Per unit and per period: last period's forecasts against this period's actuals.

    A forecast is paired with the same unit's actual for the same task and indicator in the
    next period; it counts as accurate within ``tolerance`` (0.1 = 10% of the forecast).
    ``previous`` (period id → the period before) saves the look-up when the caller knows it.
    Two queries (three without ``previous``), whatever the number of units.
    """
    periods = sorted(periods, key=lambda p: p.due_date)
    before = dict(previous) if previous is not None else previous_periods(periods)
    after = {prev.pk: p for p in periods if (prev := before.get(p.pk)) is not None}
    if not after:
        return []
    # Two flat queries paired in Python: a correlated subquery per forecast costs a second
    # on PostgreSQL at a million reports; an indexed scan of each side costs milliseconds.
    forecasts = (IndicatorForecast.objects.active()
                 .filter(report__period_id__in=list(after), report__archived_at__isnull=True,
                         indicator__archived_at__isnull=True))
    actuals = IndicatorActual.objects.filter(
        report__period_id__in=[p.pk for p in after.values()], report__archived_at__isnull=True,
        indicator__archived_at__isnull=True)
    if unit_ids is not None:
        wanted = list(unit_ids)
        forecasts = forecasts.filter(report__unit_id__in=wanted)
        actuals = actuals.filter(report__unit_id__in=wanted)
    checks: dict[tuple[int, int], list[ForecastCheck]] = defaultdict(list)
    unchecked: dict[tuple[int, int], int] = defaultdict(int)  # every (unit, period) seen
    units: dict[int, tuple[int, str]] = {}
    made = list(forecasts.values_list(*FIGURE_FIELDS, "report__unit__sort_order",
                                      "report__unit__short_name", "report__unit__name"))
    for row in made:
        units[row[0]] = (row[6], row[7] or row[8])
    for unit_id, period_id, check in paired_forecasts(
            (row[:6] for row in made), actuals.order_by("-id").values_list(*FIGURE_FIELDS),
            {made: p.pk for made, p in after.items()}, tolerance=tolerance):
        key = (unit_id, period_id)
        unchecked[key] += check is None
        if check is not None:
            checks[key].append(check)
    by_id = {p.pk: p for p in periods}
    rows = []
    for (unit_id, period_id), missing in unchecked.items():
        summary = summarise_forecasts(checks.get((unit_id, period_id), []))
        rows.append(UnitForecastAccuracy(
            unit_id=unit_id, unit=units[unit_id][1], period=by_id[period_id],
            forecast_period=before[period_id],  # type: ignore[arg-type]
            count=summary.count, within=summary.within, share=summary.share,
            mape=summary.mape, unchecked=missing))
    rows.sort(key=lambda r: (r.period.due_date, units[r.unit_id][0], r.unit_id))
    return rows


@dataclass
class ReportForecastCheck:
    """On a report: what the same unit forecast for this period, against what it reports."""

    indicator_id: int
    forecast_period: Period
    forecast: IndicatorForecast
    actual: IndicatorActual
    check: ForecastCheck


def report_forecast_checks(report: Report) -> list[ReportForecastCheck]:
    """Last period's forecasts of this unit and task against this report's actuals (two
    queries; the report's actuals are read through its prefetch when there is one)."""
    last = previous_periods([report.period]).get(report.period_id)
    if last is None:
        return []
    made = {f.indicator_id: f for f in IndicatorForecast.objects.active().filter(
        report__unit_id=report.unit_id, report__task_id=report.task_id, report__period=last,
        report__archived_at__isnull=True)}
    found = []
    for actual in sorted(report.actuals.all(), key=lambda a: a.indicator_id):
        forecast = made.get(actual.indicator_id)
        if forecast is None:
            continue
        try:
            check = check_forecast(forecast.value, forecast.measure, actual.value, actual.measure)
        except MeasureMismatch:
            continue
        found.append(ReportForecastCheck(actual.indicator_id, last, forecast, actual, check))
    return found
