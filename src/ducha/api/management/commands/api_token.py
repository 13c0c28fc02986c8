"""``ducha manage api_token create|revoke|list``: API tokens from the shell.

    ducha manage api_token create --user rep_a --name "区县数据对接"
    ducha manage api_token revoke 12 [--by secadmin]
    ducha manage api_token list [--user rep_a]

A thin caller of ``ducha.api.services``: the same rules and audit rows as the token page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.accounts.models import User
from ducha.api.models import ApiToken
from ducha.api.selectors import api_token_list
from ducha.api.services import api_token_create, api_token_revoke
from ducha.base import DuchaError


def _user(username: str | None, what: str) -> User:
    user = User.objects.filter(username=username or "").first()
    if user is None:
        raise CommandError(f"没有找到用户“{username or ''}”;请用 {what} 指定已有的用户名。")
    return user


class Command(BaseCommand):
    help = "接口令牌:create 签发(只显示一次),revoke 吊销,list 列出"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="为用户签发令牌;令牌只显示这一次")
        create.add_argument("--user", required=True, help="令牌所属用户名")
        create.add_argument("--name", required=True, help="用途,如“区县数据对接”")
        revoke = sub.add_parser("revoke", help="吊销令牌(按编号,见 list)")
        revoke.add_argument("token_id", type=int)
        revoke.add_argument("--by", help="操作人用户名(本人或安全管理员);省略时记为命令行操作")
        listing = sub.add_parser("list", help="列出令牌(不含令牌本身)")
        listing.add_argument("--user", help="只列出该用户的令牌")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        try:
            getattr(self, f"_{subcommand}")(**options)
        except (DuchaError, PermissionDenied) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from None

    def _create(self, *, user: str, name: str, **options: Any) -> None:
        owner = _user(user, "--user")
        token, raw = api_token_create(user=owner, name=name, by=None, now=timezone.now())
        self.stdout.write(f"已为 {owner.username} 签发令牌 #{token.pk}“{token.name}”。"
                          "令牌只显示这一次,请妥善保存:")
        self.stdout.write(raw)

    def _revoke(self, *, token_id: int, by: str | None, **options: Any) -> None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"没有编号为 {token_id} 的令牌;请用 api_token list 查看。")
        actor = _user(by, "--by") if by else None
        api_token_revoke(token=token, by=actor, now=timezone.now())
        self.stdout.write(f"令牌 #{token.pk}({token.prefix}…)已吊销。")

    def _list(self, *, user: str | None, **options: Any) -> None:
        owner = _user(user, "--user") if user else None
        for t in api_token_list(user=owner):
            state = f"已吊销 {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "有效"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "从未使用"
            self.stdout.write(f"#{t.pk}\t{t.user.username}\t{t.prefix}…\t{t.name}\t"
                              f"最近使用 {used}\t{state}")
