"""Identity state kept in the database (so several app servers share it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ducha.security.sealing import seal, unseal


class PasswordHistory(models.Model):
    """The hash of every password a user has had, so the last few cannot be reused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name="用户")
    password = models.CharField("密码摘要", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """One failed login (password or second factor), counted per account and per address."""

    username = models.CharField("用户名", max_length=150, db_index=True)
    address = models.CharField("来源地址", max_length=45, db_index=True)
    at = models.DateTimeField("时间", db_index=True)
    account_cleared = models.BooleanField("已被成功登录清零", default=False)

    class Meta:
        verbose_name = "登录失败"
        verbose_name_plural = "登录失败"

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"


class LockKind(models.TextChoices):
    ACCOUNT = "account", "账户"
    ADDRESS = "address", "地址"


class Lockout(models.Model):
    """An account or a client address locked until ``until`` (or until released)."""

    kind = models.CharField("锁定对象", max_length=10, choices=LockKind.choices)
    key = models.CharField("账户或地址", max_length=150)
    locked_at = models.DateTimeField("锁定时间")
    until = models.DateTimeField("锁定至")
    released_at = models.DateTimeField("解锁时间", null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name="解锁人")

    class Meta:
        verbose_name = "登录锁定"
        verbose_name_plural = "登录锁定"
        indexes = [models.Index(fields=["kind", "key", "-until"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"


TOTP_PURPOSE = "totp-secret"


def totp_context(user_id: int | None) -> str:
    """What a sealed TOTP secret is bound to: its user (a value moved to another row fails)."""
    if user_id is None:
        raise ValueError("a TOTP secret is sealed for a saved user")
    return f"totp-device:user={user_id}"


class TotpDevice(models.Model):
    """A user's TOTP secret (RFC 6238). ``last_step`` stops a code from being used twice.

    The secret is stored sealed (``security.sealing``: AES-256-GCM, key from SECRET_KEY), so a
    copy of the database or a backup does not reveal anyone's second factor; ``secret`` is
    the plain value, read and written through the seal.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="totp_device", verbose_name="用户")
    sealed_secret = models.CharField("密钥(加密存储)", max_length=200)
    confirmed_at = models.DateTimeField("绑定时间", null=True, blank=True)
    last_step = models.BigIntegerField("最后使用的时间片", default=0)

    class Meta:
        verbose_name = "动态口令设备"
        verbose_name_plural = "动态口令设备"

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"

    @property
    def secret(self) -> str:
        """The plain base32 secret; ``sealing.SealError`` if this installation cannot open it."""
        return unseal(self.sealed_secret, purpose=TOTP_PURPOSE, context=totp_context(self.user_id))

    @secret.setter
    def secret(self, plain: str) -> None:
        self.sealed_secret = seal(plain, purpose=TOTP_PURPOSE, context=totp_context(self.user_id))
