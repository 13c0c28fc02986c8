"""``ducha tasks [--json]``: the ledger from the shell, through ``ledger.selectors.task_list``.

    ducha tasks --json                       # the office's view: every task
    ducha tasks --json --user rep_a          # what that user sees (a reporter: its unit's)
    ducha tasks --source 3 --chapter "二、重点任务" --unit 12

The JSON is a list of the API's ``TaskItem`` (GET /api/tasks), in the ledger page's order.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.accounts.models import User
from ducha.accounts.permissions import Action, can
from ducha.api.schemas import TaskItem
from ducha.choices import Role, UserRole
from ducha.ledger.selectors import task_list


def _viewer(username: str | None) -> User:
    """The user whose view is listed; without --user, the office's (the operator at the shell
    reads the database anyway, so nothing more is revealed)."""
    if not username:
        return User(username="命令行", role=UserRole.SUPERVISOR)
    user = User.objects.filter(username=username).select_related("unit").first()
    if user is None:
        raise CommandError(f"没有找到用户“{username}”;请用 --user 指定已有的用户名。")
    if not can(user, Action.VIEW_LEDGER):
        raise CommandError(f"用户“{username}”的角色无权查看督办台账。")
    return user


class Command(BaseCommand):
    help = "督办台账:列出督办事项(与台账页面、GET /api/tasks 同一查询)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument("--user", help="按该用户的权限列出(省略为督查室视角)")
        parser.add_argument("--source", type=int, help="来源文件编号")
        parser.add_argument("--chapter", help="章节")
        parser.add_argument("--unit", type=int, help="单位编号(牵头或责任)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = _viewer(options["user"])
        filters = {k: options[k] for k in ("source", "chapter", "unit")}
        tasks = task_list(user=user, filters=filters)
        if options["json"]:
            items = [TaskItem.from_orm(t).model_dump(mode="json") for t in tasks]
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
            return
        for t in tasks:
            leads = "、".join(a.printed_name for a in t.assignments.all() if a.role == Role.LEAD)
            self.stdout.write(f"{t.pk}\t{t.number}\t{t.title}\t牵头:{leads or '—'}")
