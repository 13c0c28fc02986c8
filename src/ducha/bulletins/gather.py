"""What a bulletin reports on, read from the ledger in a constant number of queries.

For every task in scope: its status (this period's assessment, else the latest before it),
the progress text (the lead unit's report of the period, else the assessment's note) and the
printed unit names, lead first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from ducha.choices import MeetingKind, ReportState, Role
from ducha.docparse.suggest import suggest_status
from ducha.ledger.models import Assignment, Meeting, Task
from ducha.reporting.models import Assessment, Period, Report
from ducha.reporting.vocabulary import status_vocabularies

UNFINISHED = ("in_progress", "not_done", "lagging", "problem")


@dataclass
class ItemState:
    task: Task
    status: str
    assessed: bool  # False when the status is only suggested from the progress text
    progress: str
    units: list[str]
    carried: bool = False


def _latest_assessments(tasks: list[Task], period: Period) -> dict[int, Assessment]:
    rows = (Assessment.objects.active()
            .filter(task__in=tasks, period__due_date__lte=period.due_date)
            .select_related("period").order_by("period__due_date"))
    return {a.task_id: a for a in rows}  # later periods overwrite earlier ones


def _progress(tasks: list[Task], period: Period) -> dict[int, str]:
    """The lead unit's report text of the period (accepted before submitted)."""
    leads = {(a.task_id, a.unit_id) for t in tasks for a in t.assignments.all()
             if a.role == Role.LEAD and a.unit_id}
    rank = {ReportState.ACCEPTED: 0, ReportState.SUBMITTED: 1}
    best: dict[int, tuple[int, str]] = {}
    rows = Report.objects.active().filter(task__in=tasks, period=period,
                                          state__in=list(rank)).values_list(
        "task_id", "unit_id", "state", "text")
    for task_id, unit_id, state, text in rows:
        score = rank[state] + (0 if (task_id, unit_id) in leads else 10)
        if text.strip() and (task_id not in best or score < best[task_id][0]):
            best[task_id] = (score, text.strip())
    return {k: v[1] for k, v in best.items()}


def item_states(tasks: Iterable[Task], period: Period) -> list[ItemState]:
    """Status, progress and units for each task, in the given order."""
    active = Assignment.objects.active().order_by("role", "id")
    tasks = list(Task.objects.filter(pk__in=[t.pk for t in tasks])
                 .select_related("meeting", "source")
                 .prefetch_related(Prefetch("assignments", queryset=active))
                 .order_by("meeting__date", "meeting__number", "source_id", "position"))
    assessments = _latest_assessments(tasks, period)
    progress = _progress(tasks, period)
    vocabularies = status_vocabularies()  # an unassessed item is suggested in the office's terms
    states = []
    for task in tasks:
        assessment = assessments.get(task.pk)
        text = progress.get(task.pk) or (assessment.note.strip() if assessment else "")
        if assessment is not None:
            status, assessed = assessment.status, True
        else:
            allowed = vocabularies.get(task.source.kind)
            status = suggest_status(text, allowed=allowed).status if text else "not_done"
            assessed = False
        units = [a.printed_name for a in task.assignments.all() if not a.implicit]
        states.append(ItemState(task, status, assessed, text, units))
    return states


def meeting_tasks(*, until: dt.date) -> list[Task]:
    """Tasks decided at meetings held up to ``until``."""
    return list(Task.objects.active().filter(meeting__isnull=False, meeting__date__lte=until))


def executive_meeting_dates(*, until: dt.date, since: dt.date | None = None) -> list[dt.date]:
    """Dates of the executive meetings held in [since, until], in order: the opening counts
    every meeting held ("共召开18次常务会议"), also those whose minutes assigned nothing."""
    rows = Meeting.objects.active().filter(kind=MeetingKind.EXECUTIVE, date__lte=until)
    if since is not None:
        rows = rows.filter(date__gte=since)
    return list(rows.order_by("date", "number").values_list("date", flat=True))
