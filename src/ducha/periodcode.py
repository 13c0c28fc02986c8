"""Period codes as the command line and URLs write them: 2021Q3 for a quarter, 2021M07 for a
month."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ducha.base import DuchaError
from ducha.choices import PeriodKind

if TYPE_CHECKING:
    from ducha.reporting.models import Period

_CODE = re.compile(r"^(\d{4})(?:[Qq]([1-4])|[Mm](\d{1,2}))$")


def period_from_code(code: str) -> Period:
    """2021Q3 → the third quarter of 2021; 2021M07 → July 2021 (it must exist)."""
    from ducha.reporting.models import Period

    found = _CODE.match(code.strip())
    if not found:
        raise DuchaError(f"周期“{code}”格式不对:季度写作 2021Q3,月份写作 2021M07。")
    year, quarter, month = found.groups()
    kind, index = ((PeriodKind.QUARTER, int(quarter)) if quarter
                   else (PeriodKind.MONTH, int(month)))
    period = Period.objects.filter(year=int(year), kind=kind, index=index).first()
    if period is None:
        raise DuchaError(f"没有找到督办周期 {code};请先在系统中创建该周期。")
    return period
