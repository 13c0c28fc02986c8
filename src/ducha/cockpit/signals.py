"""Keep the cockpit's running totals in step with every saved row, in the same transaction.

Before a report, assessment, task, assignment, indicator, indicator actual or forecast, or
change request is saved, the contribution of its task is read; after the save it is read
again and the difference is added to the totals (``ducha.cockpit.totals``). Signals rather
than calls in each service, so that the reporting services, the ledger's edits, imports and
the API cannot forget it.
Writes that bypass ``save()`` (bulk inserts, ``QuerySet.update``) must run inside
``totals.recounted`` or call ``totals.rebuild()``.

A period that is created, archived or moved changes which period comes before which, so the
tasks whose cells depend on that order are recounted then (``totals.relink``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import connection
from django.db.models.signals import post_save, pre_save

from ducha.cockpit import totals

ATTR = "_cockpit_before"


def _task_id(instance: Any) -> int | None:
    from ducha.ledger.models import Task

    if isinstance(instance, Task):
        return instance.pk
    if hasattr(instance, "task_id"):
        return instance.task_id
    return instance.report.task_id if instance.report_id else None  # actuals, forecasts


def _contribution(instance: Any, task_id: int) -> Counter[totals.Cell]:
    """What the task adds to the cells this kind of row can change: an indicator's actual or
    forecast only moves the forecast cells, so only those are read for it."""
    from ducha.reporting.models import IndicatorActual, IndicatorForecast

    if isinstance(instance, IndicatorActual | IndicatorForecast):
        return totals.forecast_contributions([task_id])
    return totals.contributions([task_id])


def _before(sender: Any, instance: Any, raw: bool = False, **_kwargs: Any) -> None:
    if raw:  # fixtures loading: no totals (rebuild afterwards)
        return
    task_id = _task_id(instance)
    if task_id is None:
        return
    if connection.in_atomic_block and connection.features.has_select_for_update:
        from ducha.ledger.models import Task

        # one writer per task at a time: the before/after pair must not interleave
        list(Task.objects.select_for_update().filter(pk=task_id).values_list("pk"))
    setattr(instance, ATTR, (task_id, _contribution(instance, task_id)))


def _after(sender: Any, instance: Any, raw: bool = False, **_kwargs: Any) -> None:
    held = instance.__dict__.pop(ATTR, None)
    task_id = _task_id(instance)
    if raw or task_id is None:
        return
    before = held[1] if held is not None and held[0] == task_id else Counter()
    totals.apply(totals.difference(_contribution(instance, task_id), before))


def _period_before(sender: Any, instance: Any, raw: bool = False, **_kwargs: Any) -> None:
    instance.__dict__[ATTR] = None if raw else totals.period_map()


def _period_after(sender: Any, instance: Any, raw: bool = False, **_kwargs: Any) -> None:
    old = instance.__dict__.pop(ATTR, None)
    if not raw and old is not None:
        totals.relink(old, totals.period_map())


def connect() -> None:
    from ducha.ledger.models import Assignment, Indicator, Task
    from ducha.reporting.models import (
        Assessment,
        ChangeRequest,
        IndicatorActual,
        IndicatorForecast,
        Period,
        Report,
    )

    for model in (Report, Assessment, Task, Assignment, Indicator, ChangeRequest,
                  IndicatorActual, IndicatorForecast):
        pre_save.connect(_before, sender=model, dispatch_uid=f"cockpit-before-{model.__name__}")
        post_save.connect(_after, sender=model, dispatch_uid=f"cockpit-after-{model.__name__}")
    pre_save.connect(_period_before, sender=Period, dispatch_uid="cockpit-period-before")
    post_save.connect(_period_after, sender=Period, dispatch_uid="cockpit-period-after")
