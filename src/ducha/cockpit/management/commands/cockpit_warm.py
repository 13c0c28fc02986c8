"""``ducha manage cockpit_warm``: compute the cockpit's default pages ahead of the leaders.

Run it after an import or a round of decisions, or every minute from a timer: when nothing
changed it only reads the data fingerprint. It fills the shared cache (configure ``CACHES``
with a database or Redis cache when several processes serve the cockpit).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ducha.cockpit.pages import cockpit_warm


class Command(BaseCommand):
    help = "预先计算领导驾驶舱的默认页面(数据未变时几乎不耗时)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, metavar="秒",
                            help="每隔若干秒重复一次;0 表示只运行一次")

    def handle(self, *args: Any, **opts: Any) -> None:
        while True:
            start = time.perf_counter()
            done = cockpit_warm(today=timezone.localdate())
            self.stdout.write(f"驾驶舱已预计算:{'、'.join(done)}"
                              f"(用时 {time.perf_counter() - start:.2f} 秒)")
            if opts["loop"] <= 0:
                return
            time.sleep(opts["loop"])
