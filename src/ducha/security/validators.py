"""Password rules (身份鉴别): character classes, no username inside, no reuse of recent ones.

Listed in ``AUTH_PASSWORD_VALIDATORS`` beside Django's minimum length (10); every message is
Chinese and says what to do.
"""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and other characters the password uses."""
    return sum((
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    ))


class CharacterClassValidator:
    """At least ``min_classes`` of: upper case, lower case, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、其他符号中的至少 {self.min_classes} 类;"
                "请加入缺少的字符类别。", code="password_too_simple")

    def get_help_text(self) -> str:
        return f"至少包含大写字母、小写字母、数字、其他符号中的 {self.min_classes} 类。"


class NotContainingUsernameValidator:
    """The username (ignoring case) must not appear inside the password."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").strip().lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError("密码中不能包含用户名;请换一个不含用户名的密码。",
                                  code="password_contains_username")

    def get_help_text(self) -> str:
        return "不能包含用户名。"


class PasswordHistoryValidator:
    """Not the current password nor one of the previous ``count`` ones; keeps their hashes."""

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def _recent_hashes(self, user: Any) -> list[str]:
        from ducha.security.models import PasswordHistory

        if user is None or getattr(user, "pk", None) is None:
            return []
        hashes = list(PasswordHistory.objects.filter(user_id=user.pk).order_by("-id")
                      .values_list("password", flat=True)[: self.count])
        from django.contrib.auth import get_user_model

        stored = get_user_model().objects.filter(pk=user.pk).values_list(
            "password", flat=True).first()
        if stored and stored not in hashes:
            hashes.append(stored)  # an account older than the history table
        return hashes

    def validate(self, password: str, user: Any = None) -> None:
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user)):
            raise ValidationError(
                f"新密码不能与最近 {self.count} 次使用过的密码相同;请另设一个新密码。",
                code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        """Called by ``User.save()`` after a password is set: remember its hash."""
        from ducha.security.models import PasswordHistory

        if user is not None and getattr(user, "pk", None) and user.password:
            PasswordHistory.objects.create(user_id=user.pk, password=user.password)

    def get_help_text(self) -> str:
        return f"不能与最近 {self.count} 次使用过的密码相同。"
