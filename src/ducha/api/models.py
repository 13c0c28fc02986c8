"""Per-user API tokens (接口令牌): stored as a SHA-256 digest, shown once, revoked not deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token that acts as its user, with exactly the user's current permissions.

    Only the digest is stored: a database copy cannot be replayed. The token is random (256
    bits), so a fast hash is enough; a slow password hash would only slow every request.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="api_tokens", verbose_name="用户")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("令牌前缀", max_length=16,
                              help_text="令牌的前几位,用于辨认是哪一个令牌;不能用于访问")
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="签发人")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="吊销人")

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}…({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
