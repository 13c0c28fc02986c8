"""Every refused request (HTTP 403: role, CSRF) leaves an audit row."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ducha.audit.models import AuditAction, AuditResult
from ducha.audit.services import audit_record


class AuditDenialMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            audit_record(action=AuditAction.PERMISSION_DENIED, by=user, request=request,
                         result=AuditResult.DENIED,
                         detail={"method": request.method, "path": request.path[:500],
                                 "reason": getattr(request, "_ducha_denied", "")[:300]})
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            request._ducha_denied = str(exception) or "PermissionDenied"  # type: ignore[attr-defined]
