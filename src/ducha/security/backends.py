"""An authentication backend that refuses every attempt while the account or address is locked.

Listed first in ``AUTHENTICATION_BACKENDS``: it authenticates nobody (and has no
``get_user``, so ``force_login`` and sessions use the next backend), and raises
``PermissionDenied`` during a lock so that no later backend checks the password (the admin
login and any other caller of ``authenticate()`` are covered too). The lock is left on the
request for ``LockoutMiddleware`` to turn into a Chinese page saying until when.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from ducha.security.lockout import lock_active
from ducha.security.net import client_address


class LockoutBackend:
    """No ``get_user``: sessions are never bound to this backend."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None  # the command line and tests calling authenticate() directly
        lock = lock_active(username=username or "", address=client_address(request),
                           now=timezone.now())
        if lock is not None:
            request.ducha_lockout = lock  # type: ignore[attr-defined]
            raise PermissionDenied(f"locked {lock.kind}")
        return None
