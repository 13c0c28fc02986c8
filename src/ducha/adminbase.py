"""A read-only Chinese admin (数据查看) for the system administrator, and nobody else.

The Django admin writes around the services: no audit row, no permission matrix, no
separation of duties. So Ducha's admin only *shows* records, with Chinese labels and each
record's history; every change goes through the product's own pages. Only the system
administrator (系统管理员) may open it; accounts, roles and the audit log are not listed
(they belong to the security administrator and the auditor). No account carries ``is_staff``:
access is decided by the role, here, in ``DuchaAdminSite.has_permission``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from ducha.choices import UserRole


def _is_sysadmin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and getattr(user, "role", None) == UserRole.SYSADMIN)


class DuchaAdminSite(admin.AdminSite):
    site_header = "督查督办平台 · 数据查看(只读)"
    site_title = "数据查看"
    index_title = "只读数据查看:修改请在平台相应页面进行"

    def has_permission(self, request: HttpRequest) -> bool:
        return _is_sysadmin(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Sign in through Ducha's own login (lockout, second factor, audit); others get 403."""
        if request.user.is_authenticated:
            raise PermissionDenied("数据查看仅限系统管理员。")
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class ReadOnlyForSysadmin:
    """Shown to the system administrator; nobody adds, changes or deletes through the admin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_sysadmin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_sysadmin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DuchaAdmin(ReadOnlyForSysadmin, SimpleHistoryAdmin):
    """Records are shown with their history; nothing is added, changed or deleted here."""


class DuchaInline(ReadOnlyForSysadmin, admin.TabularInline):  # type: ignore[type-arg]
    """Related rows shown read-only under their record."""

    extra = 0
    can_delete = False
