"""``ducha demo``: build a fresh demo database, print one login per role, then serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from ducha.demo.generator import build_demo


def _fresh_database() -> None:
    """Drop the SQLite demo file (and its WAL) so the demo always starts clean."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        raise CommandError("演示数据只写入 SQLite 演示库;请不要对生产数据库运行 ducha demo。")
    connection.close()
    if str(db["NAME"]) == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db['NAME']}{suffix}").unlink(missing_ok=True)


class Command(BaseCommand):
    help = "重建演示数据库(示例市)并启动服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="数据倍数,用于压力测试")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-serve", action="store_true", help="只生成数据,不启动服务")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["scale"] < 1:
            raise CommandError("--scale 必须是正整数")
        _fresh_database()
        call_command("migrate", interactive=False, verbosity=0)
        result = build_demo(today=timezone.localdate(), seed=opts["seed"], scale=opts["scale"])
        self.stdout.write("演示数据已生成: " + ", ".join(
            f"{k}={v}" for k, v in result.counts.items()))
        self.stdout.write("演示账户(每个角色一个):")
        for role, username, password in result.logins:
            self.stdout.write(f"  {role}: 用户名 {username}  密码 {password}")
        if not opts["no_serve"]:
            call_command("serve", host=opts["host"], port=opts["port"])
