"""``ducha import FILE… [--dry-run] [--by USER]``: write documents into the ledger.

All files are read and parsed before anything is written: a bad file stops the whole run
with a message naming it, and nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.accounts.models import User
from ducha.base import DuchaError
from ducha.ledger.importing import documents_import
from ducha.ledger.management.commands.parse import parse_files
from ducha.periodcode import period_from_code

STATE_LABELS = {"created": "已导入", "unchanged": "未改动", "skipped": "跳过"}


class Command(BaseCommand):
    help = "导入公文,生成督办台账(同一文件重复导入不会产生改动)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--dry-run", action="store_true", help="只检查,不写入")
        parser.add_argument("--by", default="", help="记录为哪个账户的操作(用户名)")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--period", default="",
                            help="督查通报中的评定状态记为该周期的评定,如 2021Q3")

    def handle(self, *args: Any, files: list[str], **opts: Any) -> None:
        by = None
        if opts["by"]:
            by = User.objects.filter(username=opts["by"]).first()
            if by is None:
                raise CommandError(f"账户“{opts['by']}”不存在;请检查 --by 参数。")
        period = None
        if opts["period"]:
            try:
                period = period_from_code(opts["period"])
            except DuchaError as exc:
                raise CommandError(exc.message) from None
        parsed = parse_files(files)
        report = []
        for path, documents in parsed:
            outcomes = documents_import(documents=documents, by=by, dry_run=opts["dry_run"],
                                        period=period)
            report.append({"file": path, "documents": [o.to_dict() for o in outcomes]})
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            return
        self._print(report, dry_run=opts["dry_run"])

    def _print(self, report: list[dict[str, Any]], *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write("(试运行:以下为将要写入的内容,数据库未改动)")
        for entry in report:
            self.stdout.write(f"文件 {entry['file']}")
            for d in entry["documents"]:
                label = STATE_LABELS[d["state"]]
                self.stdout.write(f"  [{label}] 《{d['title']}》{d['doc_number']}")
                if d["state"] == "created":
                    self.stdout.write(f"    事项 {d['tasks']},分工 {d['assignments']},"
                                      f"指标 {d['indicators']},会议 {d['meetings']}")
                if d["reason"]:
                    self.stdout.write(f"    {d['reason']}")
                for name in d["unresolved"]:
                    self.stdout.write(f"    未识别单位: {name}"
                                      "(已列入待识别队列,请在单位管理中映射或新建)")
                for warning in d["warnings"]:
                    self.stdout.write(f"    注意: {warning}")
