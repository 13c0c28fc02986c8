"""Accounts: a supervision role, and for a reporter (联络员) exactly one unit."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from ducha.choices import UserRole, choice_values


class User(AbstractUser):
    """A person using Ducha. A reporter is bound to exactly one unit; other roles to none."""

    role = models.CharField("角色", max_length=20, choices=UserRole.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="liaisons", verbose_name="所属单位")
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=choice_values(UserRole)), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=UserRole.REPORTER, unit__isnull=False)
                    | (~models.Q(role=UserRole.REPORTER) & models.Q(unit__isnull=True))
                ),
                name="user_reporter_has_one_unit",
            ),
            # The Django admin is not mounted; no account may carry its flags, so that no
            # role could reach it (and sidestep 三权分立) even if it were mounted again.
            models.CheckConstraint(
                condition=models.Q(is_staff=False, is_superuser=False),
                name="user_no_django_admin",
                violation_error_message=("任何账户都不能设为 Django 管理后台账户(is_staff、"
                                         "is_superuser);管理员请用 ducha security "
                                         "create-admin 创建。"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_supervisor(self) -> bool:
        return self.role == UserRole.SUPERVISOR

    @property
    def is_reporter(self) -> bool:
        return self.role == UserRole.REPORTER

    @property
    def is_leader(self) -> bool:
        return self.role == UserRole.LEADER
