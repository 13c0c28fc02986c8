"""Account, role and unit administration (三权分立), each write audited with who did it.

- system administrator (sysadmin): creates supervision accounts (inactive until the security
  administrator grants them), edits their contact data, deactivates them; creates and archives
  units. Never deletes, never sets roles or passwords.
- security administrator (secadmin): grants (activates) accounts, changes roles and a
  reporter's unit, resets passwords and second factors, releases locks.
- auditor: reads and exports the audit log (see ``ducha.audit``).
Administration accounts themselves are created from the command line (``ducha security
create-admin``), never through the pages, so no administrator can create another.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth import password_validation
from django.db import IntegrityError, transaction

from ducha.accounts.models import User
from ducha.accounts.services import one_time_password, username_clean
from ducha.audit.models import AuditAction
from ducha.audit.services import audit_record
from ducha.base import DuchaError
from ducha.choices import ADMIN_ROLES, SUPERVISION_ROLES, UnitKind, UserRole
from ducha.org.models import Unit

if TYPE_CHECKING:
    from django.http import HttpRequest


def _role_label(role: str) -> str:
    return UserRole(role).label if role in UserRole.values else role


def _check_role_unit(role: str, unit: Unit | None) -> None:
    if role not in SUPERVISION_ROLES:
        raise DuchaError("只能授予督查角色(督查室、承办单位联络员、领导);"
                         "管理员账户请用命令 ducha security create-admin 创建。", "role")
    if role == UserRole.REPORTER and unit is None:
        raise DuchaError("承办单位联络员必须属于一个单位;请选择所属单位。", "unit_required")
    if role != UserRole.REPORTER and unit is not None:
        raise DuchaError("只有承办单位联络员才属于单位;其他角色请不要选择单位。", "unit_forbidden")
    if unit is not None and unit.archived_at is not None:
        raise DuchaError(f"单位“{unit.name}”已撤销,不能再分配账户;请选择其他单位。",
                         "unit_archived")


def _require_supervision_account(user: User) -> None:
    if user.role in ADMIN_ROLES:
        raise DuchaError("管理员账户不能在此页面修改;请用命令行工具 ducha security 管理。",
                         "admin_account")


def _save(user: User, by: User, **kw: object) -> None:
    user._history_user = by  # type: ignore[attr-defined]
    user.save(**kw)  # type: ignore[arg-type]


@transaction.atomic
def account_create(*, username: str, display_name: str, phone: str, role: str,
                   unit: Unit | None, by: User, request: HttpRequest | None = None) -> User:
    """Create a supervision account, inactive until the security administrator grants it."""
    username = username_clean(username)
    _check_role_unit(role, unit)
    if User.objects.filter(username=username).exists():
        raise DuchaError(f"用户名“{username}”已被使用;请换一个用户名。", "exists")
    user = User(username=username, display_name=display_name.strip(), phone=phone.strip(),
                role=role, unit=unit, is_active=False, must_change_password=True)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            _save(user, by)
    except IntegrityError:
        raise DuchaError(f"用户名“{username}”已被使用;请换一个用户名。", "exists") from None
    audit_record(action=AuditAction.ACCOUNT_CREATE, by=by, request=request, obj=user,
                 detail={"role": role, "unit": unit.name if unit else None,
                         "state": "待安全管理员授权启用"})
    return user


@transaction.atomic
def account_update(*, user: User, display_name: str, phone: str, by: User,
                   request: HttpRequest | None = None) -> User:
    """Change an account's name and phone (the system administrator's part)."""
    _require_supervision_account(user)
    before = {"display_name": user.display_name, "phone": user.phone}
    user.display_name, user.phone = display_name.strip(), phone.strip()
    _save(user, by, update_fields=["display_name", "phone"])
    audit_record(action=AuditAction.ACCOUNT_UPDATE, by=by, request=request, obj=user,
                 detail={"before": before,
                         "after": {"display_name": user.display_name, "phone": user.phone}})
    return user


@transaction.atomic
def account_deactivate(*, user: User, by: User, request: HttpRequest | None = None) -> User:
    """Stop an account from logging in (停用). The account and its history stay."""
    _require_supervision_account(user)
    if not user.is_active:
        raise DuchaError(f"账户“{user.username}”已是停用状态,无需再次停用。", "inactive")
    user.is_active = False
    _save(user, by, update_fields=["is_active"])
    audit_record(action=AuditAction.ACCOUNT_DEACTIVATE, by=by, request=request, obj=user)
    return user


@transaction.atomic
def account_activate(*, user: User, by: User,
                     request: HttpRequest | None = None) -> tuple[User, str]:
    """Grant an account (授权启用) with a new one-time password, shown once to the granter."""
    _require_supervision_account(user)
    if user.is_active:
        raise DuchaError(f"账户“{user.username}”已启用;如需新密码,请使用“重置密码”。", "active")
    password = one_time_password()
    user.is_active = True
    user.must_change_password = True
    user.set_password(password)
    _save(user, by)
    audit_record(action=AuditAction.ACCOUNT_ACTIVATE, by=by, request=request, obj=user,
                 detail={"role": user.role})
    return user, password


@transaction.atomic
def role_change(*, user: User, role: str, unit: Unit | None, by: User,
                request: HttpRequest | None = None) -> User:
    """Change a supervision account's role and, for a reporter, its unit."""
    _require_supervision_account(user)
    _check_role_unit(role, unit)
    if user.pk == by.pk:
        raise DuchaError("不能修改自己的角色;请由另一位安全管理员操作。", "self")
    before = {"role": user.role, "unit": user.unit.name if user.unit else None}
    user.role, user.unit = role, unit
    _save(user, by, update_fields=["role", "unit"])
    audit_record(action=AuditAction.ROLE_CHANGE, by=by, request=request, obj=user,
                 detail={"before": before,
                         "after": {"role": role, "unit": unit.name if unit else None},
                         "summary": f"{_role_label(before['role'] or '')} → {_role_label(role)}"})
    return user


@transaction.atomic
def password_reset(*, user: User, by: User,
                   request: HttpRequest | None = None) -> tuple[User, str]:
    """Give an account a new one-time password; it must be changed at the next login."""
    _require_supervision_account(user)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    _save(user, by)
    audit_record(action=AuditAction.PASSWORD_RESET, by=by, request=request, obj=user)
    return user, password


@transaction.atomic
def password_change(*, user: User, new_password: str, by: User,
                    request: HttpRequest | None = None) -> User:
    """Set a user's own new password (validated against every rule) and lift the forced change."""
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    _save(user, by)
    audit_record(action=AuditAction.PASSWORD_CHANGE, by=by, request=request, obj=user)
    return user


@transaction.atomic
def admin_create(*, username: str, role: str, display_name: str = "",
                 by: User | None = None) -> tuple[User, str]:
    """Create a sysadmin, secadmin or auditor with a one-time password (command line only)."""
    if role not in ADMIN_ROLES:
        raise DuchaError("管理员角色只能是 sysadmin、secadmin 或 auditor。", "role")
    username = username_clean(username)
    if User.objects.filter(username=username).exists():
        raise DuchaError(f"账户“{username}”已存在;请换一个用户名。", "exists")
    password = one_time_password()
    user = User(username=username, role=role, display_name=display_name or _role_label(role),
                must_change_password=True)
    user.set_password(password)
    user._history_user = by  # type: ignore[attr-defined]
    user.save()
    audit_record(action=AuditAction.ACCOUNT_CREATE, by=by, obj=user, detail={"role": role})
    return user, password


@transaction.atomic
def unit_create(*, name: str, short_name: str, kind: str, by: User,
                request: HttpRequest | None = None) -> Unit:
    """Create a unit (系统管理员维护单位)."""
    name = name.strip()
    if not name:
        raise DuchaError("单位全称不能为空;请填写单位全称。", "name")
    if kind not in UnitKind.values:
        raise DuchaError("单位类别无效;请从列表中选择。", "kind")
    if Unit.objects.filter(name=name).exists():
        raise DuchaError(f"单位“{name}”已存在;请勿重复添加。", "exists")
    unit = Unit(name=name, short_name=short_name.strip(), kind=kind)
    unit._history_user = by  # type: ignore[attr-defined]
    unit.save()
    audit_record(action=AuditAction.UNIT_CREATE, by=by, request=request, obj=unit)
    return unit


@transaction.atomic
def unit_archive(*, unit: Unit, by: User, now: dt.datetime,
                 request: HttpRequest | None = None) -> Unit:
    """Archive (撤销) a unit; it is kept with its history, never deleted."""
    if unit.archived_at is not None:
        raise DuchaError(f"单位“{unit.name}”已撤销。", "archived")
    if unit.liaisons.filter(is_active=True).exists():
        raise DuchaError(f"单位“{unit.name}”还有启用中的联络员账户;请先停用或调整这些账户。",
                         "has_liaisons")
    unit.archived_at = now
    unit._history_user = by  # type: ignore[attr-defined]
    unit.save(update_fields=["archived_at"])
    audit_record(action=AuditAction.UNIT_ARCHIVE, by=by, request=request, obj=unit, at=now)
    return unit
