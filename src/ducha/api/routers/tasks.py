"""Tasks (督办事项): the ledger through ``ledger.selectors.task_list``, as the page lists it."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router

from ducha.accounts.permissions import Action, get_task_for_user, require
from ducha.api.routers import READ_ERRORS, caller
from ducha.api.schemas import TaskFilters, TaskListOut, TaskOut
from ducha.ledger.models import Assignment, Indicator, Task
from ducha.ledger.selectors import task_list

router = Router(tags=["督办事项"])


@router.get("", response={200: TaskListOut, **READ_ERRORS}, summary="督办台账")
def task_list_view(request: HttpRequest, filters: Query[TaskFilters]) -> dict[str, object]:
    """The ledger: same selector, filters and order as the ledger page (/ledger/tasks/)."""
    user = caller(request)
    require(user, Action.VIEW_LEDGER)
    tasks = task_list(user=user, filters=filters.dict(include={"source", "chapter", "unit"}))
    return {"count": tasks.count(), "limit": filters.limit, "offset": filters.offset,
            "items": list(tasks[filters.offset:filters.offset + filters.limit])}


@router.get("/{task_id}", response={200: TaskOut, **READ_ERRORS}, summary="督办事项详情")
def task_get(request: HttpRequest, task_id: int) -> Task:
    """One task with its assignments and indicators; another unit's task is a 404."""
    user = caller(request)
    require(user, Action.VIEW_LEDGER)
    task = get_task_for_user(user, task_id)
    prefetch_related_objects(
        [task], "source", "meeting",
        Prefetch("assignments", queryset=Assignment.objects.active().order_by("role", "id")),
        Prefetch("indicators", queryset=Indicator.objects.active().order_by("id")))
    return task
