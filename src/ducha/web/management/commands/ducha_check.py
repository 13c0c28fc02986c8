"""``ducha check``: configuration, database reachability and pending migrations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "检查配置、数据库连接和未执行的数据库迁移"

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        db = settings.DATABASES["default"]
        self.stdout.write(f"数据库引擎: {db['ENGINE'].rsplit('.', 1)[-1]}  名称: {db['NAME']}")
        if settings.DEBUG:
            problems.append("DUCHA_DEBUG 已开启;生产环境请关闭 (DUCHA_DEBUG=0)。")
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            connection.ensure_connection()
        except Exception as exc:
            raise CommandError(f"数据库无法连接: {exc};请检查 DUCHA_DATABASE_URL。") from None
        self.stdout.write("数据库连接: 正常")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            problems.append(f"有 {len(plan)} 个数据库迁移尚未执行;请运行 ducha init 或 "
                            "ducha manage migrate。")
        else:
            self.stdout.write("数据库迁移: 已是最新")
        for p in problems:
            self.stdout.write(self.style.WARNING(f"需要处理: {p}"))
        if problems:
            raise CommandError(f"检查发现 {len(problems)} 个问题。")
        self.stdout.write(self.style.SUCCESS("检查通过。"))
