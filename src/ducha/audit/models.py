"""The security audit log: append-only rows chained by SHA-256 (安全审计).

Every row carries ``prev_hash`` (the previous row's ``hash``) and ``hash`` (SHA-256 over the
canonical JSON of its own fields plus ``prev_hash``), so a row changed or removed directly in
the database breaks the chain and ``ducha audit verify`` names it. The product cannot update or
delete a row: ``save()`` on an existing row, ``delete()`` and the queryset's ``update()`` /
``delete()`` raise. Only ``ducha audit prune`` removes rows, older than the legal minimum.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from ducha.base import DuchaError

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    """What was done. Other apps may record actions not listed here (stored as given)."""

    LOGIN_SUCCESS = "login_success", "登录成功"
    LOGIN_FAILURE = "login_failure", "登录失败"
    LOGOUT = "logout", "退出登录"
    LOCKOUT = "lockout", "登录锁定"
    UNLOCK = "unlock", "解除锁定"
    PERMISSION_DENIED = "permission_denied", "越权访问被拒绝"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_RESET = "password_reset", "重置密码"
    TOTP_ENROL = "totp_enrol", "绑定动态口令"
    TOTP_VERIFY = "totp_verify", "动态口令验证"
    TOTP_RESET = "totp_reset", "重置动态口令"
    ACCOUNT_CREATE = "account_create", "创建账户"
    ACCOUNT_UPDATE = "account_update", "修改账户"
    ACCOUNT_DEACTIVATE = "account_deactivate", "停用账户"
    ACCOUNT_ACTIVATE = "account_activate", "启用账户"
    ROLE_CHANGE = "role_change", "变更角色"
    UNIT_CREATE = "unit_create", "新建单位"
    UNIT_ARCHIVE = "unit_archive", "撤销单位"
    EXPORT = "export", "导出数据"
    IMPORT = "import", "导入数据"
    UPLOAD_REJECTED = "upload_rejected", "拒绝上传文件"
    REPORT_SUBMIT = "report_submit", "报送进展"
    STATUS_DECIDE = "status_decide", "评定状态"
    BULLETIN_ISSUE = "bulletin_issue", "签发通报"
    AUDIT_EXPORT = "audit_export", "导出审计日志"
    AUDIT_PRUNE = "audit_prune", "清理过期审计日志"
    BACKUP = "backup", "备份"
    RESTORE = "restore", "恢复"


class AuditResult(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditLogImmutableError(DuchaError):
    def __init__(self) -> None:
        super().__init__("审计日志只能追加,不能修改或删除;过期记录请由 ducha audit prune 清理。",
                         "audit_immutable")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutableError

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutableError


class AuditEvent(models.Model):
    """One audited event: who, in which role, from where, when, what, on what, with what result."""

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING,
                              db_constraint=False, null=True, blank=True, related_name="+",
                              verbose_name="操作人")
    actor_username = models.CharField("用户名", max_length=150, blank=True)
    role = models.CharField("角色", max_length=20, blank=True)
    address = models.CharField("来源地址", max_length=45, blank=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    result = models.CharField("结果", max_length=10, choices=AuditResult.choices)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_hash = models.CharField("前序摘要", max_length=64)
    hash = models.CharField("摘要", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogImmutableError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutableError

    @property
    def action_label(self) -> str:
        return AuditAction(self.action).label if self.action in AuditAction.values \
            else self.action


class AuditChainHead(models.Model):
    """A single row locked while a row is appended, so two writers never share a ``prev_hash``.

    It also remembers the last row, so removing rows at the end of the chain is detected.
    """

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:12]}"
