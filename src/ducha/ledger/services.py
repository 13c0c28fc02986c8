"""Writes on the ledger: sources, tasks and assignments by hand, and the reviewed import.

Every service is keyword-only, names who did it (``by``) and leaves its history rows in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from ducha.base import DuchaError, acting_as
from ducha.choices import Role, SourceKind, TaskCategory
from ducha.docparse.errors import DocumentInputError
from ducha.docparse.load import MAX_BYTES, load_bytes
from ducha.docparse.parse import parse_text
from ducha.ledger.importing import documents_import
from ducha.ledger.models import Assignment, ImportDraft, Source, Task
from ducha.ledger.review import apply_corrections

if TYPE_CHECKING:
    from ducha.accounts.models import User
    from ducha.docparse.model import Document
    from ducha.org.models import Unit


@transaction.atomic
def source_create(*, kind: str, title: str, doc_number: str = "", issuer: str = "",
                  issue_date: dt.date | None = None, by: User) -> Source:
    """A source entered by hand (a leader's instruction comes without a document)."""
    if kind not in SourceKind.values:
        raise DuchaError("来源类别无效,请从列表中选择。")
    if not title.strip():
        raise DuchaError("请填写来源标题,例如“王市长关于城区停车问题的批示”。")
    digest = hashlib.sha256(f"manual:{uuid.uuid4()}".encode()).hexdigest()
    with acting_as(by):
        return Source.objects.create(
            kind=kind, title=title.strip(), doc_number=doc_number.strip(), issuer=issuer.strip(),
            issue_date=issue_date, year=issue_date.year if issue_date else None,
            content_hash=digest, created_by=by)


def _assign(task: Task, units: list[Unit], role: str) -> None:
    for unit in units:
        Assignment.objects.get_or_create(task=task, unit=unit, role=role,
                                         defaults={"printed_name": unit.name})


@transaction.atomic
def task_create(*, source: Source, title: str, by: User, lead_units: list[Unit],
                responsible_units: list[Unit] = (), **fields: Any) -> Task:  # type: ignore[assignment]
    """Add a task by hand; at least one lead unit is required so someone reports on it."""
    if not title.strip():
        raise DuchaError("请填写督办事项标题。")
    if not lead_units:
        raise DuchaError("请至少选择一个牵头单位,否则没有单位负责报送进展。")
    position = Task.objects.filter(source=source).count()
    with acting_as(by):
        task = Task.objects.create(source=source, title=title.strip(), position=position,
                                   **_task_fields(fields))
        _assign(task, lead_units, Role.LEAD)
        _assign(task, list(responsible_units), Role.RESPONSIBLE)
    return task


_EDITABLE = ("number", "chapter", "section", "text", "deadline", "deadline_text", "category",
             "lead_leaders")


def _task_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise DuchaError(f"不能修改这些字段: {'、'.join(sorted(unknown))}")
    if fields.get("category", TaskCategory.ANNUAL) not in TaskCategory.values:
        raise DuchaError("事项类别无效,请选择年度任务或长期任务。")
    return fields


@transaction.atomic
def task_update(*, task: Task, by: User, title: str | None = None, **fields: Any) -> Task:
    """Correct a task. Its deadline is a baseline: once units have reported, it changes only
    through an extension (延期), never by editing."""
    fields = _task_fields(fields)
    if "deadline" in fields and fields["deadline"] != task.deadline and task.reports.exists():
        raise DuchaError("已有单位报送进展,完成时限不能直接修改;请通过“延期申请”调整。")
    for name, value in fields.items():
        setattr(task, name, value)
    if title is not None:
        if not title.strip():
            raise DuchaError("督办事项标题不能为空。")
        task.title = title.strip()
    task._history_user = by  # type: ignore[attr-defined]
    task.save()
    return task


@transaction.atomic
def assignment_add(*, task: Task, unit: Unit, role: str, by: User) -> Assignment:
    if role not in Role.values:
        raise DuchaError("分工无效,请选择牵头单位或责任单位。")
    if Assignment.objects.active().filter(task=task, unit=unit, role=role).exists():
        raise DuchaError(f"{unit.name}已是该事项的{Role(role).label}。")
    with acting_as(by):
        return Assignment.objects.create(task=task, unit=unit, role=role,
                                         printed_name=unit.name)


@transaction.atomic
def assignment_archive(*, assignment: Assignment, by: User, now: dt.datetime) -> None:
    """Take a unit off a task; the assignment stays on record, archived."""
    task = assignment.task
    leads = task.assignments.active().filter(role=Role.LEAD).exclude(pk=assignment.pk)
    if assignment.role == Role.LEAD and not leads.exists():
        raise DuchaError("这是该事项唯一的牵头单位;请先添加新的牵头单位再移除。")
    assignment.archived_at = now
    assignment._history_user = by  # type: ignore[attr-defined]
    assignment.save(update_fields=["archived_at"])


def import_draft_create(*, file_name: str, content: bytes, by: User) -> ImportDraft:
    """Keep an upload for review after checking it can be read at all (nothing else written)."""
    if len(content) > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        raise DuchaError(f"文件“{file_name}”超过 {limit} MB 上限,请拆分后上传。", "too_large")
    try:
        parse_text(load_bytes(content, file_name), name=file_name)
    except DocumentInputError as exc:
        raise DuchaError(f"文件“{file_name}”: {exc.problem}", "unreadable") from None
    return ImportDraft.objects.create(file_name=file_name[:255], content=content,
                                      size=len(content),
                                      sha256=hashlib.sha256(content).hexdigest(),
                                      created_by=by)


def import_draft_documents(draft: ImportDraft) -> list[Document]:
    """Parse a stored upload again (parsing is deterministic, so review and import agree)."""
    return parse_text(load_bytes(bytes(draft.content), draft.file_name), name=draft.file_name)


def import_draft_confirm(*, draft: ImportDraft, corrections: dict[str, str], by: User
                         ) -> list[dict[str, Any]]:
    """Import a reviewed upload with the supervisor's corrections applied."""
    if draft.state != ImportDraft.State.PENDING:
        raise DuchaError("该文件已处理过;如需再次导入请重新上传。")
    documents = apply_corrections(import_draft_documents(draft), corrections)
    outcomes = [o.to_dict() for o in documents_import(documents=documents, by=by)]
    ImportDraft.objects.filter(pk=draft.pk).update(state=ImportDraft.State.IMPORTED,
                                                   result=outcomes)
    return outcomes


def import_draft_discard(*, draft: ImportDraft, by: User) -> None:
    ImportDraft.objects.filter(pk=draft.pk, state=ImportDraft.State.PENDING).update(
        state=ImportDraft.State.DISCARDED, content=b"")


def today_local() -> dt.date:
    """Views read the clock once through this."""
    return timezone.localdate()
