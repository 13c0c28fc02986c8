"""督查通知单 and 催办单 for a task, generated from the ledger in the bulletin layout."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from ducha.accounts.permissions import Action, get_task_for_user, require
from ducha.bulletins.models import OfficeProfile
from ducha.bulletins.notices import REMINDER_GRADES, assignment_notice, reminder_notice
from ducha.bulletins.rendering import FORMATS, render
from ducha.choices import ReportState, Role
from ducha.reporting.models import Report
from ducha.reporting.selectors import current_period


def _names(task, role: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.printed_name for a in task.assignments.active() if a.role == role]


def _file(doc, fmt: str, name: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    from urllib.parse import quote

    if fmt not in FORMATS or fmt == "pdf":
        raise Http404("不支持的格式")
    response = HttpResponse(render(doc, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


@login_required
def assignment(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """督查通知单: the task, its units and deadline, and the office's requirements."""
    require(request.user, Action.ISSUE_BULLETIN)  # type: ignore[arg-type]
    task = get_task_for_user(request.user, pk)  # type: ignore[arg-type]
    today = timezone.localdate()
    profile = OfficeProfile.current()
    deadline = task.deadline or today + dt.timedelta(days=30)
    doc = assignment_notice(issuer=profile.issuer, date=today, task=task.title,
                            lead_units=_names(task, Role.LEAD) or ["(未指定)"],
                            responsible_units=_names(task, Role.RESPONSIBLE),
                            deadline=deadline, basis=str(task.source))
    return _file(doc, fmt, f"督查通知单-{task.pk}")


@login_required
def reminder(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """催办单 of a grade (?grade=blue|yellow|red) to the units that have not reported."""
    require(request.user, Action.ISSUE_BULLETIN)  # type: ignore[arg-type]
    task = get_task_for_user(request.user, pk)  # type: ignore[arg-type]
    grade = request.GET.get("grade", "yellow")
    if grade not in REMINDER_GRADES:
        raise Http404("催办等级应为 blue、yellow 或 red")
    today = timezone.localdate()
    period = current_period(today=today)
    units = [a for a in task.assignments.active().select_related("unit") if a.unit_id]
    done = set()
    if period is not None:
        done = set(Report.objects.active().filter(
            task=task, period=period,
            state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED]).values_list("unit_id",
                                                                                  flat=True))
    missing = [a.printed_name for a in units if a.unit_id not in done] or _names(task, Role.LEAD)
    overdue = [f"{period.label}进展情况尚未报送" if period else "办理情况未按期报送"]
    doc = reminder_notice(issuer=OfficeProfile.current().issuer, date=today, grade=grade,  # type: ignore[arg-type]
                          task=task.title, units=missing, overdue=overdue,
                          reply_by=today + dt.timedelta(days=3))
    return _file(doc, fmt, f"督查催办单-{task.pk}")
