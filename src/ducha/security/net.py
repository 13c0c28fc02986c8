"""The client's address, as far as it can be trusted."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind a proxy listed in DUCHA_TRUSTED_PROXIES, the nearest untrusted hop.

    X-Forwarded-For is read only when the direct peer is a trusted proxy, and from the right, so
    a client cannot choose its own address by sending the header.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = set(getattr(settings, "DUCHA_TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote if _valid(remote) else ""
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in forwarded if h]):
        if hop not in trusted:
            return hop if _valid(hop) else remote
    return remote
