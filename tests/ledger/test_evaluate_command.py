"""`ducha evaluate`: a bulletin's actuals against a decomposition's targets, no database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_first_quarter_table_judges_levels_and_pace():
    out = StringIO()
    call_command("evaluate", targets=str(FIXTURES / "shili_targets.txt"),
                 actuals=str(FIXTURES / "shili_q1.txt"), quarter=1, json=True, stdout=out)
    rows = {r["name"]: r for r in json.loads(out.getvalue())}
    assert rows["地区生产总值增长"]["verdict"] == "met"
    assert rows["城镇登记失业率"]["verdict"] == "met"
    assert rows["新建5G基站"]["verdict"] == "behind"
    assert rows["新建5G基站"]["explanation"] == "完成150座,占年度目标18.8%,低于序时进度6.2个百分点"
    assert rows["新增城镇就业"]["verdict"] == "on_pace"  # 9100 of 32000 is 28.4%
