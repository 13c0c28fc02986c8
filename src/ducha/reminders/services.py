"""Writes for 督办单: the nightly recompute, and the claimed, audited delivery of notices.

``reminder_recompute`` judges every open period on ``today`` and brings the open reminders in
line: a warning that no longer applies is resolved, a changed grade resolves the old row and
opens a new one, an unchanged one is only confirmed — so running it twice never duplicates.
It runs under a lock row, so two runners started at once take turns.

``notification_send_due`` claims pending deliveries with a conditional UPDATE
(``… SET claimed_by=me WHERE id IN (…) AND state='pending' AND (claimed_by IS NULL OR the claim
is stale)``): two runners never send the same notice, and a restart picks up what a crashed
runner left (its claims go stale after ``CLAIM_LEASE``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from ducha.accounts.models import User
from ducha.choices import UserRole
from ducha.reminders.models import (
    Channel,
    DeliveryState,
    Notification,
    Reminder,
    RemindLock,
    RemindRun,
)
from ducha.reminders.selectors import Key, open_periods, warnings_due
from ducha.reporting import notify
from ducha.reporting.reminders import GRADE_LABELS, Verdict

if TYPE_CHECKING:
    from django.http import HttpRequest

CLAIM_LEASE = dt.timedelta(minutes=15)  # a claim older than this was left by a dead runner
MAX_ATTEMPTS = 3
LOCK_NAME = "remind"


def runner_name() -> str:
    """A name unique to this process run: host, pid and a random suffix."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _audit(*, action: str, by: User | None, obj: Any, detail: dict[str, Any],
           result: str = "success", request: HttpRequest | None = None,
           at: dt.datetime | None = None) -> None:
    from ducha.audit.services import audit_record

    audit_record(action=action, by=by, obj=obj, detail=detail, result=result, request=request,
                 at=at)


# ---------------------------------------------------------------------------------------------
# Recompute


def email_enabled() -> bool:
    """E-mail goes out when an SMTP host is configured, or another backend is (tests: locmem)."""
    backend = settings.EMAIL_BACKEND
    return bool(settings.EMAIL_HOST) or backend != "django.core.mail.backends.smtp.EmailBackend"


def _liaison_emails(unit_ids: set[int]) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = defaultdict(list)
    rows = (User.objects.filter(role=UserRole.REPORTER, unit_id__in=unit_ids, is_active=True)
            .exclude(email="").order_by("id").values_list("unit_id", "email"))
    for unit_id, email in rows:
        if email not in emails[unit_id]:
            emails[unit_id].append(email)
    return emails


def _queue(reminders: list[Reminder], now: dt.datetime) -> int:
    """One pending delivery per channel for each new reminder."""
    rows: list[Notification] = []
    emails = _liaison_emails({r.unit_id for r in reminders}) if email_enabled() else {}
    for reminder in reminders:
        if reminder.unit_id in emails:
            rows.append(Notification(reminder=reminder, channel=Channel.EMAIL, created_at=now,
                                     target=",".join(emails[reminder.unit_id])))
        if settings.DUCHA_WEBHOOK_URL:
            rows.append(Notification(reminder=reminder, channel=Channel.WEBHOOK,
                                     created_at=now))
    Notification.objects.bulk_create(rows)
    return len(rows)


def _resolve(reminders: list[Reminder], now: dt.datetime, reasons: dict[int, str]) -> None:
    for reminder in reminders:
        reminder.resolved_at, reminder.resolution = now, reasons[reminder.pk][:100]
    Reminder.objects.bulk_update(reminders, ["resolved_at", "resolution"])
    # a notice of a warning that has ended is not worth sending any more
    Notification.objects.filter(reminder__in=reminders, state=DeliveryState.PENDING,
                                claimed_by__isnull=True).update(
        state=DeliveryState.FAILED, last_error="督办单已解除,不再发送")


def _new(key: Key, verdict: Verdict, *, today: dt.date, now: dt.datetime, run: RemindRun
         ) -> Reminder:
    task_id, unit_id, period_id = key
    return Reminder(task_id=task_id, unit_id=unit_id, period_id=period_id, grade=verdict.grade,
                    reason=verdict.reason, due_on=verdict.due_on, created_at=now,
                    first_seen_on=today, last_seen_on=today, runs=1, run=run)


def _lock() -> None:
    """Wait for any other recompute to finish (the row exists: created before the transaction)."""
    RemindLock.objects.select_for_update().get(name=LOCK_NAME)


def reminder_recompute(*, today: dt.date, now: dt.datetime, by: User | None,
                       runner: str = "", days: int | None = None,
                       request: HttpRequest | None = None) -> RemindRun:
    """Recompute every warning for ``today`` and record the differences (idempotent)."""
    days = settings.DUCHA_REMIND_DAYS if days is None else days
    RemindLock.objects.get_or_create(name=LOCK_NAME)
    with transaction.atomic():
        _lock()
        run = RemindRun.objects.create(today=today, runner=runner or runner_name(), by=by,
                                       started_at=now)
        desired = warnings_due(today=today, days=days)
        open_ids = {p.pk for p in open_periods()}
        current = {(r.task_id, r.unit_id, r.period_id): r
                   for r in Reminder.objects.filter(resolved_at__isnull=True)}
        created: list[Reminder] = []
        ended: list[Reminder] = []
        why: dict[int, str] = {}
        kept: list[Reminder] = []
        for key, reminder in current.items():
            verdict = desired.get(key)
            if verdict is None:
                ended.append(reminder)
                why[reminder.pk] = ("督办周期已关闭" if reminder.period_id not in open_ids
                                    else "情况已消除")
            elif verdict.grade != reminder.grade:
                ended.append(reminder)
                why[reminder.pk] = f"调整为{GRADE_LABELS[verdict.grade]}"
                created.append(_new(key, verdict, today=today, now=now, run=run))
            else:
                if today > reminder.last_seen_on:
                    reminder.runs += 1
                reminder.last_seen_on = max(today, reminder.last_seen_on)
                reminder.reason, reminder.due_on = verdict.reason, verdict.due_on
                kept.append(reminder)
        created += [_new(key, v, today=today, now=now, run=run)
                    for key, v in desired.items() if key not in current]
        _resolve(ended, now, why)
        Reminder.objects.bulk_update(kept, ["runs", "last_seen_on", "reason", "due_on"])
        Reminder.objects.bulk_create(created)
        if created and created[0].pk is None:  # backends that do not return ids (none today)
            created = list(Reminder.objects.filter(run=run))
        queued = _queue(created, now)
        run.created, run.resolved, run.kept = len(created), len(ended), len(kept)
        run.finished_at = now
        run.save(update_fields=["created", "resolved", "kept", "finished_at"])
        _audit(action="remind_run", by=by, obj=run, at=now, request=request, detail={
            "today": today.isoformat(), "runner": run.runner, "days": days,
            "created": run.created, "resolved": run.resolved, "kept": run.kept,
            "queued": queued})
    return run


# ---------------------------------------------------------------------------------------------
# Delivery


@dataclass
class SendResult:
    """What one sending pass did: how many deliveries it claimed, sent and failed."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0


def notification_claim(*, runner: str, now: dt.datetime, batch: int = 50,
                       exclude: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Claim up to ``batch`` pending deliveries for ``runner``; returns the ids it won.

    The UPDATE re-checks the claim condition row by row, so when two runners pick the same
    candidates only one UPDATE matches each row (PostgreSQL re-reads a locked row after the
    other transaction commits; SQLite serialises writers).
    """
    free = Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    pending = Notification.objects.filter(free, state=DeliveryState.PENDING)
    candidates = list(pending.exclude(pk__in=exclude).order_by("id")
                      .values_list("id", flat=True)[:batch])
    if not candidates:
        return []
    pending.filter(pk__in=candidates).update(claimed_by=runner, claimed_at=now)
    return list(Notification.objects.filter(pk__in=candidates, claimed_by=runner,
                                            state=DeliveryState.PENDING)
                .order_by("id").values_list("id", flat=True))


def _notice(n: Notification) -> notify.Notice:
    r = n.reminder
    return notify.Notice(notice_id=n.pk, grade=r.grade, unit=r.unit.name, task=str(r.task),
                         period=r.period.label, reason=r.reason, due_on=r.due_on)


def _deliver(n: Notification, now: dt.datetime) -> None:
    notice = _notice(n)
    if n.channel == Channel.EMAIL:
        notify.send_email(notice=notice, recipients=[a for a in n.target.split(",") if a],
                          sender=settings.DEFAULT_FROM_EMAIL)
    else:
        notify.send_webhook(notice=notice, url=settings.DUCHA_WEBHOOK_URL, now=now,
                            secret=settings.DUCHA_WEBHOOK_SECRET)


def _finish(n: Notification, *, runner: str, now: dt.datetime, by: User | None,
            error: str | None) -> bool:
    """Record the outcome and its audit row together; False when the claim was lost."""
    mine = Notification.objects.filter(pk=n.pk, claimed_by=runner, state=DeliveryState.PENDING)
    detail = {"channel": n.channel, "reminder": n.reminder_id, "grade": n.reminder.grade,
              "unit": n.reminder.unit.name, "task": n.reminder.task_id,
              "attempt": n.attempts + 1}
    with transaction.atomic():
        if error is None:
            done = mine.update(state=DeliveryState.SENT, sent_at=now, last_error="",
                               attempts=F("attempts") + 1)
        else:
            final = n.attempts + 1 >= MAX_ATTEMPTS
            done = mine.update(state=DeliveryState.FAILED if final else DeliveryState.PENDING,
                               attempts=F("attempts") + 1, last_error=error[:500],
                               claimed_by=None, claimed_at=None)
            detail["error"] = error[:200]
        if done:
            _audit(action="notice_send", by=by, obj=n, at=now, detail=detail,
                   result="success" if error is None else "failure")
    return bool(done)


def notification_send_due(*, now: dt.datetime, by: User | None, runner: str = "",
                          batch: int = 50) -> SendResult:
    """Claim and send every pending delivery, batch by batch; each is tried once per pass."""
    runner = runner or runner_name()
    result = SendResult()
    tried: set[int] = set()
    while ids := notification_claim(runner=runner, now=now, batch=batch, exclude=tried):
        tried.update(ids)
        result.claimed += len(ids)
        rows = (Notification.objects.filter(pk__in=ids)
                .select_related("reminder__task", "reminder__unit", "reminder__period"))
        for n in rows:
            try:
                _deliver(n, now)
            except notify.DeliveryError as exc:
                if _finish(n, runner=runner, now=now, by=by, error=str(exc)):
                    result.failed += 1
            else:
                if _finish(n, runner=runner, now=now, by=by, error=None):
                    result.sent += 1
    return result
