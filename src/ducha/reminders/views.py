"""督办单 pages: the list by grade (printable, .xlsx), the escalation list, a unit's notices,
and the office's "recompute now". Thin callers of selectors and services; the clock is read
once per request. The office sees every unit, leaders read only, a reporter its own unit."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ducha.accounts.permissions import Action, can, require, require_reporter
from ducha.choices import UserRole
from ducha.reminders import selectors as sel
from ducha.reminders.exports import XLSX_TYPE, reminders_xlsx
from ducha.reminders.models import Grade, Reminder
from ducha.reminders.services import reminder_recompute
from ducha.reporting.reminders import GRADE_COLOURS, days_overdue


def _readable(request: HttpRequest) -> None:
    require(request.user, Action.VIEW_LEDGER)  # type: ignore[arg-type]


def _grade(request: HttpRequest) -> str:
    grade = request.GET.get("grade", "")
    return grade if grade in Grade.values else ""


def _rows(reminders: list[Reminder], today: dt.date) -> list[dict[str, object]]:
    """Each reminder with its days overdue as of the page's date (red ones only)."""
    return [{"r": r, "overdue": days_overdue(due_on=r.due_on, today=today)
             if r.grade == Grade.RED else 0} for r in reminders]


def _common(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {"grades": [(g, label, GRADE_COLOURS[g]) for g, label in Grade.choices],
            "colours": GRADE_COLOURS,
            "can_notice": can(user, Action.ISSUE_BULLETIN),  # type: ignore[arg-type]
            "is_office": getattr(user, "role", "") == UserRole.SUPERVISOR}


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """督办单 by grade: blue 提醒, yellow 预警, red 督办 (open ones)."""
    _readable(request)
    today = timezone.localdate()
    grade = _grade(request)
    reminders = list(sel.reminder_list(user=request.user, grade=grade or None))  # type: ignore[arg-type]
    counts = sel.grade_counts(user=request.user)  # type: ignore[arg-type]
    return render(request, "reminders/board.html", {
        **_common(request), "today": today, "grade": grade, "rows": _rows(reminders, today),
        "counts": counts, "total": sum(counts.values()), "run": sel.latest_run()})


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The same list as .xlsx (every cell formula-safe); the export is audited."""
    from ducha.audit.services import audit_record

    require(request.user, Action.EXPORT)  # type: ignore[arg-type]
    today = timezone.localdate()
    grade = _grade(request)
    rows = list(sel.reminder_list(user=request.user, grade=grade or None))  # type: ignore[arg-type]
    body = reminders_xlsx(rows=rows, today=today)
    audit_record(action="export", by=request.user, request=request,  # type: ignore[arg-type]
                 detail={"what": "reminders", "grade": grade or "all", "rows": len(rows)})
    response = HttpResponse(body, content_type=XLSX_TYPE)
    name = f"reminders-{grade or 'all'}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def escalation(request: HttpRequest) -> HttpResponse:
    """升级督办: red for two or more nightly runs or consecutive periods, by days overdue."""
    _readable(request)
    today = timezone.localdate()
    rows = sel.escalation_list(user=request.user, today=today)  # type: ignore[arg-type]
    return render(request, "reminders/escalation.html", {
        **_common(request), "today": today, "rows": rows,
        "units": sel.escalation_by_unit(rows)})


def _unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = sel.get_unit_for_user(request.user, unit_id)  # type: ignore[arg-type]
    today = timezone.localdate()
    notices = sel.unit_notices(unit=unit)
    return render(request, "reminders/unit.html", {
        **_common(request), "today": today, "unit": unit,
        "open_rows": _rows([r for r in notices if r.is_open], today),
        "closed": [r for r in notices if not r.is_open]})


@login_required
@require_GET
def my_unit(request: HttpRequest) -> HttpResponse:
    """The reporter's own unit's notices (督办单 in the product itself)."""
    require_reporter(request.user)  # type: ignore[arg-type]
    return _unit_page(request, request.user.unit_id)  # type: ignore[union-attr]


@login_required
@require_GET
def unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """One unit's notices: any unit for the office and leaders, only its own for a reporter."""
    _readable(request)
    return _unit_page(request, unit_id)


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """The office recomputes now; sending stays with the nightly ``ducha remind``."""
    if getattr(request.user, "role", "") != UserRole.SUPERVISOR:
        raise PermissionDenied("只有督查室可以重新判定督办单。")
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    now = timezone.now()
    result = reminder_recompute(today=timezone.localdate(now), now=now,
                                by=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, f"已重新判定:新发 {result.created} 件,解除 {result.resolved} 件,"
                              f"仍有效 {result.kept} 件;通知将由夜间任务发送。")
    return redirect("reminders:board")
