"""Login failure handling: 5 failures within 15 minutes lock the account and the address.

Counted in the database (``LoginFailure``, ``Lockout``) so every app server sees the same
locks. Every function takes ``now``; the boundary (backend, signal, view) reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from ducha.audit.models import AuditAction
from ducha.audit.services import audit_record
from ducha.security.models import LockKind, Lockout, LoginFailure

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK_FOR = dt.timedelta(minutes=15)
# Failures are counted only within WINDOW; a day leaves room for app servers whose clocks
# disagree. Older rows are pruned (each failure stays in the audit log, which is the record).
KEEP_FAILURES = dt.timedelta(days=1)


def lock_active(*, username: str, address: str, now: dt.datetime) -> Lockout | None:
    """The lock in force on this account or this address, the one that lasts longest."""
    keys = Q(kind=LockKind.ACCOUNT, key=username) if username else Q(pk__in=[])
    if address:
        keys |= Q(kind=LockKind.ADDRESS, key=address)
    return (Lockout.objects.filter(keys, released_at__isnull=True, until__gt=now)
            .order_by("-until").first())


def lock_message(lock: Lockout) -> str:
    """The Chinese message shown at the login page: what happened, until when, what to do."""
    until = timezone.localtime(lock.until)
    when = f"{until.year}年{until.month}月{until.day}日 {until:%H:%M}"
    what = (f"账户“{lock.key}”" if lock.kind == LockKind.ACCOUNT
            else f"本机地址({lock.key})")
    minutes = int(WINDOW.total_seconds() // 60)
    return (f"{what}在 {minutes} 分钟内连续 {MAX_FAILURES} 次登录失败,已被锁定至 {when}。"
            f"请在该时间之后再试;如需提前解锁,请联系安全管理员。")


def _count_since(kind: str, key: str, now: dt.datetime) -> int:
    start = now - WINDOW
    last = Lockout.objects.filter(kind=kind, key=key).order_by("-locked_at").first()
    if last is not None:
        start = max(start, last.released_at or last.locked_at, last.locked_at)
    failures = LoginFailure.objects.filter(at__gt=start, at__lte=now)
    if kind == LockKind.ACCOUNT:
        return failures.filter(username=key, account_cleared=False).count()
    return failures.filter(address=key).count()


def login_failure_record(*, username: str, address: str, now: dt.datetime,
                         request: HttpRequest | None = None) -> Lockout | None:
    """Count one failed login; lock the account and/or address at the 5th within 15 minutes.

    Returns the lock now in force, if any (a new one is audited as ``lockout``).
    """
    login_failures_prune(now=now)  # opportunistic: keeps the table as small as the window
    LoginFailure.objects.create(username=username[:150], address=address, at=now)
    for kind, key in ((LockKind.ACCOUNT, username[:150]), (LockKind.ADDRESS, address)):
        if key and _count_since(kind, key, now) >= MAX_FAILURES:
            lock = Lockout.objects.create(kind=kind, key=key, locked_at=now, until=now + LOCK_FOR)
            audit_record(action=AuditAction.LOCKOUT, by=None, request=request, obj=lock,
                         result="failure", username=username, at=now,
                         detail={"kind": kind, "key": key, "until": lock.until.isoformat()})
    return lock_active(username=username, address=address, now=now)


def login_failures_prune(*, now: dt.datetime) -> int:
    """Delete failures older than ``KEEP_FAILURES``, which no lockout count reads any more.

    Called at every failed login and by ``ducha security prune`` (nightly), so a password
    spraying run cannot grow the table without bound. Returns the number of rows deleted.
    """
    deleted, _by_model = LoginFailure.objects.filter(at__lt=now - KEEP_FAILURES).delete()
    return deleted


def login_success_record(*, user: User, now: dt.datetime) -> None:
    """A successful login clears the account's failure count (not the address's)."""
    LoginFailure.objects.filter(username=user.get_username(), account_cleared=False,
                                at__lte=now).update(account_cleared=True)


def lock_release(*, lock: Lockout, by: User, now: dt.datetime,
                 request: HttpRequest | None = None) -> Lockout:
    """End a lock early (安全管理员解锁); the row stays as a record."""
    updated = Lockout.objects.filter(pk=lock.pk, released_at__isnull=True).update(
        released_at=now, released_by=by)
    lock.refresh_from_db()
    if updated:
        audit_record(action=AuditAction.UNLOCK, by=by, request=request, obj=lock, at=now,
                     detail={"kind": lock.kind, "key": lock.key})
    return lock


def locks_in_force(*, now: dt.datetime) -> list[Lockout]:
    return list(Lockout.objects.filter(released_at__isnull=True, until__gt=now)
                .order_by("-locked_at"))
