"""Generated files pass the shared GB/T 9704-2012 checker (skipped where it is absent)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from ducha.bulletins.notices import assignment_notice, reminder_notice
from ducha.bulletins.render_docx import render_docx


def _check(tools, tmp_path, doc, name: str) -> dict:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(render_docx(doc))
    result = subprocess.run([sys.executable, str(tools / "check_gbt9704.py"), str(path), "--json"],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _failures(report: dict) -> list[str]:
    return [f"{r['rule']}: {r['found']}" for r in report["rules"] if r["status"] == "FAIL"]


@pytest.mark.parametrize("layout", ["official", "periodical", "letter"])
def test_bulletin_passes_the_gbt9704_checker(shared_tools, tmp_path, bulletin, layout):
    report = _check(shared_tools, tmp_path, bulletin(layout), layout)
    assert _failures(report) == []
    assert report["summary"]["passed"] >= 20
    assert report["paragraphs"]["title"] == 1
    assert report["paragraphs"]["heading1"] >= 2


def test_notices_pass_the_gbt9704_checker(shared_tools, tmp_path):
    day = dt.date(2026, 11, 5)
    notices = {
        "assignment": assignment_notice(
            issuer="示例市人民政府政务督查室", date=day, task="推进示例湖生态治理工程建设。",
            lead_units=["市生态环境局"], responsible_units=["市水利局"],
            deadline=dt.date(2026, 12, 31), doc_number="示督通〔2026〕12号"),
        "reminder": reminder_notice(
            issuer="示例市人民政府政务督查室", date=day, grade="red",
            task="推进示例湖生态治理工程建设。", units=["市生态环境局"],
            overdue=["10月进展未按期报送。"], reply_by=dt.date(2026, 11, 12)),
    }
    for name, doc in notices.items():
        assert _failures(_check(shared_tools, tmp_path, doc, name)) == [], name
