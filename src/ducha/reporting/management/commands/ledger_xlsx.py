"""`ducha manage ledger_xlsx …`: export and import the Excel ledger (台账) from the shell.

    ducha manage ledger_xlsx export --period 2026Q1 [--unit ID] [--by USER] OUT.xlsx
    ducha manage ledger_xlsx import FILE.xlsx --by USER [--dry-run] [--submit]
                                              [--confirm-duplicate]

A thin caller of ``xlsx_export`` / ``xlsx_import``: the same rules, checks and audit rows as the
pages. Without ``--by`` an export is made with the office's scope (every unit) and audited as
done by the system. An import exits non-zero and lists the errors by row and column when the
file is refused; nothing is written then.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.accounts.models import User
from ducha.base import DuchaError
from ducha.choices import UserRole
from ducha.org.models import Unit
from ducha.periodcode import period_from_code
from ducha.reporting.xlsx_export import ledger_export
from ducha.reporting.xlsx_import import ImportResult, ledger_import

# The scope of an export run from the shell without --by: the office's (every unit).
SYSTEM = SimpleNamespace(pk=None, is_authenticated=True, role=UserRole.SUPERVISOR,
                         unit_id=None, display_name="系统(命令行)")


class Command(BaseCommand):
    help = "Excel 台账:按周期导出(export),导入填好的台账(import)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("path", help="export:输出文件;import:要导入的 .xlsx 文件")
        parser.add_argument("--period", help="周期代码,如 2026Q1 或 2026M03(export 必填)")
        parser.add_argument("--unit", type=int, help="只导出该单位(单位编号)")
        parser.add_argument("--by", help="操作人用户名(import 必填;导入须由单位联络员操作)")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出改动,不写入")
        parser.add_argument("--submit", action="store_true",
                            help="报送所有已填写进展的事项(否则按“是否报送”列)")
        parser.add_argument("--confirm-duplicate", action="store_true",
                            help="确认与上期雷同的进展仍然报送")

    def handle(self, *args: Any, **options: Any) -> None:
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"], is_active=True).first()
            if by is None:
                raise CommandError(f"没有找到用户“{options['by']}”。")
        try:
            if options["action"] == "export":
                self._export(options, by)
            else:
                if by is None:
                    raise CommandError("导入请用 --by 指定单位联络员的用户名(改动会记入历史)。")
                self._import(options, by)
        except DuchaError as exc:
            raise CommandError(exc.message) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "无权执行此操作。") from exc

    def _export(self, options: dict[str, Any], by: User | None) -> None:
        if not options["period"]:
            raise CommandError("请用 --period 指定周期,如 2026Q1。")
        period = period_from_code(options["period"])
        unit = None
        if options["unit"] is not None:
            unit = Unit.objects.active().filter(pk=options["unit"]).first()
            if unit is None:
                raise CommandError(f"没有找到编号为 {options['unit']} 的单位。")
        name, data = ledger_export(user=by or SYSTEM, period=period, unit=unit,  # type: ignore
                                   now=timezone.now())
        out = Path(options["path"])
        out.write_bytes(data)
        self.stdout.write(f"已导出 {out}({len(data)} 字节;{name})")

    def _import(self, options: dict[str, Any], by: User) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}:{exc.strerror}") from exc
        period = period_from_code(options["period"]) if options["period"] else None
        result = ledger_import(data=data, name=path.name, by=by, now=timezone.now(),
                               period=period, dry_run=options["dry_run"],
                               submit_all=options["submit"],
                               confirm_duplicate=options["confirm_duplicate"])
        self._print(result)

    def _print(self, result: ImportResult) -> None:
        if result.error_total:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.error_total > len(result.errors):
                self.stderr.write(f"……另有 {result.error_total - len(result.errors)} 处错误")
            raise CommandError(f"发现 {result.error_total} 处错误,整份文件未写入。")
        for change in result.changes:
            fields = "、".join(column for column, _before, _after in change.fields)
            self.stdout.write(f"第{change.row}行\t{change.action}\t{change.unit.name}\t"
                              f"{change.task.title}\t改动:{fields}")
        verb = "将" if result.dry_run else "已"
        note = "(试运行,未写入)" if result.dry_run else ""
        self.stdout.write(f"共 {result.rows} 行:{verb}改动 {len(result.changes)} 项(报送 "
                          f"{result.submitted} 项),不变 {result.unchanged} 项{note}")
