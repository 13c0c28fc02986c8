"""``ducha suggest FILE [--json]``: suggest a status for each progress text (one per line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.choices import Status
from ducha.docparse.suggest import suggest_many


class Command(BaseCommand):
    help = "按进展文字建议督办状态(每行一段进展,UTF-8);不写数据库"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, file: str, **opts: Any) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"文件 {file} 无法读取({exc});请提供 UTF-8 文本,每行一段进展。"
                               ) from None
        lines = text.splitlines()
        suggestions = suggest_many(lines)
        if opts["json"]:
            data = [s.to_dict() for s in suggestions]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        labels = dict(Status.choices)
        for s in suggestions:
            spans = "、".join(e.span for e in s.evidence[:3])
            self.stdout.write(f"{labels[s.status]}\t{s.text[:40]}\t依据: {spans}")
