"""`ducha manage periods …`: list, create, open, close and reopen periods from the shell.

    ducha manage periods list
    ducha manage periods create 2027 [--kind month] --by office
    ducha manage periods open 2027Q1 --by office
    ducha manage periods close 2027Q1 --by office
    ducha manage periods reopen 2027Q1 --reason "补报" --by office

A thin caller of ``ducha.reporting.services``: the same rules and history as the pages.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.accounts.models import User
from ducha.base import DuchaError
from ducha.choices import PeriodKind
from ducha.reporting.models import Period
from ducha.reporting.services import (
    period_close,
    period_create_year,
    period_open,
    period_reopen,
)

CODE = re.compile(r"^(?P<year>\d{4})(?P<kind>[QM])(?P<index>\d{1,2})$")


def _period(code: str) -> Period:
    match = CODE.match(code.upper())
    if not match:
        raise CommandError(f"周期代码“{code}”格式不对;季度写作 2027Q1,月份写作 2027M07。")
    kind = PeriodKind.QUARTER if match["kind"] == "Q" else PeriodKind.MONTH
    period = Period.objects.active().filter(year=int(match["year"]), kind=kind,
                                            index=int(match["index"])).first()
    if period is None:
        raise CommandError(f"没有找到周期 {code};请先用 periods create 创建。")
    return period


class Command(BaseCommand):
    help = "督办周期:列出、创建、开启、关闭、重新开启"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "create", "open", "close", "reopen"])
        parser.add_argument("target", nargs="?", help="年度(create)或周期代码(2027Q1)")
        parser.add_argument("--kind", choices=PeriodKind.values, default=PeriodKind.QUARTER)
        parser.add_argument("--by", help="操作人(督查室用户名)")
        parser.add_argument("--reason", default="", help="重新开启的原因")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for p in Period.objects.active().order_by("year", "kind", "index"):
                self.stdout.write(f"{p.code}\t{p.label}\t截止 {p.due_date}\t"
                                  f"{p.get_state_display()}")
            return
        if not options["target"]:
            raise CommandError("请给出年度(create)或周期代码(如 2027Q1)。")
        by = User.objects.filter(username=options["by"] or "").first()
        if by is None:
            raise CommandError("请用 --by 指定督查室用户名(操作会记入历史)。")
        now = timezone.now()
        try:
            if action == "create":
                if not options["target"].isdigit():
                    raise CommandError(f"年度“{options['target']}”不是数字,例如 2027。")
                made = period_create_year(year=int(options["target"]), kind=options["kind"],
                                          by=by)
                self.stdout.write(f"已创建 {len(made)} 个周期:{'、'.join(p.code for p in made)}")
            elif action == "open":
                period = period_open(period=_period(options["target"]), by=by, now=now)
                self.stdout.write(f"{period.label}已开启")
            elif action == "close":
                period = period_close(period=_period(options["target"]), by=by, now=now)
                self.stdout.write(f"{period.label}已关闭")
            else:
                period = period_reopen(period=_period(options["target"]),
                                       reason=options["reason"], by=by, now=now)
                self.stdout.write(f"{period.label}已重新开启")
        except DuchaError as exc:
            raise CommandError(exc.message) from exc
        except PermissionDenied as exc:
            raise CommandError(f"用户“{by}”无权管理督办周期。") from exc
