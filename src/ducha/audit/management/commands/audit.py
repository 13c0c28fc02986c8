"""``ducha audit verify|prune|export``: check the hash chain, remove old rows, write a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.audit.exports import FORMATS, export_bytes
from ducha.audit.models import AuditAction
from ducha.audit.selectors import audit_event_list, audit_export_rows
from ducha.audit.services import MIN_RETENTION_DAYS, audit_prune, audit_record, audit_verify
from ducha.base import DuchaError


class Command(BaseCommand):
    help = "安全审计日志:verify 校验摘要链,prune 清理过期记录,export 导出"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="校验审计日志的摘要链;发现被改动或删除的记录时以非零状态退出")
        prune = sub.add_parser("prune", help=f"删除早于 N 天的记录(N 不小于 {MIN_RETENTION_DAYS})")
        prune.add_argument("--older-than-days", type=int, required=True, dest="days")
        export = sub.add_parser("export", help="把审计日志导出为 .xlsx 或 .csv 文件")
        export.add_argument("file", help="输出文件,扩展名 .xlsx 或 .csv")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        getattr(self, f"_{subcommand}")(**options)

    def _verify(self, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(f"审计日志完整性校验失败:{report.problem}"
                               f"请保全数据库现场并报告安全管理员。")
        self.stdout.write(f"审计日志完整:共 {report.count} 条,"
                          f"自 #{report.first_id} 至 #{report.last_id};"
                          f"末条摘要 {report.last_hash}")

    def _prune(self, *, days: int, **options: Any) -> None:
        try:
            removed = audit_prune(older_than_days=days, now=timezone.now())
        except DuchaError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"已删除 {removed} 条早于 {days} 天的审计记录;清理本身已记入审计日志。")

    def _export(self, *, file: str, **options: Any) -> None:
        path = Path(file)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError("导出文件的扩展名应为 .xlsx 或 .csv;请更换文件名。")
        queryset = audit_event_list()
        count = queryset.count()
        path.write_bytes(export_bytes(audit_export_rows(queryset), fmt))
        audit_record(action=AuditAction.AUDIT_EXPORT, by=None,
                     detail={"format": fmt, "rows": count, "via": "command line"})
        self.stdout.write(f"已导出 {count} 条审计记录到 {path}。")
