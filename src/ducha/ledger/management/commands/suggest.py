"""``ducha suggest FILE [--json] [--statuses done,in_progress,…]``: a status per progress text.

``--statuses`` limits suggestions to an office's own vocabulary (its bulletin's sections).
"""

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
        parser.add_argument("--statuses", default="",
                            help="只在这些状态中建议,逗号分隔的状态代码,如 not_done,basically_done")

    def handle(self, *args: Any, file: str, **opts: Any) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"文件 {file} 无法读取({exc});请提供 UTF-8 文本,每行一段进展。"
                               ) from None
        lines = text.splitlines()
        allowed = [c.strip() for c in opts["statuses"].split(",") if c.strip()] or None
        try:
            suggestions = suggest_many(lines, allowed=allowed)
        except ValueError:
            raise CommandError(f"--statuses 只能是这些状态代码:{', '.join(Status.values)}"
                               ) from None
        if opts["json"]:
            data = [s.to_dict() for s in suggestions]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        labels = dict(Status.choices)
        for s in suggestions:
            spans = "、".join(e.span for e in s.evidence[:3])
            self.stdout.write(f"{labels[s.status]}\t{s.text[:40]}\t依据: {spans}")
