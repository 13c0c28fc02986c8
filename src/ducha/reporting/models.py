"""Periods (督办周期), reports (进展报送) and assessments (督办评定)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ducha.base import ArchivableModel
from ducha.choices import (
    Confidence,
    Light,
    PeriodKind,
    PeriodState,
    ReportState,
    RequestKind,
    RequestState,
    SourceKind,
    Status,
    choice_values,
)

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


class Period(ArchivableModel):
    """A month or quarter of a year with its due date; reports are collected per period."""

    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("周期类型", max_length=10, choices=PeriodKind.choices)
    index = models.PositiveSmallIntegerField("序号")  # month 1-12 or quarter 1-4
    due_date = models.DateField("报送截止日期")
    state = models.CharField("状态", max_length=10, choices=PeriodState.choices,
                             default=PeriodState.OPEN)
    opened_at = models.DateTimeField("开启时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办周期"
        verbose_name_plural = "督办周期"
        ordering = ["year", "kind", "index"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "index"], name="period_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=choice_values(PeriodKind)), name="period_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=choice_values(PeriodState)),
                name="period_state_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=PeriodKind.QUARTER, index__gte=1, index__lte=4)
                    | models.Q(kind=PeriodKind.MONTH, index__gte=1, index__lte=12)
                ),
                name="period_index_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}年{QUARTER_NAMES[self.index - 1]}"
        return f"{self.year}年{self.index}月"

    @property
    def code(self) -> str:
        """The short code used on the command line: 2021Q3 or 2021M07."""
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}Q{self.index}"
        return f"{self.year}M{self.index:02d}"

    @property
    def is_closed(self) -> bool:
        return self.state == PeriodState.CLOSED


class Report(ArchivableModel):
    """What one unit says about one task in one period: at most one per unit × task × period."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="reports",
                             verbose_name="报送单位")
    task = models.ForeignKey("ledger.Task", on_delete=models.PROTECT, related_name="reports",
                             verbose_name="督办事项")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports",
                               verbose_name="督办周期")
    text = models.TextField("进展情况", blank=True)
    state = models.CharField("状态", max_length=12, choices=ReportState.choices,
                             default=ReportState.DRAFT)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    confidence = models.CharField("按期完成把握", max_length=10, choices=Confidence.choices,
                                  blank=True, default="")
    next_milestone = models.CharField("下一步节点", max_length=300, blank=True, default="")
    next_milestone_date = models.DateField("节点计划日期", null=True, blank=True)
    similarity = models.FloatField("与上期相似度", null=True, blank=True)
    near_duplicate = models.BooleanField("与上期内容雷同", default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name="报送人")
    review_note = models.TextField("审核意见", blank=True, default="")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        constraints = [
            models.UniqueConstraint(fields=["unit", "task", "period"],
                                    name="report_one_per_unit_task_period"),
            models.CheckConstraint(
                condition=models.Q(state__in=choice_values(ReportState)),
                name="report_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__in=[*choice_values(Confidence), ""]),
                name="report_confidence_valid",
            ),
        ]
        indexes = [models.Index(fields=["period", "state", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.task_id}/{self.period_id}"


class IndicatorActual(models.Model):
    """An indicator's actual value as a unit reported it for a period (完成值)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="actuals",
                               verbose_name="进展报送")
    indicator = models.ForeignKey("ledger.Indicator", on_delete=models.PROTECT,
                                  related_name="actuals", verbose_name="指标")
    value = models.DecimalField("完成值", max_digits=20, decimal_places=4)
    measure = models.CharField("计量单位", max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标完成值"
        verbose_name_plural = "指标完成值"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="actual_one_per_report"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}{self.measure}"

    @property
    def text(self) -> str:
        """As a page prints it: 1000座 (not 1E+3座), 5193人."""
        return f"{self.value.normalize():f}{self.measure}"


class IndicatorForecast(ArchivableModel):
    """What a unit expects an indicator to reach by the end of the next period (下期预计值).

    Kept apart from the actual: a unit may forecast before this period's figure is known. A
    withdrawn forecast is archived, and the next period's report shows it against the actual.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="forecasts",
                               verbose_name="进展报送")
    indicator = models.ForeignKey("ledger.Indicator", on_delete=models.PROTECT,
                                  related_name="forecasts", verbose_name="指标")
    value = models.DecimalField("下期预计值", max_digits=20, decimal_places=4)
    measure = models.CharField("计量单位", max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "指标下期预计值"
        verbose_name_plural = "指标下期预计值"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"],
                                    name="forecast_one_per_report"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}≈{self.value}{self.measure}"

    @property
    def text(self) -> str:
        """As a page prints it: 250座, 2.5万人."""
        return f"{self.value.normalize():f}{self.measure}"


class Assessment(ArchivableModel):
    """The office's judgement of a task in a period: one per task × period."""

    task = models.ForeignKey("ledger.Task", on_delete=models.PROTECT,
                             related_name="assessments", verbose_name="督办事项")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="assessments",
                               verbose_name="督办周期")
    status = models.CharField("评定状态", max_length=20, choices=Status.choices)
    light = models.CharField("灯号", max_length=10, choices=Light.choices)
    note = models.TextField("评定意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="评定人")
    decided_at = models.DateTimeField("评定时间")
    cause = models.ForeignKey("reporting.LagCause", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="assessments", verbose_name="滞后原因")
    evidence_citation = models.CharField("佐证(文号或材料)", max_length=300, blank=True,
                                         default="")
    version = models.PositiveIntegerField("版本", default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "督办评定"
        verbose_name_plural = "督办评定"
        constraints = [
            models.UniqueConstraint(fields=["task", "period"],
                                    name="assessment_one_per_task_period"),
            models.CheckConstraint(
                condition=models.Q(status__in=choice_values(Status)),
                name="assessment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(light__in=choice_values(Light)),
                name="assessment_light_valid",
            ),
        ]
        indexes = [models.Index(fields=["period", "status", "task"])]

    def __str__(self) -> str:
        return f"{self.task_id}/{self.period_id}:{self.status}"


class LagCause(ArchivableModel):
    """A cause the office names for a lagging or problem task (资金/用地/审批/协调/其他)."""

    name = models.CharField("原因", max_length=50, unique=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "滞后原因"
        verbose_name_plural = "滞后原因"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Evidence(ArchivableModel):
    """A file a unit attached to a report (佐证材料); type detected from its content."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence",
                               verbose_name="进展报送")
    # Stored through the default storage under MEDIA_ROOT (outside the web root) by an opaque
    # name; served only by the permission-checked download view.
    file = models.FileField("文件", upload_to="evidence/", max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    kind = models.CharField("文件类型", max_length=10)
    content_type = models.CharField("内容类型", max_length=120)
    size = models.PositiveBigIntegerField("大小(字节)")
    sha256 = models.CharField("摘要", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Acknowledgement(models.Model):
    """A unit's receipt (签收) of one of its assignments in a period."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="acknowledgements",
                               verbose_name="督办周期")
    assignment = models.ForeignKey("ledger.Assignment", on_delete=models.PROTECT,
                                   related_name="acknowledgements", verbose_name="分工")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name="单位")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+", verbose_name="签收人")
    at = models.DateTimeField("签收时间")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "签收"
        verbose_name_plural = "签收"
        constraints = [
            models.UniqueConstraint(fields=["period", "assignment"],
                                    name="ack_one_per_period_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.assignment_id}"


class ChangeRequest(models.Model):
    """延期申请 or 退办申请: a new row beside the baseline, which is never edited."""

    kind = models.CharField("类别", max_length=12, choices=RequestKind.choices)
    task = models.ForeignKey("ledger.Task", on_delete=models.PROTECT,
                             related_name="change_requests", verbose_name="督办事项")
    assignment = models.ForeignKey("ledger.Assignment", on_delete=models.PROTECT,
                                   related_name="change_requests", verbose_name="分工")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name="申请单位")
    reason = models.TextField("理由")
    original_deadline = models.DateField("原完成时限", null=True, blank=True)
    new_deadline = models.DateField("申请完成时限", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=RequestState.choices,
                             default=RequestState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name="审批人")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "延期与退办申请"
        verbose_name_plural = "延期与退办申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=choice_values(RequestKind)),
                name="request_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=choice_values(RequestState)),
                name="request_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=RequestKind.EXTENSION, new_deadline__isnull=True),
                name="request_extension_has_date",
            ),
            models.UniqueConstraint(
                fields=["kind", "assignment"], condition=models.Q(state=RequestState.PENDING),
                name="request_one_pending_per_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.task_id}/{self.unit_id}"


class StatusVocabulary(models.Model):
    """The statuses the office sorts one kind of source into: its bulletins' own sections.

    Suggestions are chosen among these (see ``reporting.vocabulary``); no row means all seven.
    """

    source_kind = models.CharField("来源类别", max_length=20, choices=SourceKind.choices,
                                   unique=True)
    statuses = models.JSONField("使用的状态", default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "本室使用的状态"
        verbose_name_plural = "本室使用的状态"
        constraints = [
            models.CheckConstraint(condition=models.Q(source_kind__in=choice_values(SourceKind)),
                                   name="vocabulary_source_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.get_source_kind_display()
