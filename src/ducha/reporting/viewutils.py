"""Small helpers the workflow views share (htmx detection, safe redirects, the clock)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from ducha.reporting.models import Period


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` target if it is a path on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def get_period(pk: int) -> Period:
    return get_object_or_404(Period.objects.active(), pk=pk)


def active_periods() -> list[Period]:
    """Every active period by due date (a short list: a few a year)."""
    return list(Period.objects.active().order_by("due_date", "id"))


def get_period_among(pk: int, periods: Iterable[Period]) -> Period:
    """``get_period`` from the active periods already read; the same 404 when it is not one."""
    for period in periods:
        if period.pk == pk:
            return period
    return get_period(pk)
