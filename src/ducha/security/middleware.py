"""Response headers, the lockout page, and the gate of forced password change and 2FA."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse

from ducha.security.lockout import lock_message

Handler = Callable[[HttpRequest], HttpResponse]


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response; no caching of pages
    shown to a signed-in user (剩余信息保护). X-Content-Type-Options, Referrer-Policy and
    X-Frame-Options come from Django's SecurityMiddleware and XFrameOptionsMiddleware."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.DUCHA_CSP)
        response.headers.setdefault("Permissions-Policy",
                                    "camera=(), microphone=(), geolocation=(), payment=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response.headers["Cache-Control"] = "no-store, private"
        return response


class LockoutMiddleware:
    """Turn a refused login during a lock into a page that says until when (HTTP 429)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        lock = getattr(request, "ducha_lockout", None)
        if lock is None:
            return response
        return render(request, "security/locked.html", {"message": lock_message(lock)},
                      status=429)


class SecurityGateMiddleware:
    """A signed-in user passes the second factor, then changes a one-time password, first.

    Until then every page except these steps, logout and static files redirects to them.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = self._step(request)
        if step is not None:
            target, allowed = step
            static = "/" + settings.STATIC_URL.lstrip("/")
            if request.path not in allowed and not request.path.startswith(static):
                response = HttpResponseRedirect(target)
                if request.headers.get("HX-Request"):
                    response["HX-Redirect"] = target
                return response
        return self.get_response(request)

    @staticmethod
    def _step(request: HttpRequest) -> tuple[str, set[str]] | None:
        """The page the user must go to, and the paths open until that step is done."""
        from ducha.security.totp import SESSION_KEY, totp_confirmed_device, totp_required

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        always = {reverse("accounts:logout"), reverse("accounts:login")}
        if totp_required(user) and not request.session.get(SESSION_KEY):
            enrol, verify = reverse("security:totp_enrol"), reverse("security:totp_verify")
            return (verify if totp_confirmed_device(user) else enrol), always | {enrol, verify}
        if getattr(user, "must_change_password", False):
            change = reverse("security:password_change")
            return change, always | {change}
        return None


class HtmxSessionExpiredMiddleware:
    """An htmx request whose session has ended gets 401, not the login page swapped in.

    The browser's XHR follows a login redirect silently, so without this a reporter whose
    session timed out while writing would see the login form appear inside the report card
    and might believe the text was saved. A 401 is an error htmx does not swap; the page's
    script says in Chinese that nothing was saved and to sign in again (the text stays typed).
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (request.headers.get("HX-Request") and response.status_code == 302
                and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))):
            expired = HttpResponse("登录已超时,本次操作没有保存,请重新登录。", status=401,
                                   content_type="text/plain; charset=utf-8")
            expired["WWW-Authenticate"] = 'Session realm="ducha"'
            return expired
        return response
