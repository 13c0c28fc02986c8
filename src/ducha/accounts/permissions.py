"""Access decided in one place: who may see and do what (role × action × own/other unit).

Views, the API and the CLI call these helpers; none of them decides access on its own. An
object of another unit answers 404, so its existence is not revealed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from ducha.choices import UserRole

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.ledger.models import Task
    from ducha.reporting.models import Report


class Action(StrEnum):
    VIEW_LEDGER = "view_ledger"
    EDIT_LEDGER = "edit_ledger"
    SUBMIT_REPORT = "submit_report"
    REVIEW_REPORT = "review_report"
    DECIDE_ASSESSMENT = "decide_assessment"
    MANAGE_PERIODS = "manage_periods"
    VIEW_COCKPIT = "view_cockpit"
    EXPORT = "export"
    VIEW_BULLETIN = "view_bulletin"  # read drafts and issued bulletins
    ISSUE_BULLETIN = "issue_bulletin"  # draft, edit and issue them (the office)


# role → actions it may take; for a reporter every action is limited to its own unit.
MATRIX: dict[str, frozenset[Action]] = {
    UserRole.SUPERVISOR: frozenset(Action),
    UserRole.LEADER: frozenset({Action.VIEW_LEDGER, Action.VIEW_COCKPIT, Action.EXPORT,
                                Action.VIEW_BULLETIN}),
    UserRole.REPORTER: frozenset({Action.VIEW_LEDGER, Action.SUBMIT_REPORT, Action.EXPORT}),
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
    """Reports the user may see: all for the office and leaders, own unit's for a reporter."""
    from ducha.reporting.models import Report

    qs = Report.objects.active() if queryset is None else queryset
    if not user.is_authenticated or user.role not in MATRIX:
        return qs.none()
    if user.role == UserRole.REPORTER:
        return qs.filter(unit_id=user.unit_id)
    return qs


def get_task_for_user(user: User, pk: int) -> Task:
    """The task, or 404 when it does not exist or belongs to other units only."""
    task = visible_tasks(user).filter(pk=pk).first()
    if task is None:
        raise Http404("没有找到该督办事项。")
    return task
