"""Role home pages. Thin: they read the clock once and call selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ducha.accounts.permissions import Action, require
from ducha.choices import Status, UserRole, status_colour
from ducha.ledger.selectors import source_list, task_list
from ducha.reporting import review as workflow
from ducha.reporting import selectors as reporting

HOME_BY_ROLE = {
    UserRole.SUPERVISOR: "web:supervisor_home",
    UserRole.REPORTER: "web:reporter_home",
    UserRole.LEADER: "cockpit:overview",
    UserRole.SYSADMIN: "security:sysadmin_home",
    UserRole.SECADMIN: "security:secadmin_home",
    UserRole.AUDITOR: "audit:auditor_home",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own home page."""
    target = HOME_BY_ROLE.get(request.user.role)  # type: ignore[union-attr]
    if target is None:
        raise PermissionDenied("该账户没有督查角色,请联系系统管理员。")
    return redirect(target)


def _status_rows(counts: dict[str, int]) -> list[dict[str, object]]:
    total = sum(counts.values()) or 1
    return [
        {"code": code, "label": label, "count": counts[code], "colour": status_colour(code),
         "share": round(100 * counts[code] / total, 1)}
        for code, label in Status.choices
    ]


@login_required
def supervisor_home(request: HttpRequest) -> HttpResponse:
    """督查室工作台: the period in force, its reports by state, statuses, sources."""
    require(request.user, Action.REVIEW_REPORT)  # type: ignore[arg-type]
    period = reporting.current_period(today=timezone.localdate())
    context = {
        "period": period,
        "report_counts": reporting.report_state_counts(period=period) if period else {},
        "status_rows": _status_rows(reporting.status_counts(period=period)) if period else [],
        "sources": source_list(),
        "missing_count": workflow.missing_reports(period=period).count() if period else 0,
        "unacknowledged_count": (workflow.unacknowledged_assignments(period=period).count()
                                 if period else 0),
        "pending_requests": workflow.pending_requests().count(),
    }
    return render(request, "web/supervisor_home.html", context)


@login_required
def reporter_home(request: HttpRequest) -> HttpResponse:
    """单位工作台: the unit's tasks, grouped by source and chapter."""
    user = request.user
    if not getattr(user, "is_reporter", False):
        raise PermissionDenied("单位工作台仅供承办单位联络员使用。")
    tasks = task_list(user=user)  # type: ignore[arg-type]
    period = reporting.current_period(today=timezone.localdate())
    return render(request, "web/reporter_home.html",
                  {"tasks": tasks, "period": period, "unit": user.unit})  # type: ignore[union-attr]


def leader_home(request: HttpRequest) -> HttpResponse:
    """The old leaders' page: the cockpit replaced it; kept so bookmarks still land there."""
    return redirect("cockpit:overview", permanent=True)
