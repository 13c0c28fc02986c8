"""The reporter's pages: one sheet per period, saved task by task (htmx or plain POST)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ducha.accounts.permissions import get_task_for_user, require_reporter
from ducha.base import DuchaError
from ducha.reporting.forms import ChangeRequestForm, ReportForm
from ducha.reporting.models import Period
from ducha.reporting.selectors import current_period
from ducha.reporting.services import (
    ReportInputError,
    acknowledgement_create,
    change_request_create,
    report_save,
)
from ducha.reporting.sheet import SheetGroup, SheetRow, reporter_sheet, row_after_save
from ducha.reporting.similarity import NEAR_DUPLICATE
from ducha.reporting.viewutils import (
    active_periods,
    get_period,
    get_period_among,
    is_htmx,
    safe_next,
)


@dataclass
class Card:
    """What one task's card on the sheet shows."""

    row: SheetRow
    form: ReportForm
    period: Period
    notice: str = ""
    error: str = ""

    @cached_property  # the card prints it and the warning it decides
    def similarity(self) -> float | None:
        return self.row.current_similarity(self.form["text"].value() or "")

    @property
    def duplicate(self) -> bool:
        score = self.similarity
        return score is not None and score >= NEAR_DUPLICATE


def _row(user: Any, period: Period, task_id: int, active: list[Period]) -> SheetRow:
    """The unit's row of one task; 404 unless the task is visible to the user.

    The sheet lists exactly the tasks ``visible_tasks`` shows a reporter (active ones with an
    active assignment of the unit), so the row is also the permission check and its task the
    one ``get_task_for_user`` would return.
    """
    rows = reporter_sheet(user=user, period=period, task_ids=[task_id],
                          active_periods=active).rows
    if not rows:
        raise Http404("没有找到该督办事项。")
    return rows[0]


def _render_sheet(request: HttpRequest, period: Period, active: list[Period],
                  override: dict[int, Card] | None = None) -> HttpResponse:
    """The whole sheet; ``active``: every active period (the sheet's and the menu's)."""
    sheet = reporter_sheet(user=request.user, period=period,  # type: ignore[arg-type]
                           active_periods=active)
    override = override or {}
    groups: list[tuple[SheetGroup, list[Card]]] = [
        (group, [override.get(r.task.pk) or Card(r, ReportForm.for_row(r), period)
                 for r in group.rows])
        for group in sheet.groups
    ]
    periods = sorted(active, key=lambda p: p.due_date, reverse=True)[:12]
    return render(request, "reporting/period_report.html",
                  {"sheet": sheet, "groups": groups, "period": period, "periods": periods,
                   "request_form": ChangeRequestForm()})


@login_required
def report_entry(request: HttpRequest) -> HttpResponse:
    """/duban/report/: the sheet of the period in force."""
    require_reporter(request.user)  # type: ignore[arg-type]
    period = current_period(today=timezone.localdate())
    if period is None:
        return render(request, "reporting/no_period.html")
    return redirect("reporting:period_report", period_id=period.pk)


@login_required
def period_report(request: HttpRequest, period_id: int) -> HttpResponse:
    """The unit's sheet for a period: every task it leads or shares, grouped by source."""
    require_reporter(request.user)  # type: ignore[arg-type]
    active = active_periods()
    return _render_sheet(request, get_period_among(period_id, active), active)


@login_required
@require_POST
def report_save_view(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    """Save one task's report as a draft (action=save) or submit it (action=submit)."""
    user = request.user
    require_reporter(user)  # type: ignore[arg-type]
    active = active_periods()
    period = get_period_among(period_id, active)
    row = _row(user, period, task_id, active)
    task = row.task
    form = ReportForm.for_row(row, data=request.POST)
    submit = request.POST.get("action") == "submit"
    card = Card(row, form, period)
    if not form.is_valid():
        card.error = "填报内容有误,请按提示修改后再保存。"
    else:
        data = form.cleaned_data
        uploads = [(f, f.name) for f in request.FILES.getlist(f"t{task.pk}-evidence")]
        try:
            report = report_save(
                period=period, task=task, unit=user.unit, by=user,  # type: ignore[arg-type]
                now=timezone.now(), text=data["text"], confidence=data["confidence"],
                next_milestone=data["next_milestone"],
                next_milestone_date=data["next_milestone_date"],
                actuals=form.actual_inputs(), forecasts=form.forecast_inputs(),
                uploads=uploads, submit=submit, confirm_duplicate=data["confirm_duplicate"],
                request=request)
        except ReportInputError as exc:
            form.add_service_errors(exc.fields)
            card.error = exc.message
        except DuchaError as exc:
            card.error = exc.message
        else:
            notice = "已报送,等待督查室审核。" if submit else "草稿已保存。"
            if not is_htmx(request):
                messages.success(request, f"“{task.title}”{notice}")
                url = reverse("reporting:period_report", kwargs={"period_id": period.pk})
                return redirect(f"{url}#task-{task.pk}")
            row = row_after_save(row, report)
            card = Card(row, ReportForm.for_row(row), period, notice=notice)
    if is_htmx(request):
        return render(request, "reporting/_report_card.html", {"card": card})
    return _render_sheet(request, period, active, override={task.pk: card})


@login_required
@require_POST
def report_check(request: HttpRequest, period_id: int, task_id: int) -> HttpResponse:
    """htmx: while typing, warn if the text is (nearly) last period's, and offer the actuals
    the text mentions beside their fields (out-of-band swaps). Writes nothing."""
    user = request.user
    require_reporter(user)  # type: ignore[arg-type]
    active = active_periods()
    period = get_period_among(period_id, active)
    row = _row(user, period, task_id, active)
    form = ReportForm.for_row(row, data=request.POST)
    text = form["text"].value() or ""
    score = row.current_similarity(text)
    suggestions = form.suggestions()
    return render(request, "reporting/_text_check.html",
                  {"row": row, "similarity": score, "form": form,
                   "duplicate": score is not None and score >= NEAR_DUPLICATE,
                   "slots": [(ind, suggestions.get(ind.pk)) for ind in row.indicators]})


@login_required
@require_POST
def acknowledge(request: HttpRequest, period_id: int) -> HttpResponse:
    """签收: all of the unit's tasks of the period, or one (``task``)."""
    user = request.user
    require_reporter(user)  # type: ignore[arg-type]
    period = get_period(period_id)
    tasks = None
    if request.POST.get("task"):
        try:
            tasks = [get_task_for_user(user, int(request.POST["task"]))]  # type: ignore
        except ValueError as exc:
            raise Http404("没有找到该督办事项。") from exc
    try:
        n = acknowledgement_create(period=period, unit=user.unit, by=user,  # type: ignore
                                   now=timezone.now(), tasks=tasks)
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已签收 {n} 项督办事项。" if n else "事项均已签收。")
    return redirect("reporting:period_report", period_id=period.pk)


@login_required
@require_POST
def change_request_new(request: HttpRequest, task_id: int) -> HttpResponse:
    """延期申请 / 退办申请 for one of the unit's tasks."""
    user = request.user
    require_reporter(user)  # type: ignore[arg-type]
    task = get_task_for_user(user, task_id)  # type: ignore[arg-type]
    back = safe_next(request, reverse("reporting:report_entry"))
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        problems = ";".join(f"{form.fields[k].label}:{' '.join(v)}" if k in form.fields
                            else " ".join(v) for k, v in form.errors.items())
        messages.error(request, f"申请未提交:{problems}")
        return redirect(back)
    data = form.cleaned_data
    try:
        created = change_request_create(task=task, unit=user.unit, kind=data["kind"],  # type: ignore
                                        reason=data["reason"], by=user,  # type: ignore[arg-type]
                                        new_deadline=data["new_deadline"],
                                        today=timezone.localdate(), now=timezone.now())
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{created.get_kind_display()}已提交,等待督查室审批。")
    return redirect(back)
