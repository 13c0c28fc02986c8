"""`ducha manage ledger_xlsx export|import`: the same rules as the pages, from the shell."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from ducha.audit.models import AuditEvent
from ducha.reporting.models import Report

from .test_xlsx_roundtrip import Filled, values

pytestmark = pytest.mark.django_db


def _call(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("ledger_xlsx", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_export_then_dry_run_then_import(world, tmp_path):
    path = tmp_path / "台账.xlsx"
    printed = _call("export", str(path), period="2026Q1", unit=world.unit_a.pk)
    assert "已导出" in printed
    filled = Filled(path.read_bytes())
    assert filled.sheet.max_row == 3  # unit A's two tasks
    filled.fill(world.task_a, world.unit_a, **values(本期进展="命令行导入"))
    path.write_bytes(filled.bytes())
    printed = _call("import", str(path), by="rep_a", dry_run=True)
    assert "新建草稿" in printed and "试运行" in printed
    assert not Report.objects.exists()
    printed = _call("import", str(path), by="rep_a")
    assert "已改动 1 项" in printed
    assert Report.objects.get().text == "命令行导入"
    assert AuditEvent.objects.filter(action="export").exists()


def test_import_with_errors_exits_non_zero_and_lists_them(world, tmp_path):
    path = tmp_path / "台账.xlsx"
    _call("export", str(path), period="2026Q1")
    filled = Filled(path.read_bytes())
    row = filled.fill(world.task_b, world.unit_b, **values(本期进展="替乙局填"))
    path.write_bytes(filled.bytes())
    err = io.StringIO()
    with pytest.raises(CommandError, match="整份文件未写入"):
        call_command("ledger_xlsx", "import", str(path), by="rep_a", stdout=io.StringIO(),
                     stderr=err)
    assert f"第{row}行“单位”列" in err.getvalue()
    assert not Report.objects.exists()


def test_cli_refuses_unknown_period_user_and_missing_by(world, tmp_path):
    with pytest.raises(CommandError, match="2031Q1"):
        _call("export", str(tmp_path / "x.xlsx"), period="2031Q1")
    with pytest.raises(CommandError, match="nobody"):
        _call("import", str(tmp_path / "x.xlsx"), by="nobody")
    with pytest.raises(CommandError, match="--by"):
        _call("import", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="无法读取"):
        _call("import", str(tmp_path / "missing.xlsx"), by="rep_a")
