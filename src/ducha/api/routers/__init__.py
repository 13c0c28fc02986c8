"""One router per domain; each handler checks access through accounts.permissions and calls
the domain's selector or service, nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

from ducha.api.schemas import ErrorOut

if TYPE_CHECKING:
    from ducha.accounts.models import User

# Error responses every authenticated route can give, for the OpenAPI document.
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 400: ErrorOut, 409: ErrorOut}


def caller(request: HttpRequest) -> User:
    """The user the token authenticated (set by ducha.api.auth.TokenAuth)."""
    return cast("User", request.auth)  # type: ignore[attr-defined]
