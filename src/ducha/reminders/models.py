"""督办单 (graded reminders), the nightly runs that recompute them, and their deliveries.

A ``Reminder`` is one warning about one task × unit × period at one grade. It is never edited
into another grade: when the grade changes the old row is resolved and a new one created, so
the record shows each step (blue → yellow → red, or red back to yellow). Each new reminder
queues one ``Notification`` per channel; senders claim them with a conditional UPDATE.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ducha.reporting.reminders import GRADE_LABELS, GRADES


class Grade(models.TextChoices):
    """督办单 grades, mildest first (labels from ``bulletins.notices.REMINDER_GRADES``)."""

    BLUE = "blue", GRADE_LABELS["blue"]
    YELLOW = "yellow", GRADE_LABELS["yellow"]
    RED = "red", GRADE_LABELS["red"]


assert tuple(Grade.values) == GRADES


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    WEBHOOK = "webhook", "群机器人(钉钉/企业微信)"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class RemindRun(models.Model):
    """One run of ``ducha remind``: which day it judged, who ran it and what it changed."""

    today = models.DateField("判定日期")
    runner = models.CharField("运行实例", max_length=100)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           blank=True, related_name="+", verbose_name="操作人")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    created = models.PositiveIntegerField("新发督办单", default=0)
    resolved = models.PositiveIntegerField("已解除", default=0)
    kept = models.PositiveIntegerField("仍有效", default=0)

    class Meta:
        verbose_name = "督办提醒运行记录"
        verbose_name_plural = "督办提醒运行记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.today:%Y-%m-%d}@{self.runner}"


class RemindLock(models.Model):
    """A row the recompute locks (SELECT … FOR UPDATE) so two runs never interleave."""

    name = models.CharField(max_length=20, primary_key=True)

    class Meta:
        verbose_name = "督办提醒运行锁"
        verbose_name_plural = "督办提醒运行锁"

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """One warning (督办单) about a task × unit × period, at one grade, until it is resolved."""

    task = models.ForeignKey("ledger.Task", on_delete=models.PROTECT, related_name="reminders",
                             verbose_name="督办事项")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="reminders",
                             verbose_name="单位")
    period = models.ForeignKey("reporting.Period", on_delete=models.PROTECT,
                               related_name="reminders", verbose_name="督办周期")
    grade = models.CharField("等级", max_length=10, choices=Grade.choices)
    reason = models.TextField("原因")
    due_on = models.DateField("截止日期", null=True, blank=True)
    created_at = models.DateTimeField("发出时间")
    first_seen_on = models.DateField("首次判定日期")
    last_seen_on = models.DateField("最近判定日期")
    runs = models.PositiveIntegerField("连续判定次数", default=1)
    run = models.ForeignKey(RemindRun, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="reminders", verbose_name="发出批次")
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)
    resolution = models.CharField("解除原因", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(grade__in=GRADES),
                                   name="reminder_grade_valid"),
            models.UniqueConstraint(fields=["task", "unit", "period"],
                                    condition=models.Q(resolved_at__isnull=True),
                                    name="reminder_one_open_per_task_unit_period"),
        ]
        indexes = [
            models.Index(fields=["resolved_at", "grade"], name="reminder_open_grade"),
            models.Index(fields=["unit", "resolved_at"], name="reminder_unit_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} {self.task_id}/{self.unit_id}/{self.period_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Notification(models.Model):
    """One delivery of a reminder on one channel; claimed by exactly one sender."""

    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT,
                                 related_name="notifications", verbose_name="督办单")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    target = models.TextField("收件人", blank=True, default="")
    state = models.CharField("状态", max_length=10, choices=DeliveryState.choices,
                             default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    # NULL, not "", means unclaimed: the claim is ``UPDATE … WHERE claimed_by IS NULL``
    claimed_by = models.CharField("认领实例", max_length=100, null=True,  # noqa: DJ001
                                  blank=True)
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True, default="")
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "督办单发送"
        verbose_name_plural = "督办单发送"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(channel__in=["email", "webhook"]),
                                   name="notification_channel_valid"),
            models.CheckConstraint(condition=models.Q(state__in=["pending", "sent", "failed"]),
                                   name="notification_state_valid"),
            models.UniqueConstraint(fields=["reminder", "channel"],
                                    name="notification_one_per_channel"),
        ]
        indexes = [models.Index(fields=["state", "claimed_by"], name="notification_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.reminder_id} {self.get_state_display()}"
