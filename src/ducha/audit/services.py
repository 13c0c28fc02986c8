"""Writing, checking and pruning the audit log. Other apps call ``audit_record`` only."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from ducha.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent, AuditResult
from ducha.base import DuchaError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User

MIN_RETENTION_DAYS = 180
HASHED_FIELDS = ("at", "actor_id", "actor_username", "role", "address", "action", "object_type",
                 "object_id", "object_repr", "result", "detail", "prev_hash")


def _json(value: Any) -> Any:
    """The value as it will come back from the database's JSON column."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the canonical JSON (sorted keys, no spaces) of the row and its prev_hash."""
    payload = {name: getattr(event, name) for name in HASHED_FIELDS}
    payload["at"] = _iso(event.at)
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    from ducha.security.net import client_address

    return client_address(request)


def audit_record(*, action: str, by: User | None, request: HttpRequest | None = None,
                 obj: models.Model | None = None, result: str = AuditResult.SUCCESS,
                 detail: dict[str, Any] | None = None, username: str = "",
                 at: dt.datetime | None = None) -> AuditEvent:
    """Append one row to the audit log and return it. Stable API for every app.

    - ``action``: what was done, preferably an ``AuditAction`` value (``"export"``,
      ``"import"``, ``"status_decide"``, ``"bulletin_issue"``, ``"report_submit"`` …); any
      other short snake_case string is stored as given.
    - ``by``: the acting user, or ``None`` for the system or an anonymous client.
    - ``request``: the current request, if any; the client address is read from it (honouring
      ``DUCHA_TRUSTED_PROXIES``).
    - ``obj``: the model instance acted on; its type, primary key and ``str()`` are kept.
    - ``result``: ``"success"`` (default), ``"failure"`` or ``"denied"``.
    - ``detail``: a JSON-serialisable dict (values that are not JSON are stored as text).
      Never put passwords, one-time codes or file contents here.
    - ``username``: the name typed at a failed login, when ``by`` is ``None``.
    - ``at``: when it happened; defaults to now.

    The row joins the caller's transaction: if the caller's write is rolled back, so is its
    audit row. Rows are chained (``prev_hash``/``hash``) under a lock on the chain head.
    """
    if not action or len(action) > 50:
        raise DuchaError("审计操作名称不能为空且不超过 50 个字符。", "audit_action")
    if result not in AuditResult.values:
        raise DuchaError(f"审计结果“{result}”无效,应为 success、failure 或 denied。",
                         "audit_result")
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    event = AuditEvent(
        at=at or timezone.now(),
        actor_id=actor.pk if actor else None,
        actor_username=(actor.get_username() if actor else username)[:150],
        role=getattr(actor, "role", "") or "",
        address=_client_address(request)[:45],
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        result=result,
        detail=_json(detail or {}),
    )
    with transaction.atomic():
        head = _locked_head()
        event.prev_hash = head.last_hash
        event.hash = event_hash(event)
        event.save()
        head.last_id = event.pk
        head.last_hash = event.hash
        head.save(update_fields=["last_id", "last_hash"])
    return event


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        last = AuditEvent.objects.order_by("-id").first()
        AuditChainHead.objects.get_or_create(
            pk=1, defaults={"last_id": last.pk if last else 0,
                            "last_hash": last.hash if last else GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


@dataclass(frozen=True)
class ChainReport:
    """The outcome of ``audit_verify``: ``broken_id`` is the first bad row (None when intact)."""

    count: int
    first_id: int | None
    last_id: int | None
    last_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def audit_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain in id order; report the first row that was changed, inserted or removed."""
    starts = {GENESIS_HASH}
    prev: AuditEvent | None = None
    first_id: int | None = None
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        count += 1
        if event.action == AuditAction.AUDIT_PRUNE and isinstance(event.detail, dict):
            starts.add(str(event.detail.get("last_pruned_hash", "")))
        if event_hash(event) != event.hash:
            return ChainReport(count, first_id, event.pk, event.hash, event.pk,
                               f"第 #{event.pk} 条记录的内容与其摘要不符:该行在数据库中被改动过。")
        if prev is None:
            first_id = event.pk
        elif event.prev_hash != prev.hash:
            return ChainReport(count, first_id, event.pk, event.hash, event.pk,
                               f"第 #{event.pk} 条记录的前序摘要与 #{prev.pk} 不符:"
                               f"#{prev.pk} 被改动过,或两者之间的记录被删除。")
        prev = event
    if prev is not None and first_id is not None:
        first = AuditEvent.objects.get(pk=first_id)
        if first.prev_hash not in starts:
            return ChainReport(count, first_id, prev.pk, prev.hash, first_id,
                               f"第 #{first_id} 条记录之前的记录被删除(且不是 ducha audit prune "
                               "所为)。")
    head = AuditChainHead.objects.filter(pk=1).first()
    last_id = prev.pk if prev else None
    last_hash = prev.hash if prev else GENESIS_HASH
    if head is not None and head.last_hash != last_hash:
        return ChainReport(count, first_id, last_id, last_hash, head.last_id,
                           f"链头记录的最后一条是 #{head.last_id},但日志末尾是 #{last_id}:"
                           f"#{last_id} 之后的记录被删除或改动过。")
    return ChainReport(count, first_id, last_id, last_hash)


def audit_prune(*, older_than_days: int, now: dt.datetime, by: User | None = None) -> int:
    """Delete rows older than ``older_than_days`` (at least 180) and record that it was done.

    The prune row stores the hash of the last removed row, so ``audit_verify`` accepts the new
    start of the chain and nothing else.
    """
    if older_than_days < MIN_RETENTION_DAYS:
        raise DuchaError(f"审计日志至少保留 {MIN_RETENTION_DAYS} 天;"
                         f"--older-than-days 不能小于 {MIN_RETENTION_DAYS}。", "retention")
    cutoff = now - dt.timedelta(days=older_than_days)
    with transaction.atomic():
        _locked_head()
        young = AuditEvent.objects.filter(at__gte=cutoff).order_by("id").first()
        old = AuditEvent.objects.order_by("-id")
        last = (old.filter(id__lt=young.pk) if young else old).first()
        if last is None:
            return 0
        last_id, last_hash = last.pk, last.hash
        with connection.cursor() as cursor:
            # The only deletion of audit rows in the product: the oldest rows, under the lock.
            cursor.execute("DELETE FROM audit_auditevent WHERE id <= %s", [last_id])
            removed = int(cursor.rowcount)
        audit_record(action=AuditAction.AUDIT_PRUNE, by=by, at=now,
                     detail={"older_than_days": older_than_days, "cutoff": _iso(cutoff),
                             "removed": removed, "last_pruned_id": last_id,
                             "last_pruned_hash": last_hash})
    return removed
