"""``ducha init``: migrate, then create the first supervisor and print its one-time password."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.accounts.services import supervisor_create
from ducha.base import DuchaError


class Command(BaseCommand):
    help = "初始化数据库并创建督查室管理员账户(打印一次性密码)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="duchashi", help="督查室账户用户名")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已迁移到最新结构。")
        try:
            _user, password = supervisor_create(username=username)
        except DuchaError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"督查室账户: {username}")
        self.stdout.write(f"一次性密码: {password}")
        self.stdout.write("请登录后立即修改密码;此密码不会再次显示。")
