"""The task page and the permission-checked evidence download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ducha.accounts.permissions import (
    Action,
    can,
    get_evidence_for_user,
    get_task_for_user,
    require,
)
from ducha.reporting.selectors import current_period
from ducha.reporting.taskpage import task_page


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """督办事项: assignments, indicators and pace, reports, assessments and full history."""
    require(request.user, Action.VIEW_LEDGER)  # type: ignore[arg-type]
    task = get_task_for_user(request.user, task_id)  # type: ignore[arg-type]
    page = task_page(task=task, user=request.user)  # type: ignore[arg-type]
    return render(request, "reporting/task.html", {
        "page": page, "task": task,
        "can_review": can(request.user, Action.REVIEW_REPORT),  # type: ignore[arg-type]
        "current": current_period(today=timezone.localdate())})


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Serve an evidence file to someone who may read its report; everyone else gets 404."""
    evidence = get_evidence_for_user(request.user, evidence_id)  # type: ignore[arg-type]
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("佐证材料文件已不在存储中,请联系系统管理员。") from exc
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
