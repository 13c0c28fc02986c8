"""``ducha backup DIR``: a consistent snapshot of the database and the attachments."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.audit.models import AuditAction
from ducha.audit.services import audit_record
from ducha.base import DuchaError
from ducha.security.backup import backup_create


class Command(BaseCommand):
    help = "备份数据库与附件到一个新目录(服务运行中也可执行),并写入校验清单"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="备份目录(不存在或为空)")

    def handle(self, *args: Any, directory: str, **options: Any) -> None:
        now = timezone.now()
        started = time.monotonic()
        try:
            result = backup_create(directory=Path(directory), now=now)
        except DuchaError as exc:
            raise CommandError(exc.message) from None
        audit_record(action=AuditAction.BACKUP, by=None, at=now,
                     detail={"directory": str(Path(directory).resolve()),
                             "rows": sum(result.tables.values()), "files": result.files})
        self.stdout.write(
            f"备份完成:{result.directory},{len(result.tables)} 张表共 "
            f"{sum(result.tables.values())} 行,附件 {result.files} 个,"
            f"合计 {result.bytes / 1024 / 1024:.1f} MB,用时 {time.monotonic() - started:.1f} 秒。")
