"""Bulletins (督查通报): an editable draft, and numbered versions frozen when issued."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ducha.base import ArchivableModel, DuchaError


class BulletinKind(models.TextChoices):
    MEETINGS = "meetings", "常务会议议定事项督查通报"
    WORK_REPORT = "work_report", "政府工作报告重点工作季度通报"
    SPECIAL = "special", "专项督查情况通报"


class OfficeProfile(models.Model):
    """How this office prints its bulletins: one row, edited by supervisors."""

    city = models.CharField("城市名称", max_length=20, default="示例市")
    issuer = models.CharField("发文机关", max_length=100, default="示例市人民政府政务督查室")
    doc_prefix = models.CharField("文号代字", max_length=20, default="示政督",
                                  help_text="文号为 代字〔年份〕序号号,如 示政督〔2026〕3号")
    masthead = models.CharField("简报刊名", max_length=30, default="政务督查")
    addressees = models.CharField("主送机关", max_length=200,
                                  default="各县市区人民政府,市政府各部门:")
    cc = models.CharField("抄送", max_length=300, blank=True,
                          default="市委办公室,市人大常委会办公室,市政协办公室。")
    printer = models.CharField("印发机关", max_length=100, default="示例市人民政府办公室")
    meeting_section_order = models.JSONField(
        "会议通报状态顺序", default=list, blank=True,
        help_text="状态代码的顺序,如 [\"not_done\", \"done\", \"in_progress\", \"ongoing\"];"
                  "留空按 已落实、已基本完成、正在推进、持续推进、尚未落实… 排列")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "通报版式设置"
        verbose_name_plural = "通报版式设置"

    def __str__(self) -> str:
        return self.issuer

    @classmethod
    def current(cls) -> OfficeProfile:
        return cls.objects.order_by("pk").first() or cls.objects.create()


class Bulletin(ArchivableModel):
    """A bulletin being drafted for a period and a scope; its text is edited section by
    section until issued."""

    kind = models.CharField("类别", max_length=20, choices=BulletinKind.choices)
    layout = models.CharField("版式", max_length=12,
                              choices=[("official", "公文"), ("periodical", "简报")],
                              default="official")
    period = models.ForeignKey("reporting.Period", on_delete=models.PROTECT,
                               related_name="bulletins", verbose_name="督办周期")
    title = models.CharField("标题", max_length=300)
    content = models.JSONField("正文", default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="起草人")
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=BulletinKind.values),
                                   name="bulletin_kind_valid"),
            models.CheckConstraint(condition=models.Q(layout__in=["official", "periodical"]),
                                   name="bulletin_layout_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class IssuedVersionImmutableError(DuchaError):
    def __init__(self) -> None:
        super().__init__("已印发的通报版本不能修改;如需更正,请重新印发新版本。", "immutable")


class BulletinVersion(models.Model):
    """A numbered, issued version: frozen, never overwritten (a reissue is a new version)."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="versions",
                                 verbose_name="通报")
    version = models.PositiveIntegerField("版本")
    layout = models.CharField("版式", max_length=12)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("年度序号")
    doc_number = models.CharField("文号/期号", max_length=60)
    content = models.JSONField("正文")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="印发人")
    issued_at = models.DateTimeField("印发时间")

    class Meta:
        verbose_name = "通报印发版本"
        verbose_name_plural = "通报印发版本"
        ordering = ["bulletin_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "version"], name="bulletin_version_unique"),
            # two supervisors issuing at once can never take the same number
            models.UniqueConstraint(fields=["layout", "year", "serial"],
                                    condition=models.Q(version=1), name="bulletin_serial_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise IssuedVersionImmutableError
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise IssuedVersionImmutableError
