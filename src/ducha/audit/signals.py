"""Logins (success and failure) and logouts go into the audit log (Django auth signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from ducha.audit.models import AuditAction
from ducha.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="ducha.audit.login")
def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.LOGIN_SUCCESS, by=user, request=request)


@receiver(user_login_failed, dispatch_uid="ducha.audit.login_failed")
def record_login_failure(sender: Any, credentials: dict[str, Any],
                         request: HttpRequest | None = None, **kwargs: Any) -> None:
    locked = request is not None and getattr(request, "ducha_lockout", None) is not None
    audit_record(action=AuditAction.LOGIN_FAILURE, by=None, request=request, result="failure",
                 username=str(credentials.get("username") or ""),
                 detail={"reason": "locked" if locked else "bad_credentials"})


@receiver(user_logged_out, dispatch_uid="ducha.audit.logout")
def record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, by=user, request=request)
