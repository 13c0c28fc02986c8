"""Access decided in one place: who may see and do what (role × action × own/other unit).

Views, the API and the CLI call these helpers; none of them decides access on its own. An
object of another unit answers 404, so its existence is not revealed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from ducha.choices import UserRole

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.ledger.models import Task
    from ducha.reporting.models import Evidence, Report


class Action(StrEnum):
    VIEW_LEDGER = "view_ledger"
    EDIT_LEDGER = "edit_ledger"
    SUBMIT_REPORT = "submit_report"
    REVIEW_REPORT = "review_report"
    DECIDE_ASSESSMENT = "decide_assessment"
    MANAGE_PERIODS = "manage_periods"
    VIEW_COCKPIT = "view_cockpit"
    EXPORT = "export"
    REQUEST_CHANGE = "request_change"  # 延期申请 / 退办申请 (a unit's own assignments)
    DECIDE_REQUEST = "decide_request"  # the office decides them
    MANAGE_CAUSES = "manage_causes"  # the office's short list of lag causes
    VIEW_BULLETIN = "view_bulletin"  # read drafts and issued bulletins
    ISSUE_BULLETIN = "issue_bulletin"  # draft, edit and issue them (the office)


# role → actions it may take; for a reporter every action is limited to its own unit.
MATRIX: dict[str, frozenset[Action]] = {
    UserRole.SUPERVISOR: frozenset(Action),
    UserRole.LEADER: frozenset({Action.VIEW_LEDGER, Action.VIEW_COCKPIT, Action.EXPORT,
                                Action.VIEW_BULLETIN}),
    UserRole.REPORTER: frozenset({Action.VIEW_LEDGER, Action.SUBMIT_REPORT, Action.EXPORT,
                                  Action.REQUEST_CHANGE}),
}


def can(user: User, action: Action) -> bool:
    """Whether the user's role allows the action at all (unit scope is checked separately)."""
    return user.is_authenticated and action in MATRIX.get(user.role, frozenset())


def require(user: User, action: Action) -> None:
    """Raise PermissionDenied (403) unless the role allows the action."""
    if not can(user, action):
        raise PermissionDenied("您的角色无权执行此操作。")


def visible_tasks(user: User, queryset: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks the user may see: all for the office and leaders, own unit's for a reporter."""
    from ducha.ledger.models import Assignment, Task

    qs = Task.objects.active() if queryset is None else queryset
    if not user.is_authenticated or user.role not in MATRIX:
        return qs.none()
    if user.role == UserRole.REPORTER:
        own = Assignment.objects.active().filter(task=OuterRef("pk"), unit_id=user.unit_id)
        return qs.filter(Exists(own))
    return qs


def visible_reports(user: User, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Reports the user may see: all for the office and leaders; for a reporter its own unit's,
    and on tasks its unit leads also the responsible units' (their input reaches the lead unit).

    The by-id checks (``visible_task_reports``, ``get_report_for_user``) apply the same rule,
    so a list never shows a report that opening it would refuse, nor hides one it would show.
    """
    from ducha.choices import Role
    from ducha.ledger.models import Assignment
    from ducha.reporting.models import Report

    qs = Report.objects.active() if queryset is None else queryset
    if not user.is_authenticated or user.role not in MATRIX:
        return qs.none()
    if user.role == UserRole.REPORTER:
        led = Assignment.objects.active().filter(unit_id=user.unit_id, role=Role.LEAD)
        return qs.filter(Q(unit_id=user.unit_id) | Q(task_id__in=led.values("task_id")))
    return qs


def get_task_for_user(user: User, pk: int) -> Task:
    """The task, or 404 when it does not exist or belongs to other units only."""
    task = visible_tasks(user).filter(pk=pk).first()
    if task is None:
        raise Http404("没有找到该督办事项。")
    return task


def require_reporter(user: User) -> None:
    """Raise PermissionDenied unless the user is a unit's reporter (联络员) with a unit."""
    if not (user.is_authenticated and user.role == UserRole.REPORTER and user.unit_id):
        raise PermissionDenied("此页面仅供承办单位联络员使用。")


def visible_task_reports(user: User, task: Task,
                         queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Reports on one task the user may read.

    The office and leaders read all; a reporter reads its own unit's, and, when its unit leads
    the task, the responsible units' too (their input reaches the lead unit, which consolidates).
    """
    from ducha.reporting.models import Report

    qs = (Report.objects.active() if queryset is None else queryset).filter(task=task)
    return visible_reports(user, qs)


def get_report_for_user(user: User, pk: int) -> Report:
    """A report the user may read, or 404 (another unit's report is not revealed)."""
    from ducha.reporting.models import Report

    report = Report.objects.active().select_related("task", "period", "unit").filter(
        pk=pk).first()
    if report is None or not visible_task_reports(user, report.task).filter(pk=pk).exists():
        raise Http404("没有找到该进展报送。")
    return report


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    """An evidence file whose report the user may read, or 404."""
    from ducha.reporting.models import Evidence

    evidence = Evidence.objects.active().select_related("report__task").filter(pk=pk).first()
    if evidence is None or not visible_task_reports(user, evidence.report.task).filter(
            pk=evidence.report_id).exists():
        raise Http404("没有找到该佐证材料。")
    return evidence
