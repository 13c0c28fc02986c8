"""``ducha remind [--today YYYY-MM-DD]``: the nightly 督办单 run, safe to start from cron.

Recomputes every warning for the day (blue 提醒, yellow 预警, red 督办), records the changes,
then claims and sends the pending notices by e-mail and webhook. The date is read once (the
local date unless ``--today`` is given) and passed down; two runs started together take turns
on the recompute and never send the same notice twice.

    ducha remind                      # tonight's run
    ducha remind --today 2026-03-31   # judge as of another day (back-fill, tests)
    ducha remind --no-send            # record warnings only
    ducha remind --send-only          # only send what is pending (catch up after a failure)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.accounts.models import User
from ducha.choices import UserRole
from ducha.reminders.services import notification_send_due, reminder_recompute, runner_name


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不对,请写作 YYYY-MM-DD,如 2026-03-31。") from None


class Command(BaseCommand):
    help = "督办提醒:重新判定蓝色提醒、黄色预警、红色督办,并发送待发的督办单"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=str, default="", help="判定日期,默认今天")
        parser.add_argument("--days", type=int, default=None,
                            help="截止前几天发蓝色提醒,默认取 DUCHA_REMIND_DAYS")
        parser.add_argument("--no-send", action="store_true", help="只判定,不发送")
        parser.add_argument("--send-only", action="store_true", help="只发送待发的督办单")
        parser.add_argument("--runner", default="", help="运行实例名称,默认主机名:进程号")
        parser.add_argument("--by", default="", help="操作人(督查室用户名);默认记为系统")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["no_send"] and opts["send_only"]:
            raise CommandError("--no-send 与 --send-only 不能同时使用。")
        if opts["days"] is not None and opts["days"] < 0:
            raise CommandError("--days 不能为负数。")
        now = timezone.now()
        today = _date(opts["today"]) if opts["today"] else timezone.localdate(now)
        by = None
        if opts["by"]:
            by = User.objects.filter(username=opts["by"], role=UserRole.SUPERVISOR,
                                     is_active=True).first()
            if by is None:
                raise CommandError(f"没有找到督查室用户“{opts['by']}”。")
        runner = opts["runner"] or runner_name()
        if not opts["send_only"]:
            run = reminder_recompute(today=today, now=now, by=by, runner=runner,
                                     days=opts["days"])
            self.stdout.write(f"{today:%Y-%m-%d} 督办提醒:新发 {run.created} 件,"
                              f"解除 {run.resolved} 件,仍有效 {run.kept} 件。")
        if not opts["no_send"]:
            sent = notification_send_due(now=now, by=by, runner=runner)
            self.stdout.write(f"发送督办单:认领 {sent.claimed} 件,成功 {sent.sent} 件,"
                              f"失败 {sent.failed} 件。")
