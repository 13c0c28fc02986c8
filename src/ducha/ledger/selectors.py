"""Reads of the ledger; every surface (pages, API, xlsx, CLI) lists tasks through here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from ducha.accounts.permissions import visible_tasks
from ducha.choices import Role
from ducha.ledger.models import Assignment, Source, Task

if TYPE_CHECKING:
    from ducha.accounts.models import User


def task_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Task]:
    """Tasks visible to the user, with sources and active assignments fetched in bulk."""
    filters = filters or {}
    qs = visible_tasks(user).select_related("source", "meeting")
    if source := filters.get("source"):
        qs = qs.filter(source_id=source)
    if chapter := filters.get("chapter"):
        qs = qs.filter(chapter=chapter)
    if unit := filters.get("unit"):
        qs = qs.filter(assignments__unit_id=unit, assignments__archived_at__isnull=True)
    active = Assignment.objects.active().select_related("unit", "group").order_by("role", "id")
    return qs.prefetch_related(Prefetch("assignments", queryset=active)).order_by(
        "source_id", "position", "id"
    ).distinct()


def lead_names(task: Task) -> list[str]:
    """Printed names of the lead units of a task whose assignments were prefetched."""
    return [a.printed_name for a in task.assignments.all() if a.role == Role.LEAD]


def responsible_names(task: Task) -> list[str]:
    """Printed names of the responsible units of a task whose assignments were prefetched."""
    return [a.printed_name for a in task.assignments.all() if a.role == Role.RESPONSIBLE]


def source_list() -> QuerySet[Source]:
    return Source.objects.active().order_by("-year", "-issue_date", "id")
