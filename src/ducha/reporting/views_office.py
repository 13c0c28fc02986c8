"""The office's (督查室) pages: periods, the review queue, a task's review and decision,
未报送 / 未签收, extension and dispute requests, and the list of lag causes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ducha.accounts.permissions import Action, get_report_for_user, get_task_for_user, require
from ducha.base import DuchaError
from ducha.docparse.vocab import STATUS_BY_CODE
from ducha.ledger.models import Task
from ducha.reporting import review as sel
from ducha.reporting.forms import CauseForm, DecideForm, NoteForm, PeriodYearForm, ReasonForm
from ducha.reporting.models import ChangeRequest, LagCause, Period, Report
from ducha.reporting.services import (
    assessment_decide,
    change_request_decide,
    lag_cause_archive,
    lag_cause_create,
    period_close,
    period_create_year,
    period_open,
    period_reopen,
    report_accept,
    report_bulk_accept,
    report_return,
)
from ducha.reporting.viewutils import get_period, safe_next

# ---------------------------------------------------------------------------------------------
# Periods


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_PERIODS)  # type: ignore[arg-type]
    counts: dict[int, dict[str, int]] = {}
    for row in (Report.objects.active().values("period_id", "state")
                .annotate(n=Count("id")).order_by()):
        counts.setdefault(row["period_id"], {})[row["state"]] = row["n"]
    rows = [(p, counts.get(p.pk, {})) for p in Period.objects.active().order_by("-year", "kind",
                                                                                  "index")]
    return render(request, "reporting/periods.html", {
        "rows": rows, "form": PeriodYearForm(initial={"year": timezone.localdate().year}),
        "reason_form": ReasonForm()})


@login_required
@require_POST
def period_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_PERIODS)  # type: ignore[arg-type]
    form = PeriodYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写 2000—2100 之间的年度并选择周期类型。")
    else:
        try:
            made = period_create_year(year=form.cleaned_data["year"],
                                      kind=form.cleaned_data["kind"], by=request.user)  # type: ignore
        except DuchaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已创建 {len(made)} 个督办周期。")
    return redirect("reporting:periods")


@login_required
@require_POST
def period_state(request: HttpRequest, period_id: int, action: str) -> HttpResponse:
    """Open, close or reopen (with a reason) a period."""
    require(request.user, Action.MANAGE_PERIODS)  # type: ignore[arg-type]
    period = get_period(period_id)
    by, now = request.user, timezone.now()
    try:
        if action == "open":
            period_open(period=period, by=by, now=now)  # type: ignore[arg-type]
            messages.success(request, f"{period.label}已开启,各单位可签收并报送。")
        elif action == "close":
            period_close(period=period, by=by, now=now)  # type: ignore[arg-type]
            messages.success(request, f"{period.label}已关闭,报送和评定已冻结。")
        else:
            period_reopen(period=period, reason=request.POST.get("reason", ""),
                          by=by, now=now)  # type: ignore[arg-type]
            messages.success(request, f"{period.label}已重新开启,原因已记入历史。")
    except DuchaError as exc:
        messages.error(request, exc.message)
    return redirect(safe_next(request, reverse("reporting:periods")))


# ---------------------------------------------------------------------------------------------
# Review queue and a task's review


@login_required
def queue(request: HttpRequest, period_id: int) -> HttpResponse:
    """Reports of a period to review, filtered by the query string."""
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    filters = sel.clean_queue_filters(request.GET)
    rows = sel.review_queue(period=period, filters=filters)
    assessments = sel.assessments_by_task(period=period,
                                          task_ids=sorted({r.report.task_id for r in rows}))
    return render(request, "reporting/queue.html", {
        "period": period, "rows": [(r, assessments.get(r.report.task_id)) for r in rows],
        "filters": filters, "options": sel.queue_filter_options(period=period),
        "query": request.GET.urlencode()})


@login_required
@require_POST
def queue_accept(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    back = safe_next(request, reverse("reporting:queue", kwargs={"period_id": period.pk}))
    try:
        ids = [int(i) for i in request.POST.getlist("report")]
        n = report_bulk_accept(period=period, report_ids=ids, by=request.user,  # type: ignore
                               now=timezone.now())
    except ValueError:
        messages.error(request, "所选报送编号无效,请刷新页面后重新勾选。")
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已采纳 {n} 份报送。")
    return redirect(back)


def _review_context(task: Task, period: Period, form: DecideForm | None = None,
                    error: str = "") -> dict[str, Any]:
    review = sel.task_review(task=task, period=period)
    if form is None:
        current = review.assessment
        status = current.status if current else review.lead_suggestion
        form = DecideForm(initial={
            "status": status,
            "light": current.light if current else STATUS_BY_CODE[status].light,
            "cause": current.cause_id if current else None,
            "note": current.note if current else "",
            "evidence_citation": current.evidence_citation if current else "",
            "version": current.version if current else 0,
            "accept_submitted": True,
        })
    return {"review": review, "period": period, "task": task, "form": form, "error": error,
            "note_form": NoteForm()}


@login_required
def task_review(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    """All reports of a task in a period with suggested status and evidence; the decision."""
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    task = get_task_for_user(request.user, task_id)  # type: ignore[arg-type]
    return render(request, "reporting/review.html", _review_context(task, period))


@login_required
@require_POST
def decide(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    require(request.user, Action.DECIDE_ASSESSMENT)  # type: ignore[arg-type]
    period = get_period(period_id)
    task = get_task_for_user(request.user, task_id)  # type: ignore[arg-type]
    form = DecideForm(request.POST)
    if not form.is_valid():
        return render(request, "reporting/review.html",
                      _review_context(task, period, form, "评定内容有误,请按提示修改。"))
    data = form.cleaned_data
    try:
        assessment_decide(task=task, period=period, status=data["status"], light=data["light"],
                          note=data["note"], cause=data["cause"],
                          evidence_citation=data["evidence_citation"],
                          accept_submitted=data["accept_submitted"], by=request.user,  # type: ignore
                          expected_version=data["version"], now=timezone.now(),
                          request=request)
    except DuchaError as exc:
        status = 409 if exc.code == "stale" else 200
        return render(request, "reporting/review.html",
                      _review_context(task, period, form, exc.message), status=status)
    messages.success(request, f"“{task.title}”已评定为“{STATUS_BY_CODE[data['status']].label}”。")
    return redirect("reporting:task_review", period_id=period.pk, task_id=task.pk)


def _review_url(report: Report) -> str:
    return reverse("reporting:task_review",
                   kwargs={"period_id": report.period_id, "task_id": report.task_id})


@login_required
@require_POST
def report_accept_view(request: HttpRequest, report_id: int) -> HttpResponse:
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    report = get_report_for_user(request.user, report_id)  # type: ignore[arg-type]
    try:
        report_accept(report=report, by=request.user, now=timezone.now(),  # type: ignore
                      note=request.POST.get("note", ""))
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已采纳{report.unit.display_name}的报送。")
    return redirect(safe_next(request, _review_url(report)))


@login_required
@require_POST
def report_return_view(request: HttpRequest, report_id: int) -> HttpResponse:
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    report = get_report_for_user(request.user, report_id)  # type: ignore[arg-type]
    try:
        report_return(report=report, note=request.POST.get("note", ""), by=request.user,  # type: ignore
                      now=timezone.now())
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将{report.unit.display_name}的报送退回修改。")
    return redirect(safe_next(request, _review_url(report)))


# ---------------------------------------------------------------------------------------------
# 未报送 / 未签收


@login_required
def missing(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    return render(request, "reporting/missing.html", {
        "period": period, "missing": list(sel.missing_reports(period=period)),
        "unacknowledged": list(sel.unacknowledged_assignments(period=period))})


# ---------------------------------------------------------------------------------------------
# Extension and dispute requests


@login_required
def requests_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DECIDE_REQUEST)  # type: ignore[arg-type]
    return render(request, "reporting/requests.html", {
        "pending": list(sel.pending_requests()), "decided": list(sel.decided_requests())})


@login_required
@require_POST
def request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    require(request.user, Action.DECIDE_REQUEST)  # type: ignore[arg-type]
    change = get_object_or_404(ChangeRequest, pk=request_id)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, "请选择“同意”或“不同意”。")
        return redirect("reporting:requests")
    try:
        change_request_decide(request=change, approve=decision == "approve",
                              note=request.POST.get("note", ""), by=request.user,  # type: ignore
                              now=timezone.now(), http_request=request)
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request,
                         f"已审批{change.unit.display_name}的{change.get_kind_display()}。")
    return redirect("reporting:requests")


# ---------------------------------------------------------------------------------------------
# Lag causes


@login_required
def causes(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_CAUSES)  # type: ignore[arg-type]
    form = CauseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                lag_cause_create(name=form.cleaned_data["name"], by=request.user)  # type: ignore
            except DuchaError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已添加滞后原因。")
                return redirect("reporting:causes")
        else:
            messages.error(request, "原因名称须为 1 至 50 个字。")
    return render(request, "reporting/causes.html",
                  {"causes": LagCause.objects.order_by("archived_at", "position", "id"),
                   "form": form})


@login_required
@require_POST
def cause_archive(request: HttpRequest, cause_id: int) -> HttpResponse:
    require(request.user, Action.MANAGE_CAUSES)  # type: ignore[arg-type]
    cause = get_object_or_404(LagCause, pk=cause_id)
    try:
        lag_cause_archive(cause=cause, by=request.user, now=timezone.now())  # type: ignore
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已停用“{cause.name}”。")
    return redirect("reporting:causes")
