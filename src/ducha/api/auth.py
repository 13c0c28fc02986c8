"""Bearer-token authentication: ``Authorization: Bearer <token>`` acts as the token's user.

Each failure raises an ApiError with its own Chinese message (missing, malformed, unknown,
revoked, account disabled), which the error handlers turn into the one 401 shape.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from ducha.api.errors import ApiError
from ducha.api.services import api_token_use


def _refuse(message: str, code: str) -> ApiError:
    return ApiError(message, code, 401)


class TokenAuth(HttpBearer):
    """Resolves the token to its user; permissions are then asked of accounts.permissions."""

    def __call__(self, request: HttpRequest) -> Any:
        value = request.headers.get(self.header, "")
        if not value:
            raise _refuse("缺少接口令牌:请在请求头中加入 Authorization: Bearer <接口令牌>;"
                          "令牌可在“接口令牌”页面(/api/tokens/)签发。", "token_missing")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise _refuse("身份验证方式不正确:请使用 Authorization: Bearer <接口令牌>。",
                          "token_scheme")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_use(raw=token, now=timezone.now())
        if found is None:
            raise _refuse("接口令牌无效:请检查是否完整复制,或重新签发一个令牌。", "token_invalid")
        if found.revoked_at is not None:
            raise _refuse(f"接口令牌 {found.prefix}… 已于 "
                          f"{timezone.localtime(found.revoked_at):%Y-%m-%d %H:%M} 吊销;"
                          "请签发新的令牌。", "token_revoked")
        user = found.user
        if not user.is_active:
            raise _refuse("该令牌所属账户已停用;如需继续使用,请联系系统管理员。",
                          "account_inactive")
        if user.must_change_password:
            raise _refuse("该令牌所属账户须先登录网页修改密码,之后令牌才能继续使用。",
                          "password_change_required")
        # History rows and the audit log of refused requests name the token's user.
        request.user = user
        return user
