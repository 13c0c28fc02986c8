"""Reads behind the office's pages: the review queue, a task's review, 未报送 and 未签收.

Every list is built in a fixed number of queries (no per-row queries); the suggested status
of each text comes from ``docparse.suggest`` and is computed in Python, never stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from ducha.choices import ReportState, Role, Status
from ducha.docparse.suggest import Suggestion, suggest_status
from ducha.ledger.models import Assignment, Source, Task
from ducha.org.models import Unit
from ducha.reporting.models import (
    Acknowledgement,
    Assessment,
    ChangeRequest,
    Evidence,
    LagCause,
    Period,
    Report,
    RequestKind,
    RequestState,
)
from ducha.reporting.vocabulary import status_vocabularies

RULE_LABELS = {
    "basically_done": "基本完成", "percent_complete": "完成比例(全部)",
    "percent_most": "完成比例(大部)", "percent_partial": "完成比例(部分)",
    "lagging": "滞后表述", "not_done": "未完成表述", "problem": "问题表述",
    "completed": "完成表述", "issued": "印发表述", "doc_number": "文号", "past_date": "已过日期",
    "future_date": "计划日期", "pending": "待办条件", "progress": "推进表述",
    "ongoing": "持续表述", "aim": "目标表述",
}
REPORT_STATE_FILTERS = (("submitted", "已报送(待审核)"), ("accepted", "已采纳"),
                        ("returned", "已退回"), ("draft", "草稿"), ("all", "全部"))
ROLE_FILTERS = (("lead", "牵头单位(汇总报送)"), ("responsible", "责任单位"), ("all", "全部"))


@dataclass(frozen=True)
class Segment:
    """A piece of a progress text; ``rule`` is set when the piece is suggestion evidence."""

    text: str
    rule: str = ""

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)


def highlight(text: str, suggestion: Suggestion) -> list[Segment]:
    """Split a text into plain and evidence segments (templates escape every segment)."""
    segments: list[Segment] = []
    at = 0
    for evidence in sorted(suggestion.evidence, key=lambda e: e.start):
        if evidence.start < at or evidence.end > len(text):
            continue  # overlapping or out of range: shown as plain text
        if evidence.start > at:
            segments.append(Segment(text[at:evidence.start]))
        segments.append(Segment(text[evidence.start:evidence.end], evidence.rule))
        at = evidence.end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


@dataclass
class ReviewedReport:
    """A report with its suggested status and highlighted evidence."""

    report: Report
    is_lead: bool
    suggestion: Suggestion
    previous: Report | None = None

    @property
    def status_label(self) -> str:
        return Status(self.suggestion.status).label

    @property
    def segments(self) -> list[Segment]:
        return highlight(self.report.text, self.suggestion)

    @property
    def rules(self) -> list[str]:
        return sorted({RULE_LABELS.get(e.rule, e.rule) for e in self.suggestion.evidence})


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def clean_queue_filters(params: Mapping[str, Any]) -> dict[str, Any]:
    """Filters from the URL query string; anything malformed is ignored, never an error."""
    state = params.get("state") or "submitted"
    role = params.get("role") or "lead"
    status = params.get("status") or ""
    return {
        "unit": _int(params.get("unit")),
        "source": _int(params.get("source")),
        "chapter": (params.get("chapter") or "")[:200],
        "status": status if status in Status.values else "",
        "state": state if state in dict(REPORT_STATE_FILTERS) else "submitted",
        "role": role if role in dict(ROLE_FILTERS) else "lead",
    }


def _lead_exists() -> Exists:
    return Exists(Assignment.objects.active().filter(
        task=OuterRef("task"), unit=OuterRef("unit"), role=Role.LEAD))


def review_queue(*, period: Period, filters: Mapping[str, Any]) -> list[ReviewedReport]:
    """Reports of a period for the office, filtered by unit, source, chapter, state, role and
    suggested status; each with its suggestion and evidence count."""
    qs = (Report.objects.active().filter(period=period)
          .select_related("unit", "task", "task__source")
          .annotate(is_lead=_lead_exists(),
                    evidence_count=Count("evidence", filter=Q(evidence__archived_at__isnull=True)))
          .order_by("task__source_id", "task__position", "-is_lead", "unit__sort_order", "id"))
    if filters.get("state", "submitted") != "all":
        qs = qs.filter(state=filters.get("state", "submitted"))
    if filters.get("unit"):
        qs = qs.filter(unit_id=filters["unit"])
    if filters.get("source"):
        qs = qs.filter(task__source_id=filters["source"])
    if filters.get("chapter"):
        qs = qs.filter(task__chapter=filters["chapter"])
    if filters.get("role", "lead") != "all":
        qs = qs.filter(is_lead=filters.get("role", "lead") == "lead")
    vocabularies = status_vocabularies()
    rows = [ReviewedReport(r, r.is_lead, suggest_status(
        r.text, allowed=vocabularies.get(r.task.source.kind))) for r in qs]
    if filters.get("status"):
        rows = [r for r in rows if r.suggestion.status == filters["status"]]
    return rows


def queue_filter_options(*, period: Period) -> dict[str, Any]:
    """Choices for the queue's filter form: units, sources and chapters that have reports."""
    reports = Report.objects.active().filter(period=period)
    return {
        "units": Unit.objects.active().filter(pk__in=reports.values("unit_id")),
        "sources": Source.objects.active().filter(pk__in=reports.values("task__source_id")),
        "chapters": sorted(set(Task.objects.filter(pk__in=reports.values("task_id"))
                               .exclude(chapter="").values_list("chapter", flat=True))),
        "statuses": Status.choices,
        "states": REPORT_STATE_FILTERS,
        "roles": ROLE_FILTERS,
    }


def assessments_by_task(*, period: Period, task_ids: list[int]) -> dict[int, Assessment]:
    qs = Assessment.objects.active().filter(period=period, task_id__in=task_ids)
    return {a.task_id: a for a in qs.select_related("cause")}


@dataclass
class TaskReview:
    task: Task
    period: Period
    reports: list[ReviewedReport]
    assessment: Assessment | None
    causes: list[LagCause]
    has_evidence: bool

    @property
    def lead_suggestion(self) -> str:
        for row in self.reports:
            if row.is_lead and row.report.text:
                return row.suggestion.status
        return next((r.suggestion.status for r in self.reports if r.report.text),
                    Status.IN_PROGRESS)


def task_review(*, task: Task, period: Period) -> TaskReview:
    """All units' reports on a task in a period, suggestions, last period's milestones and the
    current assessment (with its version, for optimistic locking)."""
    evidence = Evidence.objects.active().order_by("uploaded_at", "id")
    reports = list(Report.objects.active().filter(task=task, period=period)
                   .select_related("unit", "submitted_by", "reviewed_by")
                   .annotate(is_lead=_lead_exists())
                   .prefetch_related("actuals__indicator", Prefetch("evidence", queryset=evidence))
                   .order_by("-is_lead", "unit__sort_order", "id"))
    earlier = (Report.objects.active().filter(task=task, period__due_date__lt=period.due_date)
               .select_related("period").order_by("-period__due_date"))
    previous: dict[int, Report] = {}
    for report in earlier:
        previous.setdefault(report.unit_id, report)
    allowed = status_vocabularies().get(task.source.kind)
    rows = [ReviewedReport(r, r.is_lead, suggest_status(r.text, allowed=allowed),
                           previous.get(r.unit_id)) for r in reports]
    return TaskReview(
        task=task, period=period, reports=rows,
        assessment=Assessment.objects.active().filter(task=task, period=period)
        .select_related("cause", "decided_by").first(),
        causes=list(LagCause.objects.active()),
        has_evidence=Evidence.objects.active().filter(
            report__task=task, report__period__due_date__lte=period.due_date).exists(),
    )


def _assignment_rows(period: Period) -> QuerySet[Assignment]:
    reports = Report.objects.active().filter(period=period, task=OuterRef("task"),
                                             unit=OuterRef("unit"))
    return (Assignment.objects.active()
            .filter(unit__isnull=False, task__archived_at__isnull=True)
            .select_related("task", "task__source", "unit")
            .annotate(
                reported=Exists(reports.filter(state__in=(ReportState.SUBMITTED,
                                                          ReportState.ACCEPTED))),
                drafted=Exists(reports.filter(state__in=(ReportState.DRAFT,
                                                         ReportState.RETURNED))),
                acked=Exists(Acknowledgement.objects.filter(period=period,
                                                            assignment=OuterRef("pk"))),
                released=Exists(ChangeRequest.objects.filter(
                    assignment=OuterRef("pk"), kind=RequestKind.DISPUTE,
                    state=RequestState.APPROVED)),
            )
            .filter(released=False)
            .order_by("unit__sort_order", "unit__name", "task__source_id", "task__position"))


def missing_reports(*, period: Period) -> QuerySet[Assignment]:
    """未报送: each unit × task assignment with no submitted or accepted report this period."""
    return _assignment_rows(period).filter(reported=False)


def unacknowledged_assignments(*, period: Period) -> QuerySet[Assignment]:
    """未签收: assignments the unit has not acknowledged in this period."""
    return _assignment_rows(period).filter(acked=False)


def pending_requests() -> QuerySet[ChangeRequest]:
    return (ChangeRequest.objects.filter(state=RequestState.PENDING)
            .select_related("task", "task__source", "unit", "requested_by")
            .order_by("requested_at", "id"))


def decided_requests(*, limit: int = 50) -> QuerySet[ChangeRequest]:
    return (ChangeRequest.objects.exclude(state=RequestState.PENDING)
            .select_related("task", "unit", "decided_by")
            .order_by("-decided_at", "-id")[:limit])
