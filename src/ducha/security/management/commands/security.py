"""``ducha security create-admin|unlock|prune``: what no page may do, and housekeeping."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.base import DuchaError
from ducha.choices import ADMIN_ROLES
from ducha.security.lockout import KEEP_FAILURES, login_failures_prune
from ducha.security.models import Lockout
from ducha.security.services import admin_create


class Command(BaseCommand):
    help = "安全管理:create-admin 创建管理员账户,unlock 解除登录锁定,prune 清理过期的登录失败计数"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create-admin", help="创建系统管理员、安全管理员或安全审计员")
        create.add_argument("--role", required=True, choices=[r.value for r in ADMIN_ROLES])
        create.add_argument("--username", required=True)
        create.add_argument("--name", default="")
        unlock = sub.add_parser("unlock", help="解除某账户或地址的登录锁定")
        unlock.add_argument("key", help="用户名或 IP 地址")
        sub.add_parser("prune", help="删除锁定判断已不再需要的登录失败计数(早于 1 天)")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "create-admin":
            try:
                user, password = admin_create(username=options["username"],
                                              role=options["role"],
                                              display_name=options["name"])
            except DuchaError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"{user.get_role_display()}账户: {user.username}")
            self.stdout.write(f"一次性密码: {password}")
            self.stdout.write("请登录后立即修改密码;此密码不会再次显示。")
            return
        if subcommand == "prune":
            removed = login_failures_prune(now=timezone.now())
            self.stdout.write(f"已删除 {removed} 条早于 {KEEP_FAILURES.days} 天的登录失败计数"
                              f"(每次失败仍保留在审计日志中)。")
            return
        from ducha.audit.models import AuditAction
        from ducha.audit.services import audit_record

        now = timezone.now()
        count = 0
        for lock in Lockout.objects.filter(key=options["key"], released_at__isnull=True,
                                           until__gt=now):
            Lockout.objects.filter(pk=lock.pk).update(released_at=now)
            audit_record(action=AuditAction.UNLOCK, by=None, obj=lock, at=now,
                         detail={"kind": lock.kind, "key": lock.key, "via": "command line"})
            count += 1
        self.stdout.write(f"已解除 {count} 项锁定。" if count else "该账户或地址当前没有锁定。")
