"""Login failures and successes feed the lockout counters (Django auth signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from ducha.security.lockout import login_failure_record, login_success_record
from ducha.security.net import client_address


@receiver(user_login_failed, dispatch_uid="ducha.security.count_failure")
def count_failure(sender: Any, credentials: dict[str, Any],
                  request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is None or getattr(request, "ducha_lockout", None) is not None:
        return  # attempts during a lock are audited, not counted again
    lock = login_failure_record(username=str(credentials.get("username") or ""),
                                address=client_address(request), now=timezone.now(),
                                request=request)
    if lock is not None:
        request.ducha_lockout = lock  # type: ignore[attr-defined]


@receiver(user_logged_in, dispatch_uid="ducha.security.clear_failures")
def clear_failures(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    login_success_record(user=user, now=timezone.now())


@receiver(user_logged_in, dispatch_uid="ducha.security.reset_second_factor")
def reset_second_factor(sender: Any, request: HttpRequest | None, user: Any,
                        **kwargs: Any) -> None:
    """Every login asks for the second factor again, even in a reused session."""
    from ducha.security.totp import SESSION_KEY

    session = getattr(request, "session", None)
    if session is not None:
        session.pop(SESSION_KEY, None)
