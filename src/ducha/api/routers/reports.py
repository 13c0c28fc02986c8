"""Reports (进展报送): read in the caller's scope, saved and submitted by the unit's reporter,
accepted or returned by the office, each through ``reporting.services``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from ducha.accounts.permissions import (
    Action,
    get_report_for_user,
    get_task_for_user,
    require,
    require_reporter,
    visible_reports,
)
from ducha.api.errors import ApiError
from ducha.api.routers import READ_ERRORS, WRITE_ERRORS, caller
from ducha.api.routers.periods import period_or_404
from ducha.api.schemas import ReportFilters, ReportIn, ReportListOut, ReportOut, ReviewIn
from ducha.ledger.models import Indicator, Task
from ducha.reporting.models import Evidence, Report
from ducha.reporting.selectors import report_forecast_checks
from ducha.reporting.services import (
    ActualInput,
    ForecastInput,
    report_accept,
    report_return,
    report_save,
)

router = Router(tags=["进展报送"])


def _detailed(queryset: QuerySet[Report]) -> QuerySet[Report]:
    return queryset.select_related("unit", "period").prefetch_related(
        "actuals", "forecasts",
        Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")))


def _reload(report: Report) -> Report:
    """The report as it now is in the database, with what ReportOut shows."""
    report = _detailed(Report.objects.filter(pk=report.pk)).get()
    report.forecast_checks = report_forecast_checks(report)  # type: ignore[attr-defined]
    return report


@router.get("", response={200: ReportListOut, **READ_ERRORS}, summary="某周期的进展报送")
def report_list(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, object]:
    """Reports of one period the caller may see (a reporter: its own unit's)."""
    user = caller(request)
    require(user, Action.VIEW_LEDGER)
    period = period_or_404(filters.period)
    reports = visible_reports(user).filter(period=period).select_related("unit")
    if filters.task is not None:
        reports = reports.filter(task_id=filters.task)
    if filters.state is not None:
        reports = reports.filter(state=filters.state)
    reports = reports.order_by("task__source_id", "task__position", "unit__sort_order", "id")
    return {"count": reports.count(), "limit": filters.limit, "offset": filters.offset,
            "items": list(reports[filters.offset:filters.offset + filters.limit])}


@router.get("/{report_id}", response={200: ReportOut, **READ_ERRORS}, summary="进展报送详情")
def report_get(request: HttpRequest, report_id: int) -> Report:
    """One report with indicator actuals and evidence; another unit's report is a 404."""
    user = caller(request)
    require(user, Action.VIEW_LEDGER)
    return _reload(get_report_for_user(user, report_id))


def _actuals(task: Task, payload: ReportIn) -> tuple[list[ActualInput], list[ForecastInput]]:
    """The payload's indicator actuals and forecasts, each tied to one of the task's own
    indicators; a forecast is touched only where ``forecast_value`` was sent."""
    wanted = {a.indicator_id for a in payload.actuals}
    indicators = {i.pk: i for i in Indicator.objects.active().filter(task=task, pk__in=wanted)}
    unknown = [{"field": f"actuals.{n}.indicator_id",
                "message": f"字段“actuals.{n}.indicator_id”:指标 {a.indicator_id} 不属于该事项"}
               for n, a in enumerate(payload.actuals) if a.indicator_id not in indicators]
    if unknown:
        raise ApiError("请求内容有误", "unknown_indicator", 422, unknown)
    actuals = [ActualInput(indicator=indicators[a.indicator_id], value=a.value,
                           measure=a.measure) for a in payload.actuals]
    forecasts = [ForecastInput(indicator=indicators[a.indicator_id], value=a.forecast_value,
                               measure=a.forecast_measure)
                 for a in payload.actuals if "forecast_value" in a.model_fields_set]
    return actuals, forecasts


@router.post("", response={200: ReportOut, **WRITE_ERRORS}, summary="保存草稿或报送")
def report_save_view(request: HttpRequest, payload: ReportIn) -> Report:
    """The caller's unit's report on a task: a draft, or submitted with ``submit: true``.

    Only a unit's reporter writes (the office and leaders get 403); a task of other units
    is a 404. Evidence files are uploaded on the report page.
    """
    user = caller(request)
    require_reporter(user)
    period = period_or_404(payload.period_id)
    task = get_task_for_user(user, payload.task_id)
    actuals, forecasts = _actuals(task, payload)
    report = report_save(
        period=period, task=task, unit=user.unit, by=user, now=timezone.now(),  # type: ignore[arg-type]
        text=payload.text, confidence=payload.confidence or "",
        next_milestone=payload.next_milestone, next_milestone_date=payload.next_milestone_date,
        actuals=actuals, forecasts=forecasts, submit=payload.submit,
        confirm_duplicate=payload.confirm_duplicate, request=request)
    return _reload(report)


@router.post("/{report_id}/accept", response={200: ReportOut, **WRITE_ERRORS},
             summary="采纳报送")
def report_accept_view(request: HttpRequest, report_id: int, payload: ReviewIn) -> Report:
    user = caller(request)
    require(user, Action.REVIEW_REPORT)
    report = get_report_for_user(user, report_id)
    return _reload(report_accept(report=report, by=user, now=timezone.now(), note=payload.note))


@router.post("/{report_id}/return", response={200: ReportOut, **WRITE_ERRORS},
             summary="退回报送")
def report_return_view(request: HttpRequest, report_id: int, payload: ReviewIn) -> Report:
    user = caller(request)
    require(user, Action.REVIEW_REPORT)
    report = get_report_for_user(user, report_id)
    return _reload(report_return(report=report, note=payload.note, by=user, now=timezone.now()))
