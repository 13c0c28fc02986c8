"""Reporting burden of the demo data: fields a unit must touch per period, before and after
prefill (重复填报 is what units complain about most).

Without prefill every field of every task is typed afresh: progress text, confidence,
next milestone and its date, and each indicator actual the unit reports. With prefill the
form starts from last period's values, so a unit touches only the fields whose value changed.
Counted over the demo database (built in a temporary folder), per unit and period.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

FIELDS = ("text", "confidence", "next_milestone", "next_milestone_date")


def _measure() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    django.setup()
    from django.core.management import call_command

    from ducha.demo.generator import build_demo
    from ducha.reporting.models import IndicatorActual, Report

    call_command("migrate", verbosity=0)
    build_demo(today=dt.date(2026, 11, 25))
    actuals = defaultdict(dict)
    for report_id, indicator_id, value in IndicatorActual.objects.values_list(
            "report_id", "indicator_id", "value"):
        actuals[report_id][indicator_id] = value
    previous: dict[tuple[int, int], Report] = {}
    before: dict[tuple[int, int], int] = defaultdict(int)
    after: dict[tuple[int, int], int] = defaultdict(int)
    for report in Report.objects.order_by("period__due_date", "pk"):
        key = (report.unit_id, report.period_id)
        own = actuals.get(report.pk, {})
        before[key] += len(FIELDS) + len(own)
        last = previous.get((report.unit_id, report.task_id))
        if last is None:
            after[key] += len(FIELDS) + len(own)
        else:
            after[key] += sum(getattr(report, f) != getattr(last, f) for f in FIELDS)
            old = actuals.get(last.pk, {})
            after[key] += sum(old.get(i) != v for i, v in own.items())
        previous[(report.unit_id, report.task_id)] = report
    n = len(before)
    print(f"unit-periods: {n}")
    print(f"fields to touch per unit and period, no prefill:   {sum(before.values()) / n:6.1f}")
    print(f"fields to touch per unit and period, with prefill: {sum(after.values()) / n:6.1f}")
    print(f"saved by prefill: {1 - sum(after.values()) / sum(before.values()):.0%}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DUCHA_VAR_DIR": tmp}
        env.pop("DUCHA_DATABASE_URL", None)
        subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        _measure()
    else:
        main()
