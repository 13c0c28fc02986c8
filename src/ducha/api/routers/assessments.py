"""Assessments (督办评定): read for the tasks the caller sees, decided by the office through
``reporting.services.assessment_decide`` with optimistic locking (409 on a stale version)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from ducha.accounts.permissions import Action, get_task_for_user, require, visible_tasks
from ducha.api.errors import ApiError
from ducha.api.routers import READ_ERRORS, WRITE_ERRORS, caller
from ducha.api.routers.periods import period_or_404
from ducha.api.schemas import (
    AssessmentDecideIn,
    AssessmentFilters,
    AssessmentListOut,
    AssessmentOut,
)
from ducha.reporting.models import Assessment, LagCause
from ducha.reporting.services import assessment_decide

router = Router(tags=["督办评定"])


@router.get("", response={200: AssessmentListOut, **READ_ERRORS}, summary="某周期的督办评定")
def assessment_list(request: HttpRequest,
                    filters: Query[AssessmentFilters]) -> dict[str, object]:
    """Assessments of one period, for the tasks the caller may see, in ledger order."""
    user = caller(request)
    require(user, Action.VIEW_LEDGER)
    period = period_or_404(filters.period)
    rows = (Assessment.objects.active()
            .filter(period=period, task__in=visible_tasks(user).values("pk"))
            .select_related("cause", "decided_by")
            .order_by("task__source_id", "task__position", "id"))
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.light is not None:
        rows = rows.filter(light=filters.light)
    return {"count": rows.count(), "limit": filters.limit, "offset": filters.offset,
            "items": list(rows[filters.offset:filters.offset + filters.limit])}


def _cause(cause_id: int | None) -> LagCause | None:
    if cause_id is None:
        return None
    cause: LagCause | None = LagCause.objects.filter(pk=cause_id).first()
    if cause is None:
        raise ApiError("请求内容有误", "unknown_cause", 422, [
            {"field": "cause_id", "message": f"字段“cause_id”:滞后原因 {cause_id} 不存在"}])
    return cause


@router.post("", response={200: AssessmentOut, **WRITE_ERRORS}, summary="评定状态")
def assessment_decide_view(request: HttpRequest, payload: AssessmentDecideIn) -> Assessment:
    """Set a task's status and light for a period.

    Send the ``version`` you read as ``expected_version`` (0 when there was none); if someone
    decided in between, nothing is written and the answer is 409 ``stale``.
    """
    user = caller(request)
    require(user, Action.DECIDE_ASSESSMENT)
    period = period_or_404(payload.period_id)
    task = get_task_for_user(user, payload.task_id)
    assessment = assessment_decide(
        task=task, period=period, status=payload.status, light=payload.light, by=user,
        expected_version=payload.expected_version, now=timezone.now(), note=payload.note,
        cause=_cause(payload.cause_id), evidence_citation=payload.evidence_citation,
        accept_submitted=payload.accept_submitted, request=request)
    saved: Assessment = Assessment.objects.select_related("cause", "decided_by").get(
        pk=assessment.pk)
    return saved
