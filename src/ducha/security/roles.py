"""Page guards for the separated administration roles (三权分立)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ducha.choices import UserRole


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]],
                                            Callable[..., HttpResponse]]:
    """Let only these roles in: anonymous users go to the login page, other roles get 403."""
    labels = "、".join(UserRole(r).label for r in roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(user, "role", None) not in roles:
                raise PermissionDenied(f"此页面仅供{labels}使用;如需办理,请联系{labels}。")
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
