"""Writes on accounts: every one names who did it (``by``)."""

from __future__ import annotations

import secrets
import string

from django.db import transaction

from ducha.accounts.models import User
from ducha.base import DuchaError
from ducha.choices import UserRole

_ALPHABET = string.ascii_letters + string.digits


def one_time_password() -> str:
    """A random password with upper, lower and digits, 16 characters."""
    while True:
        pw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
        if any(c.isupper() for c in pw) and any(c.islower() for c in pw) and any(
            c.isdigit() for c in pw
        ):
            return pw


@transaction.atomic
def supervisor_create(*, username: str, display_name: str = "",
                      by: User | None = None) -> tuple[User, str]:
    """Create a supervisor account with a one-time password (returned, never stored plain)."""
    if User.objects.filter(username=username).exists():
        raise DuchaError(f"账户“{username}”已存在;请换一个用户名,或在管理界面重置其密码。",
                         "exists")
    password = one_time_password()
    user = User(username=username, display_name=display_name or "督查室管理员",
                role=UserRole.SUPERVISOR, is_staff=True, must_change_password=True)
    user.set_password(password)
    user._history_user = by  # type: ignore[attr-defined]
    user.save()
    return user, password
