"""Writes on accounts: every one names who did it (``by``)."""

from __future__ import annotations

import secrets
import string

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from ducha.accounts.models import User
from ducha.base import DuchaError
from ducha.choices import UserRole

_ALPHABET = string.ascii_letters + string.digits


_USERNAME_MAX = User._meta.get_field("username").max_length or 150
_username_validator = UnicodeUsernameValidator()


def username_clean(username: str) -> str:
    """The username as it will be stored, or a Chinese ``DuchaError``.

    Every service that creates an account calls this, so the pages, the command line and the
    API all refuse what Django's own forms would (spaces, symbols, over-long names);
    NFKC normalisation stops full-width look-alikes of an existing name.
    """
    username = User.normalize_username(username.strip())
    if not username:
        raise DuchaError("用户名不能为空;请填写登录用的用户名。", "username")
    if len(username) > _USERNAME_MAX:
        raise DuchaError(f"用户名不能超过 {_USERNAME_MAX} 个字符(现有 {len(username)} 个);"
                         f"请改短。", "username")
    try:
        _username_validator(username)
    except ValidationError:
        raise DuchaError("用户名只能由字母、数字、汉字和 @ . + - _ 组成,不能含空格或其他符号;"
                         "请修改后重试。", "username") from None
    return username


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
    """Create a supervisor account with a one-time password (returned, never stored plain).

    No ``is_staff``: the Django admin is not mounted, and a flag would let it bypass 三权分立.
    """
    username = username_clean(username)
    if User.objects.filter(username=username).exists():
        raise DuchaError(f"账户“{username}”已存在;请换一个用户名,或在管理界面重置其密码。",
                         "exists")
    password = one_time_password()
    user = User(username=username, display_name=display_name or "督查室管理员",
                role=UserRole.SUPERVISOR, must_change_password=True)
    user.set_password(password)
    user._history_user = by  # type: ignore[attr-defined]
    user.save()
    return user, password
