"""Periods (督办周期), reports (进展报送) and assessments (督办评定)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ducha.base import ArchivableModel
from ducha.choices import (
    Light,
    PeriodKind,
    PeriodState,
    ReportState,
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
