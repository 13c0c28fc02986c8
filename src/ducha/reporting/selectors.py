"""Reads of the workflow: the period in force, status and report counts, lagging tasks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from ducha.choices import ReportState, Status
from ducha.reporting.models import Assessment, Period, Report

if TYPE_CHECKING:
    from ducha.accounts.models import User

LAGGING_STATUSES = (Status.NOT_DONE, Status.LAGGING, Status.PROBLEM)


def current_period(*, today: dt.date) -> Period | None:
    """The first period whose due date is today or later; else the latest one."""
    periods = Period.objects.active()
    return (
        periods.filter(due_date__gte=today).order_by("due_date").first()
        or periods.order_by("-due_date").first()
    )


def latest_assessed_period() -> Period | None:
    """The most recent period that has any assessment (what leaders look at)."""
    return (
        Period.objects.active().filter(assessments__isnull=False)
        .order_by("-due_date").distinct().first()
    )


def status_counts(*, period: Period) -> dict[str, int]:
    """Assessments of a period by status code, every status present (zero when none)."""
    rows = (
        Assessment.objects.active().filter(period=period)
        .values("status").annotate(n=Count("id")).order_by()
    )
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def report_state_counts(*, period: Period, user: User | None = None) -> dict[str, int]:
    """Reports of a period by state (draft, submitted, returned, accepted)."""
    from ducha.accounts.permissions import visible_reports

    qs = visible_reports(user) if user is not None else Report.objects.active()
    rows = qs.filter(period=period).values("state").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(ReportState.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def lagging_assessments(*, period: Period) -> QuerySet[Assessment]:
    """Assessments of a period that are not done, lagging or a problem, worst first."""
    severity = Case(
        *(When(status=code, then=Value(rank)) for rank, code in enumerate(LAGGING_STATUSES)),
        output_field=IntegerField(),
    )
    return (
        Assessment.objects.active()
        .filter(period=period, status__in=LAGGING_STATUSES)
        .select_related("task", "task__source")
        .order_by(-severity, "task__source_id", "task__position")
    )
