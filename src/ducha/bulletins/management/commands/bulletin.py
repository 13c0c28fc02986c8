"""``ducha bulletin --period 2021Q3 --kind meetings|work-report|special [--out FILE]``.

Composes the bulletin from the ledger and renders it (format from the file's extension:
.docx .pdf .html .md .txt); without ``--out`` the plain text goes to standard output.
Nothing is written to the database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha import periodcode
from ducha.base import DuchaError
from ducha.bulletins.models import OfficeProfile
from ducha.bulletins.rendering import FORMATS, render
from ducha.bulletins.services import _compose
from ducha.reporting.models import Period

KINDS = {"meetings": "meetings", "work-report": "work_report", "special": "special"}


def period_from_code(code: str) -> Period:
    """The period of a code, or a command error saying what is wrong."""
    try:
        return periodcode.period_from_code(code)
    except DuchaError as exc:
        raise CommandError(exc.message) from None


class Command(BaseCommand):
    help = "按督办台账生成督查通报(.docx/.pdf/.html/.md/.txt),不写数据库"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="如 2021Q3 或 2021M07")
        parser.add_argument("--kind", required=True, choices=sorted(KINDS))
        parser.add_argument("--out", help="输出文件;扩展名决定格式")
        parser.add_argument("--layout", choices=["official", "periodical"], default="official")
        parser.add_argument("--since", help="本期会议起始日期 YYYY-MM-DD;更早会议只列未落实事项")
        parser.add_argument("--subject", default="", help="专项督查的主题")

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from_code(opts["period"])
        since = dt.date.fromisoformat(opts["since"]) if opts["since"] else None
        profile = OfficeProfile.current()
        try:
            doc, _scope = _compose(kind=KINDS[opts["kind"]], period=period,
                                   today=timezone.localdate(), profile=profile, source=None,
                                   since=since, subject=opts["subject"])
        except DuchaError as exc:
            raise CommandError(exc.message) from None
        doc.layout = opts["layout"]
        doc.signature, doc.addressees = profile.issuer, profile.addressees
        if not opts["out"]:
            self.stdout.write(render(doc, "txt").decode("utf-8"))
            return
        out = Path(opts["out"])
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"不支持的输出格式“{out.suffix}”:可选 .docx .pdf .html .md .txt")
        try:
            out.write_bytes(render(doc, fmt))
        except DuchaError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"已生成 {out}({doc.item_count()} 项)")
