"""The token page (接口令牌): a signed-in user issues, sees and revokes their own API tokens.

A new token is shown once, in the response to the POST that made it; only its digest is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ducha.accounts.permissions import Action, require
from ducha.api.models import ApiToken
from ducha.api.selectors import api_token_list
from ducha.api.services import api_token_create, api_token_revoke
from ducha.base import DuchaError


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST issues one and shows it this one time."""
    user = request.user
    require(user, Action.VIEW_LEDGER)  # type: ignore[arg-type]  # admin roles have no API
    issued, error, name = None, "", ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            token, raw = api_token_create(user=user, name=name, by=user,  # type: ignore[arg-type]
                                          now=timezone.now(), request=request)
        except DuchaError as exc:
            error = exc.message
        else:
            issued, name = {"token": token, "raw": raw}, ""
    response = render(request, "api/tokens.html", {
        "tokens": api_token_list(user=user),  # type: ignore[arg-type]
        "issued": issued, "error": error, "name": name})
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's token is a 404."""
    user = request.user
    require(user, Action.VIEW_LEDGER)  # type: ignore[arg-type]
    token = ApiToken.objects.filter(pk=pk, user=user).first()  # type: ignore[misc]
    if token is None:
        raise Http404("没有找到该令牌。")
    try:
        api_token_revoke(token=token, by=user, now=timezone.now(),  # type: ignore[arg-type]
                         request=request)
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"令牌 {token.prefix}… 已吊销,使用它的程序将无法再访问。")
    return redirect("api_tokens")
