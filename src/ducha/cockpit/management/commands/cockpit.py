"""``ducha cockpit rebuild|verify``: the cockpit's running totals (驾驶舱汇总).

``rebuild`` recomputes every total from the base tables (after a bulk import or a restore);
``verify`` recomputes them without writing and lists any total that differs (exit status 1).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ducha.cockpit import totals


class Command(BaseCommand):
    help = "领导驾驶舱汇总数:rebuild 按原始数据重算;verify 核对并列出不一致之处"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "verify"],
                            help="rebuild:重算全部汇总;verify:只核对,不写入")
        parser.add_argument("--show", type=int, default=20, metavar="条",
                            help="verify 时最多列出多少条不一致,默认 20")

    def handle(self, *args: Any, **opts: Any) -> None:
        start = time.perf_counter()
        if opts["action"] == "rebuild":
            count = totals.rebuild()
            self.stdout.write(f"驾驶舱汇总已重算:{count} 项,用时 "
                              f"{time.perf_counter() - start:.1f} 秒。")
            return
        drift = totals.verify()
        if not drift:
            self.stdout.write(f"驾驶舱汇总与原始数据一致(核对用时 "
                              f"{time.perf_counter() - start:.1f} 秒)。")
            return
        self.stdout.write(f"驾驶舱汇总与原始数据不一致:{len(drift)} 项。"
                          "请运行 ducha cockpit rebuild 重算。")
        for cell, kept, now in drift[:opts["show"]]:
            self.stdout.write(f"  {'/'.join(map(str, cell))}: 汇总 {kept},应为 {now}")
        sys.exit(1)
