"""Units (单位), their aliases (简称/别名) and groups (单位集合)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from ducha.base import ArchivableModel
from ducha.choices import UnitKind, choice_values


class Unit(ArchivableModel):
    """A department, county government, company or school that can be assigned work."""

    name = models.CharField("单位全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices)
    sort_order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=choice_values(UnitKind)), name="unit_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitAlias(models.Model):
    """Another printed name of a unit (市发改委 = 市发展和改革委员会)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="aliases",
                             verbose_name="单位")
    alias = models.CharField("别名", max_length=100, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit.name}"


class UnitGroup(ArchivableModel):
    """A printed name standing for many units (各县市区人民政府, 市政府各部门)."""

    name = models.CharField("集合名称", max_length=100, unique=True)
    members = models.ManyToManyField(Unit, related_name="groups", blank=True,
                                     verbose_name="成员单位")
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "单位集合"
        verbose_name_plural = "单位集合"

    def __str__(self) -> str:
        return self.name


class UnknownUnitName(models.Model):
    """A printed unit name the directory does not know, queued for a supervisor to map or
    create: never silently created, never silently dropped."""

    class State(models.TextChoices):
        PENDING = "pending", "待处理"
        MAPPED = "mapped", "已映射"
        CREATED = "created", "已新建单位"

    printed_name = models.CharField("原文单位名称", max_length=150, unique=True)
    state = models.CharField("状态", max_length=10, choices=State.choices,
                             default=State.PENDING)
    occurrences = models.PositiveIntegerField("出现次数", default=0)
    first_source = models.ForeignKey("ledger.Source", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name="首次出现于")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name="对应单位")
    group = models.ForeignKey(UnitGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name="对应单位集合")
    created_at = models.DateTimeField("发现时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "待识别单位名称"
        verbose_name_plural = "待识别单位名称"
        ordering = ["state", "-occurrences", "printed_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "mapped", "created"]),
                name="unknown_unit_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.printed_name
