"""Reads of the audit log for the auditor's page and the exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ducha.audit.models import AuditEvent, AuditResult
from ducha.choices import UserRole

EXPORT_HEADER = ["序号", "时间", "用户名", "角色", "来源地址", "操作", "对象", "对象编号",
                 "结果", "详情", "前序摘要", "摘要"]


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    action: str = ""
    result: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_event_list(*, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Audit rows, newest first, narrowed by the filters (dates are local calendar days)."""
    f = filters or AuditFilters()
    qs = AuditEvent.objects.order_by("-id")
    if f.username:
        qs = qs.filter(actor_username__icontains=f.username)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.result:
        qs = qs.filter(result=f.result)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(f.date_from, dt.time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min,
                                                  tzinfo=tz))
    return qs


def _label(choices: Any, value: str) -> str:
    return choices(value).label if value in choices.values else value


def audit_export_rows(queryset: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    """The rows of an export (header first), in chain order, raw text (quote with safe_cell)."""
    import json

    yield EXPORT_HEADER
    for e in queryset.order_by("id").iterator(chunk_size=2000):
        yield [e.pk, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_username,
               _label(UserRole, e.role), e.address, e.action_label,
               f"{e.object_type} {e.object_repr}".strip(), e.object_id,
               _label(AuditResult, e.result),
               json.dumps(e.detail, ensure_ascii=False, sort_keys=True), e.prev_hash, e.hash]
