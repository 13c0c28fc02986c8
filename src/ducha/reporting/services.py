"""Workflow writes: periods, reports, reviews, assessments, acknowledgements and requests.

Every service is named ``<entity>_<action>``, takes keyword arguments only, names who acts
(``by``), takes the time as an argument (``now`` / ``today``), runs in one transaction and
leaves its history row (``_history_user``) in it. A user error raises ``DuchaError`` with a
Chinese message before anything is written. Access by role is checked here as well as in the
views, so the CLI and the API cannot bypass it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ducha.accounts.permissions import Action, can
from ducha.base import DuchaError
from ducha.choices import (
    Light,
    PeriodKind,
    PeriodState,
    ReportState,
    RequestKind,
    RequestState,
    Role,
    Status,
    UserRole,
)
from ducha.docparse.measures import MeasureMismatch, reconcile
from ducha.ledger.models import Assignment, Indicator, Task
from ducha.reporting.evidence import MAX_FILES_PER_REPORT, CheckedFile, check_upload
from ducha.reporting.models import (
    Acknowledgement,
    Assessment,
    ChangeRequest,
    Evidence,
    IndicatorActual,
    IndicatorForecast,
    LagCause,
    Period,
    Report,
)
from ducha.reporting.similarity import is_near_duplicate, similarity

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User
    from ducha.org.models import Unit

log = logging.getLogger(__name__)

CLOSED_MESSAGE = "{period}已关闭,报送和评定均已冻结;如需修改,请督查室重新开启该周期。"
STALE_MESSAGE = ("该事项的评定在您打开页面后已被{who}修改(当前为第{version}版);"
                 "为避免覆盖他人的结论,本次未保存。请刷新页面,核对最新评定后再提交。")
CAUSE_STATUSES = (Status.LAGGING, Status.PROBLEM)
MAX_TEXT = 5000


class ReportInputError(DuchaError):
    """A report input error tied to form fields: ``fields`` maps a field key to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("填报内容有误,请按提示修改后再保存。", "report_input")
        self.fields = fields


@dataclass(frozen=True)
class ActualInput:
    """One indicator's actual as a unit enters it: value and the measure it is printed in."""

    indicator: Indicator
    value: Decimal | None
    measure: str = ""


@dataclass(frozen=True)
class ForecastInput:
    """One indicator's forecast of the next period's value (下期预计值); ``value=None``
    withdraws a forecast made earlier in the same report (archived, never deleted)."""

    indicator: Indicator
    value: Decimal | None
    measure: str = ""


# ---------------------------------------------------------------------------------------------
# Shared checks


def audit_event(*, action: str, by: User, obj: Any, detail: dict[str, Any],
                request: HttpRequest | None = None, result: str = "success") -> None:
    """THE single call site of the security audit log for workflow decisions.

    Every workflow service records through here into ``ducha.audit.services.audit_record``
    (actions ``report_submit``, ``status_decide``, ``upload_rejected`` from the audit app's
    vocabulary, and workflow ones such as ``report_accept`` or ``period_reopen``).
    """
    from ducha.audit.services import audit_record

    audit_record(action=action, by=by, request=request, obj=obj, result=result,
                 detail=detail)


def _require(by: User, action: Action) -> None:
    if not can(by, action):
        raise PermissionDenied("您的角色无权执行此操作。")


def _ensure_open(period: Period) -> None:
    """Refuse writes to a closed period, reading its state afresh from the database."""
    state = Period.objects.filter(pk=period.pk).values_list("state", flat=True).first()
    if state is None or state == PeriodState.CLOSED:
        raise DuchaError(CLOSED_MESSAGE.format(period=period.label), "period_closed")


def _save(obj: Any, by: User, reason: str | None = None) -> None:
    obj._history_user = by
    if reason:
        obj._change_reason = reason[:100]
    obj.save()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------------------------
# Periods


def period_create_year(*, year: int, kind: str = PeriodKind.QUARTER, by: User) -> list[Period]:
    """Create a year's quarter periods (due 3/6/9/12月底, the default) or month periods."""
    _require(by, Action.MANAGE_PERIODS)
    if kind not in PeriodKind.values:
        raise DuchaError("周期类型只能是“季度”或“月度”,请重新选择。", "period_kind")
    if not 2000 <= year <= 2100:
        raise DuchaError(f"年度“{year}”不在 2000—2100 之间,请检查后重新填写。", "period_year")
    label = PeriodKind(kind).label
    if Period.objects.filter(year=year, kind=kind).exists():
        raise DuchaError(f"{year}年的{label}督办周期已经存在,无需重复创建。", "period_exists")
    months = (3, 6, 9, 12) if kind == PeriodKind.QUARTER else tuple(range(1, 13))
    with transaction.atomic():
        periods = []
        for index, month in enumerate(months, start=1):
            period = Period(year=year, kind=kind, index=index, due_date=_month_end(year, month))
            _save(period, by, "创建周期")
            periods.append(period)
    return periods


def period_open(*, period: Period, by: User, now: dt.datetime) -> Period:
    """Open a period for reporting: units are asked to acknowledge (签收) their tasks."""
    _require(by, Action.MANAGE_PERIODS)
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.state == PeriodState.CLOSED:
            raise DuchaError(f"{period.label}已关闭;如需继续报送,请使用“重新开启”并写明原因。",
                             "period_closed")
        if period.opened_at is not None:
            raise DuchaError(f"{period.label}已于 {period.opened_at:%Y-%m-%d %H:%M} 开启,"
                             "无需重复开启。", "period_opened")
        period.opened_at = now
        _save(period, by, "开启周期")
    return period


def period_close(*, period: Period, by: User, now: dt.datetime) -> Period:
    """Close a period: its reports and assessments are frozen from now on."""
    _require(by, Action.MANAGE_PERIODS)
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.state == PeriodState.CLOSED:
            raise DuchaError(f"{period.label}已经关闭。", "period_closed")
        period.state = PeriodState.CLOSED
        period.closed_at = now
        _save(period, by, "关闭周期")
        audit_event(action="period_close", by=by, obj=period, detail={"period": period.code})
    return period


def period_reopen(*, period: Period, reason: str, by: User, now: dt.datetime) -> Period:
    """Reopen a closed period; who and why stay in its history."""
    _require(by, Action.MANAGE_PERIODS)
    reason = (reason or "").strip()
    if not reason:
        raise DuchaError("重新开启周期须写明原因,请填写后再提交。", "reason_required")
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        if period.state != PeriodState.CLOSED:
            raise DuchaError(f"{period.label}并未关闭,无需重新开启。", "period_open")
        period.state = PeriodState.OPEN
        period.closed_at = None
        period.opened_at = period.opened_at or now
        _save(period, by, f"重新开启:{reason}")
        audit_event(action="period_reopen", by=by, obj=period,
                    detail={"period": period.code, "reason": reason})
    return period


# ---------------------------------------------------------------------------------------------
# Reports


def _assignment_of(task: Task, unit: Unit) -> Assignment:
    """The unit's active assignment on the task (lead first), or a refusal."""
    dispute = ChangeRequest.objects.filter(assignment=OuterRef("pk"), kind=RequestKind.DISPUTE,
                                           state=RequestState.APPROVED)
    assignments = sorted(Assignment.objects.active().filter(task=task, unit=unit)
                         .annotate(released=Exists(dispute)),
                         key=lambda a: a.role != Role.LEAD)
    if not assignments:
        raise DuchaError("本单位不是该事项的牵头或责任单位,不能报送。", "not_assigned")
    assignment = assignments[0]
    if assignment.released:
        raise DuchaError("督查室已同意本单位对该事项的退办申请,本期无需报送。", "released")
    return assignment  # type: ignore[no-any-return]


def previous_report(*, task: Task, unit: Unit, period: Period) -> Report | None:
    """The unit's report on the task in the latest earlier period (prefill and comparison)."""
    return (Report.objects.active().filter(task=task, unit=unit,
                                           period__due_date__lt=period.due_date)
            .select_related("period").order_by("-period__due_date").first())


def _check_actuals(actuals: Sequence[ActualInput | ForecastInput],
                   field: str = "measure") -> dict[str, str]:
    """Field errors of indicator actuals (or forecasts, ``field="forecast_measure"``): a
    measure that cannot be reconciled is never guessed."""
    errors: dict[str, str] = {}
    for actual in actuals:
        if actual.value is None:
            continue
        target_measure = actual.indicator.measure or None
        try:
            reconcile(actual.value, actual.measure or None, target_measure)
        except MeasureMismatch as exc:
            errors[f"ind-{actual.indicator.pk}-{field}"] = exc.message
    return errors


def _check_forecasts(forecasts: Sequence[ForecastInput]) -> dict[str, str]:
    """Forecasts are checked as actuals are; a qualitative indicator has no number to forecast."""
    errors = _check_actuals(forecasts, "forecast_measure")
    for forecast in forecasts:
        if forecast.value is not None and forecast.indicator.value is None:
            errors[f"ind-{forecast.indicator.pk}-forecast"] = (
                f"“{forecast.indicator.name}”是定性指标,没有数值目标,无需填写下期预计值。")
    return errors


def _check_uploads(report: Report | None, uploads: Sequence[tuple[IO[bytes], str]]
                   ) -> list[CheckedFile]:
    existing = report.evidence.filter(archived_at__isnull=True).count() if report else 0
    if existing + len(uploads) > MAX_FILES_PER_REPORT:
        raise ReportInputError({"evidence": f"每份报送最多上传 {MAX_FILES_PER_REPORT} 个佐证"
                                            "材料,请合并后再上传。"})
    checked = []
    for upload, name in uploads:
        try:
            checked.append(check_upload(upload, name))
        except DuchaError as exc:
            raise ReportInputError({"evidence": exc.message}) from exc
    return checked


def _store(checked: Sequence[CheckedFile], report: Report, by: User, now: dt.datetime,
           stored: list[str]) -> None:
    for item in checked:
        name = f"evidence/{report.period.code}/{uuid.uuid4().hex}.{item.kind}"
        stored.append(name)  # known before writing: a partial file is removed on failure
        stored[-1] = default_storage.save(name, item.upload)
        evidence = Evidence(report=report, file=stored[-1], original_name=item.original_name,
                            kind=item.kind, content_type=item.content_type, size=item.size,
                            sha256=item.sha256, uploaded_by=by, uploaded_at=now)
        _save(evidence, by)


def _actual_rows(report: Report, actuals: Sequence[ActualInput], by: User
                 ) -> tuple[list[IndicatorActual], list[IndicatorActual]]:
    """The actuals to create and to change; an emptied value keeps the earlier figure on
    record (never deleted), an unchanged one is not written again."""
    current = {a.indicator_id: a for a in report.actuals.all()}
    new: dict[int, IndicatorActual] = {}
    changed: dict[int, IndicatorActual] = {}
    for actual in actuals:
        key = actual.indicator.pk
        row = new.get(key) or current.get(key)
        if actual.value is None:
            continue
        if row and row.value == actual.value and row.measure == actual.measure:
            continue
        if row is None:
            row = new[key] = IndicatorActual(report=report, indicator=actual.indicator)
        elif key not in new:
            changed[key] = row
        row.value, row.measure = actual.value, actual.measure
        row._history_user = by  # type: ignore[attr-defined]
    return list(new.values()), list(changed.values())


def _forecast_rows(report: Report, forecasts: Sequence[ForecastInput], by: User,
                   now: dt.datetime) -> tuple[list[IndicatorForecast], list[IndicatorForecast]]:
    """The forecasts to create and to change; a withdrawn one is archived (its history stays
    readable), an unchanged one is not written again."""
    current: dict[int, IndicatorForecast] = {
        f.indicator_id: f for f in IndicatorForecast.objects.filter(report=report)}
    new: dict[int, IndicatorForecast] = {}
    changed: dict[int, IndicatorForecast] = {}
    for forecast in forecasts:
        key = forecast.indicator.pk
        row = new.get(key) or current.get(key)
        if forecast.value is None:
            if row is not None and row.archived_at is None:
                row.archived_at = now
                row._change_reason = "撤回下期预计值"  # type: ignore[attr-defined]
                row._history_user = by  # type: ignore[attr-defined]
                if key not in new:
                    changed[key] = row
            continue
        if (row and row.archived_at is None and row.value == forecast.value
                and row.measure == forecast.measure):
            continue
        if row is None:
            row = new[key] = IndicatorForecast(report=report, indicator=forecast.indicator)
        elif key not in new:
            changed[key] = row
        row.value, row.measure, row.archived_at = forecast.value, forecast.measure, None
        row.__dict__.pop("_change_reason", None)
        row._history_user = by  # type: ignore[attr-defined]
    return list(new.values()), list(changed.values())


def _write_figures(report: Report, actuals: Sequence[ActualInput],
                   forecasts: Sequence[ForecastInput], by: User, now: dt.datetime) -> None:
    """Write the report's actuals and forecasts in bulk, each with its history row, and move
    the cockpit's running totals once for all of them.

    Saved one by one, every figure would make the cockpit's signals recount the task's
    forecast cells before and after it (``ducha.cockpit.signals``). Bulk writes fire no
    signals, so ``totals.recounted`` moves the forecast cells once around all of them — the
    sum of the per-figure differences — inside the report's transaction, under the task's
    lock its save took.
    """
    if not actuals and not forecasts:  # a task without indicators: nothing to read or write
        return
    from ducha.cockpit import totals

    new_actuals, changed_actuals = _actual_rows(report, actuals, by) if actuals else ([], [])
    new_forecasts, changed_forecasts = (_forecast_rows(report, forecasts, by, now)
                                        if forecasts else ([], []))
    if not (new_actuals or changed_actuals or new_forecasts or changed_forecasts):
        return
    with totals.recounted(report.task_id, totals.forecast_contributions):
        if new_actuals:
            bulk_create_with_history(new_actuals, IndicatorActual, default_user=by)
        if changed_actuals:
            bulk_update_with_history(changed_actuals, IndicatorActual, ["value", "measure"],
                                     default_user=by)
        if new_forecasts:
            bulk_create_with_history(new_forecasts, IndicatorForecast, default_user=by)
        if changed_forecasts:
            bulk_update_with_history(changed_forecasts, IndicatorForecast,
                                     ["value", "measure", "archived_at"], default_user=by)


def report_save(*, period: Period, task: Task, unit: Unit, text: str, by: User,
                now: dt.datetime, confidence: str = "", next_milestone: str = "",
                next_milestone_date: dt.date | None = None,
                actuals: Sequence[ActualInput] = (),
                forecasts: Sequence[ForecastInput] = (),
                uploads: Sequence[tuple[IO[bytes], str]] = (),
                submit: bool = False, confirm_duplicate: bool = False,
                request: HttpRequest | None = None) -> Report:
    """Save the unit's report on a task for a period as a draft, and submit it if asked.

    Everything is checked before anything is written (measures, files, the near-duplicate
    confirmation); a refusal leaves the database and the storage as they were.
    """
    _require(by, Action.SUBMIT_REPORT)
    if by.role != UserRole.REPORTER or by.unit_id != unit.pk:
        raise PermissionDenied("只能由本单位联络员填报本单位的进展。")
    _ensure_open(period)
    assignment = _assignment_of(task, unit)
    text = (text or "").strip()
    report = Report.objects.active().filter(task=task, unit=unit, period=period).first()
    if report and report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise DuchaError("本期进展已报送,不能再修改;如需更正,请联系督查室退回后修改。",
                         "report_locked")
    errors = _check_actuals(actuals) | _check_forecasts(forecasts)
    if len(text) > MAX_TEXT:
        errors["text"] = f"进展情况最多 {MAX_TEXT} 字,当前 {len(text)} 字,请精简后再保存。"
    if submit and not text:
        errors["text"] = "报送前请填写本期进展情况。"
    if errors:
        raise ReportInputError(errors)
    try:
        checked = _check_uploads(report, uploads)
    except ReportInputError as exc:
        audit_event(action="upload_rejected", by=by, obj=task, request=request,
                    result="failure", detail={"reason": exc.fields.get("evidence", ""),
                                              "files": [name for _f, name in uploads]})
        raise
    before = previous_report(task=task, unit=unit, period=period)
    score = similarity(text, before.text) if before and before.text else None
    if submit and before is not None and is_near_duplicate(score) and not confirm_duplicate:
        raise DuchaError(
            f"本期进展与上期({before.period.label})内容雷同(相似度 {score:.0%})。请写明本期的"
            "新进展;如确无新进展,请勾选“确认与上期雷同仍报送”后再报送。", "near_duplicate")
    stored: list[str] = []
    try:
        with transaction.atomic():
            report = report or Report(task=task, unit=unit, period=period)
            report.text = text
            report.confidence = confidence
            report.next_milestone = (next_milestone or "").strip()[:300]
            report.next_milestone_date = next_milestone_date
            report.similarity = score
            report.near_duplicate = is_near_duplicate(score)
            report.state = ReportState.SUBMITTED if submit else ReportState.DRAFT
            if submit:
                report.submitted_at, report.submitted_by = now, by
            _save(report, by, "报送" if submit else "保存草稿")
            _write_figures(report, actuals, forecasts, by, now)
            _store(checked, report, by, now, stored)
            _acknowledge([assignment], period=period, unit=unit, by=by, now=now)
            if submit:
                audit_event(action="report_submit", by=by, obj=report, request=request,
                            detail={"task": task.pk, "period": period.code,
                                    "near_duplicate": report.near_duplicate,
                                    "evidence": len(checked)})
    except IntegrityError as exc:
        _discard(stored)
        raise DuchaError("本单位该事项的报送刚被同时保存过一次,请刷新页面后再试。",
                         "conflict") from exc
    except OSError as exc:  # the disk filled or the store failed: nothing half-saved remains
        _discard(stored)
        log.error("evidence storage failed: %s", exc)
        raise DuchaError("附件保存失败(服务器存储空间不足或暂时不可用),本次填报未保存;"
                         "请稍后重试,如仍失败请联系系统管理员。", "storage") from exc
    except BaseException:
        _discard(stored)
        raise
    return report


def _discard(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - a leftover file is harmless, a lost row is not
            log.warning("could not remove evidence file %s", name)


def report_accept(*, report: Report, by: User, now: dt.datetime, note: str = "") -> Report:
    """The office accepts (采纳) a submitted report."""
    _require(by, Action.REVIEW_REPORT)
    _ensure_open(report.period)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != ReportState.SUBMITTED:
            raise DuchaError(f"该报送当前为“{report.get_state_display()}”,只有已报送的进展"
                             "才能采纳。请刷新页面查看最新状态。", "report_state")
        report.state = ReportState.ACCEPTED
        report.accepted_at = report.reviewed_at = now
        report.reviewed_by = by
        report.review_note = (note or "").strip()
        _save(report, by, "采纳")
        audit_event(action="report_accept", by=by, obj=report, detail={"report": report.pk})
    return report


def report_return(*, report: Report, note: str, by: User, now: dt.datetime) -> Report:
    """The office returns (退回) a submitted report to its unit with a comment."""
    _require(by, Action.REVIEW_REPORT)
    note = (note or "").strip()
    if not note:
        raise DuchaError("退回时请写明退回意见,告诉承办单位需要补充或修改什么。",
                         "note_required")
    _ensure_open(report.period)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED):
            raise DuchaError(f"该报送当前为“{report.get_state_display()}”,不能退回。"
                             "请刷新页面查看最新状态。", "report_state")
        report.state = ReportState.RETURNED
        report.reviewed_at, report.reviewed_by, report.review_note = now, by, note
        report.accepted_at = None
        _save(report, by, "退回")
        audit_event(action="report_return", by=by, obj=report,
                    detail={"report": report.pk, "note": note})
    return report


def report_bulk_accept(*, period: Period, report_ids: Iterable[int], by: User,
                       now: dt.datetime) -> int:
    """Accept the chosen submitted reports of a period at once; returns how many."""
    _require(by, Action.REVIEW_REPORT)
    _ensure_open(period)
    ids = sorted({int(i) for i in report_ids})
    if not ids:
        raise DuchaError("请先勾选要批量采纳的报送。", "nothing_selected")
    with transaction.atomic():
        reports = list(Report.objects.select_for_update().filter(
            pk__in=ids, period=period, state=ReportState.SUBMITTED, archived_at__isnull=True))
        for report in reports:
            report.state = ReportState.ACCEPTED
            report.accepted_at = report.reviewed_at = now
            report.reviewed_by = by
            _save(report, by, "批量采纳")
        audit_event(action="report_bulk_accept", by=by, obj=period,
                    detail={"reports": [r.pk for r in reports]})
    return len(reports)


# ---------------------------------------------------------------------------------------------
# Assessments


def _has_evidence(task: Task, period: Period) -> bool:
    return Evidence.objects.active().filter(
        report__task=task, report__period__due_date__lte=period.due_date,
        report__archived_at__isnull=True).exists()


def assessment_decide(*, task: Task, period: Period, status: str, light: str, by: User,
                      expected_version: int, now: dt.datetime, note: str = "",
                      cause: LagCause | None = None, evidence_citation: str = "",
                      accept_submitted: bool = False,
                      request: HttpRequest | None = None) -> Assessment:
    """Set a task's final status and light for a period, with optimistic locking.

    ``expected_version`` is the version the supervisor saw (0 when there was none); if the
    record changed since, nothing is written and the message says so.
    """
    _require(by, Action.DECIDE_ASSESSMENT)
    if status not in Status.values:
        raise DuchaError("请选择评定状态。", "status")
    if light not in Light.values:
        raise DuchaError("请选择灯号(绿灯、黄灯或红灯)。", "light")
    if status in CAUSE_STATUSES and cause is None:
        raise DuchaError(f"评定为“{Status(status).label}”时请选择滞后原因。", "cause_required")
    if cause is not None and cause.archived_at is not None:
        raise DuchaError(f"滞后原因“{cause.name}”已停用,请另选一项。", "cause_archived")
    citation = (evidence_citation or "").strip()[:300]
    if status == Status.DONE and not citation and not _has_evidence(task, period):
        raise DuchaError("销号(评定为“已落实”)须有佐证:请承办单位上传佐证材料,或在"
                         "“佐证”栏写明文号或材料名称后再评定。", "evidence_required")
    _ensure_open(period)
    try:
        with transaction.atomic():
            current = Assessment.objects.select_for_update().filter(task=task,
                                                                    period=period).first()
            version = current.version if current else 0
            if version != expected_version:
                who = str(current.decided_by) if current and current.decided_by else "他人"
                raise DuchaError(STALE_MESSAGE.format(who=who, version=version), "stale")
            assessment = current or Assessment(task=task, period=period, version=0)
            assessment.status, assessment.light = status, light
            assessment.note = (note or "").strip()
            assessment.cause = cause if status in CAUSE_STATUSES else None
            assessment.evidence_citation = citation
            assessment.decided_by, assessment.decided_at = by, now
            assessment.version = version + 1
            _save(assessment, by, "评定")
            if accept_submitted:
                for report in Report.objects.select_for_update().filter(
                        task=task, period=period, state=ReportState.SUBMITTED,
                        archived_at__isnull=True):
                    report.state = ReportState.ACCEPTED
                    report.accepted_at = report.reviewed_at = now
                    report.reviewed_by = by
                    _save(report, by, "评定时采纳")
            audit_event(action="status_decide", by=by, obj=assessment, request=request,
                        detail={"task": task.pk, "period": period.code, "status": status,
                                "light": light, "version": assessment.version})
    except IntegrityError as exc:  # another supervisor created it between our read and write
        raise DuchaError(STALE_MESSAGE.format(who="他人", version=1), "stale") from exc
    return assessment


# ---------------------------------------------------------------------------------------------
# Acknowledgements (签收)


def _acknowledge(assignments: Sequence[Assignment], *, period: Period, unit: Unit, by: User,
                 now: dt.datetime) -> int:
    done = set(Acknowledgement.objects.filter(
        period=period, assignment__in=assignments).values_list("assignment_id", flat=True))
    new = [Acknowledgement(period=period, assignment=a, unit=unit, by=by, at=now)
           for a in assignments if a.pk not in done]
    if new:
        bulk_create_with_history(new, Acknowledgement, default_user=by)
    return len(new)


def acknowledgement_create(*, period: Period, unit: Unit, by: User, now: dt.datetime,
                           tasks: Iterable[Task] | None = None) -> int:
    """The unit acknowledges (签收) its assignments of a period; returns how many were new."""
    _require(by, Action.SUBMIT_REPORT)
    if by.role != UserRole.REPORTER or by.unit_id != unit.pk:
        raise PermissionDenied("只能由本单位联络员签收本单位的事项。")
    _ensure_open(period)
    assignments = Assignment.objects.active().filter(unit=unit, task__archived_at__isnull=True)
    if tasks is not None:
        assignments = assignments.filter(task__in=list(tasks))
    try:
        with transaction.atomic():
            return _acknowledge(list(assignments), period=period, unit=unit, by=by, now=now)
    except IntegrityError as exc:
        raise DuchaError("签收刚被同时提交过一次,请刷新页面查看。", "conflict") from exc


# ---------------------------------------------------------------------------------------------
# Extension requests (延期申请) and assignment disputes (退办申请)


def effective_deadline(task: Task) -> dt.date | None:
    """The deadline in force: the latest approved extension's date, else the baseline."""
    latest = (ChangeRequest.objects.filter(task=task, kind=RequestKind.EXTENSION,
                                           state=RequestState.APPROVED)
              .order_by("-decided_at", "-id").values_list("new_deadline", flat=True).first())
    return latest or task.deadline


def change_request_create(*, task: Task, unit: Unit, kind: str, reason: str, by: User,
                          today: dt.date, now: dt.datetime,
                          new_deadline: dt.date | None = None) -> ChangeRequest:
    """A unit asks, before the deadline, for more time or to hand an assignment back."""
    _require(by, Action.REQUEST_CHANGE)
    if by.role != UserRole.REPORTER or by.unit_id != unit.pk:
        raise PermissionDenied("只能由本单位联络员提出申请。")
    if kind not in RequestKind.values:
        raise DuchaError("请选择申请类别(延期申请或退办申请)。", "kind")
    label = RequestKind(kind).label
    reason = (reason or "").strip()
    if not reason:
        raise DuchaError(f"{label}须写明理由,请填写后再提交。", "reason_required")
    if len(reason) > 1000:
        raise DuchaError("理由最多 1000 字,请精简后再提交。", "reason_long")
    assignment = _assignment_of(task, unit)
    deadline = effective_deadline(task)
    if deadline is not None and today > deadline:
        raise DuchaError(f"该事项的完成时限({deadline:%Y年%m月%d日})已过,不能再提出{label};"
                         "请直接与督查室联系。", "past_deadline")
    if kind == RequestKind.EXTENSION:
        if deadline is None:
            raise DuchaError("该事项没有规定完成时限,无需申请延期。", "no_deadline")
        if new_deadline is None or new_deadline <= deadline:
            raise DuchaError(f"申请的新完成时限须晚于现有时限({deadline:%Y年%m月%d日}),"
                             "请重新选择日期。", "new_deadline")
    else:
        new_deadline = None
    if ChangeRequest.objects.filter(assignment=assignment, kind=kind,
                                    state=RequestState.PENDING).exists():
        raise DuchaError(f"该事项已有一份待审批的{label},请等待督查室审批。", "pending_exists")
    request = ChangeRequest(kind=kind, task=task, assignment=assignment, unit=unit,
                            reason=reason, original_deadline=deadline,
                            new_deadline=new_deadline, requested_by=by, requested_at=now)
    try:
        with transaction.atomic():
            _save(request, by, f"提出{label}")
    except IntegrityError as exc:
        raise DuchaError(f"该事项已有一份待审批的{label},请等待督查室审批。",
                         "pending_exists") from exc
    return request


def change_request_decide(*, request: ChangeRequest, approve: bool, by: User,
                          now: dt.datetime, note: str = "",
                          http_request: HttpRequest | None = None) -> ChangeRequest:
    """The office approves or rejects a request; the baseline task and assignment stay as
    they were (the request itself is the record of the change)."""
    _require(by, Action.DECIDE_REQUEST)
    note = (note or "").strip()
    if not approve and not note:
        raise DuchaError("不同意申请时请写明意见,告诉承办单位原因。", "note_required")
    with transaction.atomic():
        request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != RequestState.PENDING:
            raise DuchaError(f"该申请已经审批({request.get_state_display()}),"
                             "请刷新页面查看。", "request_decided")
        request.state = RequestState.APPROVED if approve else RequestState.REJECTED
        request.decided_by, request.decided_at, request.decision_note = by, now, note
        _save(request, by, "同意" if approve else "不同意")
        audit_event(action=f"{request.kind}_decide", by=by, obj=request, request=http_request,
                    detail={"request": request.pk, "approve": approve, "note": note})
    return request


# ---------------------------------------------------------------------------------------------
# Lag causes (the office's short list)


def lag_cause_create(*, name: str, by: User) -> LagCause:
    _require(by, Action.MANAGE_CAUSES)
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise DuchaError("原因名称须为 1 至 50 个字,请重新填写。", "cause_name")
    existing = LagCause.objects.filter(name=name).first()
    with transaction.atomic():
        if existing is not None:
            if existing.archived_at is None:
                raise DuchaError(f"原因“{name}”已在列表中。", "cause_exists")
            existing.archived_at = None  # restoring an archived cause keeps its history
            _save(existing, by, "恢复")
            return existing  # type: ignore[no-any-return]
        last = LagCause.objects.order_by("-position").values_list("position", flat=True).first()
        cause = LagCause(name=name, position=(last or 0) + 10)
        _save(cause, by, "新增")
    return cause


def lag_cause_archive(*, cause: LagCause, by: User, now: dt.datetime) -> LagCause:
    _require(by, Action.MANAGE_CAUSES)
    if cause.archived_at is not None:
        raise DuchaError(f"原因“{cause.name}”已经停用。", "cause_archived")
    with transaction.atomic():
        cause.archived_at = now
        _save(cause, by, "停用")
    return cause
