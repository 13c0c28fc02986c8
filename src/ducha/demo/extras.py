"""The demo's workflow details beyond reports: acknowledgements of the current period, a few
extension and dispute requests, and evidence files, so every page has something to show."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from ducha.choices import PeriodState, Role
from ducha.ledger.models import Assignment
from ducha.reporting.models import (
    Acknowledgement,
    ChangeRequest,
    Evidence,
    Report,
    RequestKind,
    RequestState,
)

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.demo.ledger_plan import PlannedTask
    from ducha.demo.workflow_plan import WorkflowContext
    from ducha.ledger.models import Task

# A one-page PDF with the text "demo", small enough to write many times.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _now(ctx: WorkflowContext) -> dt.datetime:
    from ducha.demo.workflow_plan import LOCAL

    return dt.datetime.combine(ctx.today, dt.time(9, 0), tzinfo=LOCAL)


def write_extras(*, pairs: list[tuple[PlannedTask, Task]], ctx: WorkflowContext,
                 rng: random.Random, office: User) -> None:
    """Acknowledgements (most units, not all), two requests and three evidence files."""
    current = next((p for p in ctx.periods if p.state == PeriodState.OPEN), None)
    tasks = [t for _p, t in pairs]
    assignments = list(Assignment.objects.filter(task__in=tasks, unit__isnull=False))
    if current is not None:
        Acknowledgement.objects.bulk_create(
            Acknowledgement(period=current, assignment=a, unit_id=a.unit_id,
                            by_id=ctx.liaisons[a.unit_id], at=_now(ctx))
            for a in assignments if a.unit_id in ctx.liaisons and rng.random() < 0.85)
    leads = [a for a in assignments if a.role == Role.LEAD and a.task.deadline
             and a.task.deadline > ctx.today and a.unit_id in ctx.liaisons]
    for k, assignment in enumerate(leads[:2]):
        task = assignment.task
        ChangeRequest.objects.create(
            kind=RequestKind.EXTENSION, task=task, assignment=assignment,
            unit_id=assignment.unit_id, reason="受用地报批进度影响,需顺延完成时限。",
            original_deadline=task.deadline,
            new_deadline=task.deadline + dt.timedelta(days=60),
            state=RequestState.APPROVED if k == 0 else RequestState.PENDING,
            requested_by_id=ctx.liaisons[assignment.unit_id], requested_at=_now(ctx),
            decided_by=office if k == 0 else None, decided_at=_now(ctx) if k == 0 else None,
            decision_note="同意延期。" if k == 0 else "")
    reports = Report.objects.filter(task__in=tasks, state="accepted").order_by("pk")[:3]
    for report in reports:
        uploader = ctx.liaisons.get(report.unit_id, office.pk)
        evidence = Evidence(report=report, original_name="实施方案印发文件.pdf", kind="pdf",
                            content_type="application/pdf", size=len(DEMO_PDF),
                            sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
                            uploaded_by_id=uploader, uploaded_at=_now(ctx))
        evidence.file.save("demo.pdf", ContentFile(DEMO_PDF), save=False)
        evidence.save()
