"""Reads of the API app: a user's tokens for the token page and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from ducha.api.models import ApiToken

if TYPE_CHECKING:
    from ducha.accounts.models import User


def api_token_list(*, user: User | None = None) -> QuerySet[ApiToken]:
    """Tokens, newest first: the user's own, or every user's (command line) when None."""
    qs = ApiToken.objects.select_related("user", "revoked_by").order_by("-created_at", "-id")
    return qs if user is None else qs.filter(user=user)
