"""Sources (来源文件), meetings, tasks (督办事项), assignments (分工) and indicators (指标)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ducha.base import ArchivableModel
from ducha.choices import (
    Comparator,
    IndicatorKind,
    MeetingKind,
    Role,
    SourceKind,
    TaskCategory,
    choice_values,
)


class Source(ArchivableModel):
    """An official document whose items become tasks; unique by the hash of its text."""

    kind = models.CharField("类别", max_length=20, choices=SourceKind.choices)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    issue_date = models.DateField("成文日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    full_text = models.TextField("全文", blank=True)
    content_hash = models.CharField("内容摘要", max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="导入人")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["full_text"])

    class Meta:
        verbose_name = "来源文件"
        verbose_name_plural = "来源文件"
        ordering = ["-issue_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=choice_values(SourceKind)), name="source_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}({self.doc_number})" if self.doc_number else self.title


class Meeting(ArchivableModel):
    """An executive meeting whose minutes assign decided items (议定事项)."""

    kind = models.CharField("会议类别", max_length=20, choices=MeetingKind.choices,
                            default=MeetingKind.EXECUTIVE)
    number = models.PositiveIntegerField("届次")
    date = models.DateField("会议日期")
    title = models.CharField("名称", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "date", "number"], name="meeting_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=choice_values(MeetingKind)),
                name="meeting_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.date:%Y年%-m月%-d日}第{self.number}次{self.get_kind_display()}"


class Task(ArchivableModel):
    """One numbered item of a source (督办事项 / 重点工作), placed by its outline path."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="tasks",
                               verbose_name="来源文件")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="tasks", verbose_name="会议")
    outline_path = models.CharField("大纲路径", max_length=60, blank=True)
    number = models.CharField("序号", max_length=20, blank=True)
    chapter = models.CharField("章", max_length=200, blank=True)
    section = models.CharField("节", max_length=300, blank=True)
    title = models.CharField("标题", max_length=500)
    text = models.TextField("内容", blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("完成时限(原文)", max_length=100, blank=True)
    category = models.CharField("类别", max_length=20, choices=TaskCategory.choices,
                                default=TaskCategory.ANNUAL)
    lead_leaders = models.CharField("牵头领导", max_length=200, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["source_id", "position"]
        indexes = [models.Index(fields=["source", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=choice_values(TaskCategory)),
                name="task_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Assignment(ArchivableModel):
    """Task × unit (or unit group) × role; the printed name is kept verbatim beside it."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="assignments",
                             verbose_name="督办事项")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="assignments", verbose_name="单位")
    group = models.ForeignKey("org.UnitGroup", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="assignments", verbose_name="单位集合")
    role = models.CharField("分工", max_length=20, choices=Role.choices)
    printed_name = models.CharField("原文单位名称", max_length=150)
    implicit = models.BooleanField("由统一说明指派", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "分工"
        verbose_name_plural = "分工"
        indexes = [models.Index(fields=["unit", "role"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=choice_values(Role)), name="assignment_role_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(unit__isnull=False, group__isnull=False),
                name="assignment_unit_or_group",
            ),
            models.UniqueConstraint(
                fields=["task", "unit", "role"], condition=models.Q(unit__isnull=False),
                name="assignment_unique_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.printed_name}({self.get_role_display()})"


class Indicator(ArchivableModel):
    """A quantitative (or qualitative) target inside a task."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="indicators",
                             verbose_name="督办事项")
    name = models.CharField("指标名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=IndicatorKind.choices)
    comparator = models.CharField("比较", max_length=2, choices=Comparator.choices, blank=True)
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4, null=True, blank=True)
    measure = models.CharField("计量单位", max_length=20, blank=True)
    cumulative = models.BooleanField("按序时进度累计", default=False)
    sense = models.CharField("达标方向", max_length=10, blank=True,
                             choices=[("floor", "不低于"), ("ceiling", "不高于"),
                                      ("band", "接近")])
    tolerance = models.DecimalField("“左右”容差", max_digits=6, decimal_places=2,
                                    default=Decimal("0.5"),
                                    help_text="百分数按百分点,数量按目标的百分比")
    pace_profile = models.JSONField(
        "序时进度", default=list, blank=True,
        help_text="各季度末累计应完成的比例,如 [0.2, 0.45, 0.75, 1];留空按时间均匀推进")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=choice_values(IndicatorKind)),
                name="indicator_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(comparator__in=[*choice_values(Comparator), ""]),
                name="indicator_comparator_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=IndicatorKind.QUALITATIVE)
                | models.Q(value__isnull=False),
                name="indicator_quantitative_has_value",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorRevision(models.Model):
    """A revised target: a dated event beside the baseline, which is never overwritten."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="revisions",
                                  verbose_name="指标")
    effective_date = models.DateField("生效日期")
    value = models.DecimalField("调整后目标值", max_digits=20, decimal_places=4)
    measure = models.CharField("计量单位", max_length=20, blank=True)
    reason = models.TextField("调整原因")
    approved_by = models.CharField("批准依据", max_length=200,
                                   help_text="如:市政府第12次常务会议同意")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标目标调整"
        verbose_name_plural = "指标目标调整"
        ordering = ["indicator_id", "effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.effective_date}={self.value}"


class ImportDraft(models.Model):
    """An uploaded document waiting for a supervisor's review before it is imported.

    The file is kept in the database (not on one server's disk) so any application server can
    show the review page and run the import.
    """

    class State(models.TextChoices):
        PENDING = "pending", "待确认"
        IMPORTED = "imported", "已导入"
        DISCARDED = "discarded", "已放弃"

    file_name = models.CharField("文件名", max_length=255)
    content = models.BinaryField("文件内容")
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField("摘要", max_length=64)
    state = models.CharField("状态", max_length=10, choices=State.choices,
                             default=State.PENDING)
    result = models.JSONField("导入结果", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "待导入文件"
        verbose_name_plural = "待导入文件"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=["pending", "imported",
                                                                 "discarded"]),
                                   name="import_draft_state_valid"),
        ]

    def __str__(self) -> str:
        return self.file_name
