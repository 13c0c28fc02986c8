"""Writes of the cockpit: the office sets the scoring weights (a new version each time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction

from ducha.accounts.permissions import Action, require
from ducha.base import DuchaError
from ducha.cockpit.models import WEIGHT_FIELDS, ScoringWeights

if TYPE_CHECKING:
    from ducha.accounts.models import User

MAX_WEIGHT = Decimal("1000")


def _clean(values: Mapping[str, object]) -> dict[str, Decimal]:
    labels = {f: str(getattr(ScoringWeights._meta.get_field(f), "verbose_name", f))
              for f in WEIGHT_FIELDS}
    out: dict[str, Decimal] = {}
    for name in WEIGHT_FIELDS:
        raw = values.get(name)
        try:
            number = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            raise DuchaError(f"“{labels[name]}”应为数字,收到“{raw}”;请改为0到1000之间的数。"
                             ) from None
        if not number.is_finite() or not Decimal(0) <= number <= MAX_WEIGHT:
            raise DuchaError(f"“{labels[name]}”应在0到1000之间,收到“{raw}”。")
        out[name] = number.quantize(Decimal("0.01"))
    if out["on_time_points"] + out["completion_points"] <= 0:
        raise DuchaError("按时报送分值与牵头事项完成分值不能都为0,否则无法计分。")
    return out


@transaction.atomic
def scoring_weights_set(*, values: Mapping[str, object], note: str, by: User,
                        now: dt.datetime) -> ScoringWeights:
    """Put a new version of the scoring weights in force; the old ones stay on record."""
    require(by, Action.MANAGE_CAUSES)
    if not note.strip():
        raise DuchaError("请填写调整说明(如“经主任办公会研究同意”),以便日后查证。")
    return ScoringWeights.objects.create(**_clean(values), note=note.strip()[:200],
                                         created_by=by, created_at=now)
