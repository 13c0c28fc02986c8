"""The office's scoring weights (量化考评权重).

Weights are never edited in place: each change is a new row naming who made it and why, and
the latest row is in force, so last year's ranking can always be explained.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

WEIGHT_FIELDS = ("on_time_points", "completion_points", "lagging_penalty", "problem_penalty",
                 "overdue_day_penalty", "duplicate_penalty")
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    "on_time_points": Decimal("40"),
    "completion_points": Decimal("60"),
    "lagging_penalty": Decimal("2"),
    "problem_penalty": Decimal("5"),
    "overdue_day_penalty": Decimal("0.2"),
    "duplicate_penalty": Decimal("1"),
}


def _weight(label: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=2, help_text=help_text)


class ScoringWeights(models.Model):
    """One version of the scoring rule: points for outcomes, deductions for failures.

    Only outcomes are scored (reports on time, tasks done, lagging tasks, days late, copied
    reports); activity such as logins or time online never is (整治“指尖上的形式主义”).
    """

    on_time_points = _weight("按时报送分值", "按时报送率为100%时得满分")
    completion_points = _weight("牵头事项完成分值", "牵头事项完成率为100%时得满分")
    lagging_penalty = _weight("每项滞后扣分", "评定为“需要加大力度”的牵头事项,每项扣分")
    problem_penalty = _weight("每项突出问题扣分", "评定为“存在突出问题”的牵头事项,每项扣分")
    overdue_day_penalty = _weight("每逾期一天扣分", "逾期报送或未报送,每份每天扣分")
    duplicate_penalty = _weight("每份雷同报送扣分", "与上期内容雷同的报送,每份扣分")
    note = models.CharField("调整说明", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="设置人")
    created_at = models.DateTimeField("设置时间")

    class Meta:
        verbose_name = "考评权重"
        verbose_name_plural = "考评权重"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": 0 for name in WEIGHT_FIELDS}),
                name="scoring_weights_not_negative"),
            models.CheckConstraint(
                condition=models.Q(on_time_points__gt=0) | models.Q(completion_points__gt=0),
                name="scoring_weights_some_points"),
        ]

    def __str__(self) -> str:
        return f"考评权重({self.created_at:%Y-%m-%d %H:%M})"

    def as_dict(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in WEIGHT_FIELDS}


class Tally(models.Model):
    """One running total of the cockpit (see ``ducha.cockpit.totals``).

    Derived data, rebuilt at will (``ducha cockpit rebuild``), so it keeps no history and is
    not archived: the base tables are the record.
    """

    kind = models.CharField(max_length=8)
    period_id = models.BigIntegerField(default=0)
    unit_id = models.BigIntegerField(default=0)
    status = models.CharField(max_length=20, default="", blank=True)
    key = models.CharField(max_length=300, default="", blank=True)
    ref = models.BigIntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "驾驶舱汇总"
        verbose_name_plural = "驾驶舱汇总"
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_id", "unit_id", "status", "key",
                                            "ref"], name="cockpit_tally_one_per_cell"),
        ]
        indexes = [models.Index(fields=["kind", "period_id", "unit_id", "status", "n"],
                                name="cockpit_tally_top"),
                   models.Index(fields=["kind", "period_id", "unit_id", "ref"],
                                name="cockpit_tally_ref")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.period_id}/{self.unit_id}/{self.status}/{self.key}/{self.ref}"
