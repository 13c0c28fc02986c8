"""Writes of the API app: issuing, revoking and using API tokens, each audited.

A token carries no permissions of its own: it authenticates its user, and every API handler
then asks ``ducha.accounts.permissions`` exactly as the pages do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ducha.accounts.permissions import Action, can
from ducha.api.models import ApiToken
from ducha.audit.services import audit_record
from ducha.base import DuchaError
from ducha.choices import UserRole

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User

TOKEN_PREFIX = "dct_"  # noqa: S105 - a public marker, not a secret
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most once a minute per token, so reads stay reads.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


def token_digest(raw: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(*, user: User, name: str, by: User | None, now: dt.datetime,
                     request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Issue a token for ``user``; returns the row and the token, which is never shown again.

    ``by`` is the user acting (only the owner, on the token page) or ``None`` for the
    operator at the command line.
    """
    if by is not None and by.pk != user.pk:
        raise PermissionDenied("只能为自己签发接口令牌。")
    if not user.is_active:
        raise DuchaError(f"账户“{user.username}”已停用,不能签发接口令牌。", "token_inactive")
    if not can(user, Action.VIEW_LEDGER):
        raise DuchaError("系统管理员、安全管理员和安全审计员不使用督查数据接口,不能签发接口令牌。",
                         "token_role")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DuchaError("请填写令牌用途(1 至 100 个字),例如“区县数据对接”。", "token_name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
        if len(active) >= MAX_ACTIVE_TOKENS:
            raise DuchaError(f"每个账户最多保留 {MAX_ACTIVE_TOKENS} 个有效令牌;"
                             "请先吊销不再使用的令牌。", "token_limit")
        token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12],
                                        key_hash=token_digest(raw), created_at=now,
                                        created_by=by)
        audit_record(action="api_token_create", by=by, request=request, obj=token,
                     detail={"user": user.username, "name": name, "prefix": token.prefix,
                             "via": "page" if request is not None else "command line"})
    return token, raw


def api_token_revoke(*, token: ApiToken, by: User | None, now: dt.datetime,
                     request: HttpRequest | None = None) -> ApiToken:
    """Revoke a token at once; the row stays so its use remains traceable.

    The owner revokes on the token page; the security administrator or the operator at the
    command line may revoke anyone's (a lost laptop, a leaked script).
    """
    if by is not None and by.pk != token.user_id and by.role != UserRole.SECADMIN:
        raise PermissionDenied("只能吊销自己的接口令牌;如令牌泄露,请联系安全管理员。")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if token.revoked_at is not None:
            raise DuchaError(f"令牌 {token.prefix}… 已于 {token.revoked_at:%Y-%m-%d %H:%M} "
                             "吊销,无需再次吊销。", "token_revoked")
        token.revoked_at, token.revoked_by = now, by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(action="api_token_revoke", by=by, request=request, obj=token,
                     detail={"user": token.user.username, "prefix": token.prefix})
    return token


def api_token_use(*, raw: str, now: dt.datetime) -> ApiToken | None:
    """The active token for ``raw`` with its user (and unit) loaded, or None.

    Records ``last_used_at`` with a conditional UPDATE at most once a minute.
    """
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (ApiToken.objects.select_related("user", "user__unit")
             .filter(key_hash=token_digest(raw)).first())
    if token is None:
        return None
    if token.revoked_at is None and (token.last_used_at is None
                                     or now - token.last_used_at >= TOUCH_INTERVAL):
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(last_used_at=now)
        token.last_used_at = now
    return token
