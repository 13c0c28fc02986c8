"""Pages of identity (password change, second factor) and of the sysadmin and secadmin.

Thin: each reads the clock once, calls a service and maps ``DuchaError`` to a page message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ducha.accounts.models import User
from ducha.base import DuchaError
from ducha.choices import SUPERVISION_ROLES, UserRole
from ducha.org.models import Unit
from ducha.security import lockout, selectors, services, totp
from ducha.security.forms import (
    AccountCreateForm,
    AccountEditForm,
    ChangePasswordForm,
    RoleForm,
    TotpForm,
    UnitForm,
)
from ducha.security.models import Lockout
from ducha.security.net import client_address
from ducha.security.roles import role_required

sysadmin_only = role_required(UserRole.SYSADMIN)
secadmin_only = role_required(UserRole.SECADMIN)


def _account(pk: int) -> User:
    return get_object_or_404(User, pk=pk, role__in=SUPERVISION_ROLES)


# ---- identity -------------------------------------------------------------------------------

@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """修改密码; forced after a one-time password (the gate sends the user here)."""
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=request.user,  # type: ignore[arg-type]
                                     new_password=form.cleaned_data["new_password1"],
                                     by=request.user, request=request)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, "密码已修改,请牢记新密码。")
            return redirect("web:home")
    forced = getattr(request.user, "must_change_password", False)
    return render(request, "security/password_change.html", {"form": form, "forced": forced})


@login_required
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """绑定动态口令: QR code and secret, confirmed by the first code."""
    user = request.user
    if totp.totp_confirmed_device(user) is not None:  # type: ignore[arg-type]
        return redirect("security:totp_verify")
    device = totp.totp_device_start(user=user)  # type: ignore[arg-type]
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp.totp_enrol_confirm(user=user, code=form.cleaned_data["code"],  # type: ignore[arg-type]
                                    now=timezone.now(), request=request)
        except DuchaError as exc:
            form.add_error("code", exc.message)
        else:
            request.session[totp.SESSION_KEY] = True
            messages.success(request, "动态口令已绑定;以后每次登录都需输入验证器中的动态口令。")
            return redirect("web:home")
    return render(request, "security/totp_enrol.html", {
        "form": form, "qr": totp.totp_qr_data_uri(device), "secret": device.secret})


@login_required
def totp_verify(request: HttpRequest) -> HttpResponse:
    """动态口令验证, the step after the password."""
    user = request.user
    if totp.totp_confirmed_device(user) is None:  # type: ignore[arg-type]
        return redirect("security:totp_enrol")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        if totp.totp_verify(user=user, code=form.cleaned_data["code"], now=now,  # type: ignore[arg-type]
                            request=request):
            request.session[totp.SESSION_KEY] = True
            return redirect("web:home")
        lock = lockout.lock_active(username=user.get_username(),
                                   address=client_address(request), now=now)
        if lock is not None:
            message = lockout.lock_message(lock)
            logout(request)
            messages.error(request, message)
            return redirect("accounts:login")
        form.add_error("code", "动态口令不正确或已使用过;请输入验证器当前显示的 6 位数字。")
    return render(request, "security/totp_verify.html", {"form": form})


# ---- system administrator ------------------------------------------------------------------

@sysadmin_only
def sysadmin_home(request: HttpRequest) -> HttpResponse:
    """系统管理员: accounts and units."""
    return render(request, "security/sysadmin_home.html", {
        "accounts": selectors.supervision_accounts(), "units": selectors.unit_list(),
        "account_form": AccountCreateForm(), "unit_form": UnitForm()})


@sysadmin_only
def account_new(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_create(
                username=data["username"], display_name=data["display_name"],
                phone=data["phone"], role=data["role"], unit=data["unit"],
                by=request.user, request=request)  # type: ignore[arg-type]
        except DuchaError as exc:
            form.add_error("username" if exc.code in ("username", "exists") else None,
                           exc.message)
        else:
            messages.success(request, f"账户“{user.username}”已创建,待安全管理员授权启用。")
            return redirect("security:sysadmin_home")
    return render(request, "security/form.html", {
        "form": form, "title": "新建账户", "back": "security:sysadmin_home",
        "note": "新账户创建后处于停用状态,由安全管理员授予角色、启用并发放一次性密码。"})


@sysadmin_only
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    form = AccountEditForm(request.POST or None, initial={
        "display_name": user.display_name, "phone": user.phone})
    if request.method == "POST" and form.is_valid():
        services.account_update(user=user, display_name=form.cleaned_data["display_name"],
                                phone=form.cleaned_data["phone"], by=request.user,  # type: ignore[arg-type]
                                request=request)
        messages.success(request, f"账户“{user.username}”的信息已保存。")
        return redirect("security:sysadmin_home")
    return render(request, "security/form.html", {
        "form": form, "title": f"修改账户信息:{user.username}", "back": "security:sysadmin_home"})


@sysadmin_only
@require_POST
def account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    try:
        services.account_deactivate(user=user, by=request.user, request=request)  # type: ignore[arg-type]
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"账户“{user.username}”已停用;其历史记录全部保留。")
    return redirect("security:sysadmin_home")


@sysadmin_only
def unit_new(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(name=data["name"], short_name=data["short_name"],
                                        kind=data["kind"], by=request.user, request=request)  # type: ignore[arg-type]
        except DuchaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"单位“{unit.name}”已添加。")
            return redirect("security:sysadmin_home")
    return render(request, "security/form.html", {
        "form": form, "title": "新建单位", "back": "security:sysadmin_home"})


@sysadmin_only
@require_POST
def unit_archive(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    try:
        services.unit_archive(unit=unit, by=request.user, now=timezone.now(),  # type: ignore[arg-type]
                              request=request)
    except DuchaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"单位“{unit.name}”已撤销;其历史记录全部保留。")
    return redirect("security:sysadmin_home")


# ---- security administrator ----------------------------------------------------------------

@secadmin_only
def secadmin_home(request: HttpRequest) -> HttpResponse:
    """安全管理员: roles, grants, password resets, locks."""
    return render(request, "security/secadmin_home.html", {
        "accounts": selectors.supervision_accounts(),
        "locks": lockout.locks_in_force(now=timezone.now())})


@secadmin_only
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    form = RoleForm(request.POST or None, initial={"role": user.role, "unit": user.unit})
    if request.method == "POST" and form.is_valid():
        try:
            services.role_change(user=user, role=form.cleaned_data["role"],
                                 unit=form.cleaned_data["unit"], by=request.user,  # type: ignore[arg-type]
                                 request=request)
        except DuchaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"账户“{user.username}”的角色已改为"
                                      f"{user.get_role_display()}。")
            return redirect("security:secadmin_home")
    return render(request, "security/form.html", {
        "form": form, "title": f"变更角色:{user.username}", "back": "security:secadmin_home"})


def _one_time(request: HttpRequest, user: User, password: str, what: str) -> HttpResponse:
    return render(request, "security/one_time_password.html",
                  {"account": user, "password": password, "what": what})


@secadmin_only
@require_POST
def account_activate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    try:
        user, password = services.account_activate(user=user, by=request.user,  # type: ignore[arg-type]
                                                   request=request)
    except DuchaError as exc:
        messages.error(request, exc.message)
        return redirect("security:secadmin_home")
    return _one_time(request, user, password, "账户已授权启用")


@secadmin_only
@require_POST
def password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    try:
        user, password = services.password_reset(user=user, by=request.user,  # type: ignore[arg-type]
                                                 request=request)
    except DuchaError as exc:
        messages.error(request, exc.message)
        return redirect("security:secadmin_home")
    return _one_time(request, user, password, "密码已重置")


@secadmin_only
@require_POST
def totp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    user = _account(pk)
    totp.totp_reset(user=user, by=request.user, now=timezone.now(), request=request)  # type: ignore[arg-type]
    messages.success(request, f"账户“{user.username}”的动态口令已重置,下次登录时重新绑定。")
    return redirect("security:secadmin_home")


@secadmin_only
@require_POST
def lock_release(request: HttpRequest, pk: int) -> HttpResponse:
    lock = get_object_or_404(Lockout, pk=pk)
    lockout.lock_release(lock=lock, by=request.user, now=timezone.now(), request=request)  # type: ignore[arg-type]
    messages.success(request, f"已解除对{lock.get_kind_display()}“{lock.key}”的锁定。")
    return redirect("security:secadmin_home")
