"""``ducha restore DIR``: restore a checked backup into an empty database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.audit.models import AuditAction
from ducha.audit.services import audit_record
from ducha.base import DuchaError
from ducha.security.backup import backup_check, backup_restore


class Command(BaseCommand):
    help = "从 ducha backup 生成的目录恢复到空数据库;损坏或外来的备份会被拒绝"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="备份目录")
        parser.add_argument("--check", action="store_true",
                            help="只校验备份是否完整可用,不恢复")

    def handle(self, *args: Any, directory: str, check: bool, **options: Any) -> None:
        started = time.monotonic()
        try:
            if check:
                manifest = backup_check(directory=Path(directory))
                self.stdout.write(f"备份完整可用:{manifest['created_at']},"
                                  f"{len(manifest['files'])} 个文件校验一致。")
                return
            manifest = backup_restore(directory=Path(directory))
        except DuchaError as exc:
            raise CommandError(exc.message) from None
        audit_record(action=AuditAction.RESTORE, by=None, at=timezone.now(),
                     detail={"directory": str(Path(directory).resolve()),
                             "backup_created_at": manifest["created_at"]})
        self.stdout.write(
            f"恢复完成:备份时间 {manifest['created_at']},"
            f"{len(manifest['tables'])} 张表行数与清单一致,"
            f"附件 {len(manifest['files']) - 1} 个,用时 {time.monotonic() - started:.1f} 秒。")
