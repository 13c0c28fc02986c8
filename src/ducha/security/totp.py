"""The second factor (TOTP, RFC 6238, via pyotp) for supervisors and administrators."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import TYPE_CHECKING

import pyotp
import segno
from django.conf import settings
from django.db import transaction

from ducha.audit.models import AuditAction
from ducha.audit.services import audit_record
from ducha.base import DuchaError
from ducha.choices import UserRole
from ducha.security.models import TotpDevice
from ducha.security.sealing import SealError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ducha.accounts.models import User

ISSUER = "督查督办系统"
STEP = 30
ROLES_REQUIRING_2FA = frozenset({UserRole.SUPERVISOR, UserRole.SYSADMIN, UserRole.SECADMIN,
                                 UserRole.AUDITOR})
SESSION_KEY = "ducha_2fa_ok"


def totp_required(user: User) -> bool:
    """Whether this user must pass a second factor (DUCHA_REQUIRE_2FA=1 and a listed role)."""
    return bool(getattr(settings, "DUCHA_REQUIRE_2FA", False)) and \
        getattr(user, "role", None) in ROLES_REQUIRING_2FA


def totp_confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def totp_device_start(*, user: User) -> TotpDevice:
    """The unconfirmed device being enrolled (a fresh secret the first time)."""
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()})
    if device.confirmed_at is not None:
        raise DuchaError("该账户已绑定动态口令;如更换手机,请联系安全管理员重置。", "enrolled")
    try:
        _ = device.secret
    except SealError:  # sealed under a key this installation no longer has: start afresh
        device.secret = pyotp.random_base32()
        device.save(update_fields=["sealed_secret"])
    return device


def totp_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(),
                                                      issuer_name=ISSUER)


def totp_qr_data_uri(device: TotpDevice) -> str:
    """The provisioning QR code as an SVG data URI (an <img>, no script)."""
    return segno.make(totp_uri(device), error="m").svg_data_uri(scale=5)


def totp_code(secret: str, *, now: dt.datetime) -> str:
    """The code a phone shows at ``now`` (used by tests and the CLI)."""
    return pyotp.TOTP(secret).at(now)


def _accept(device: TotpDevice, code: str, now: dt.datetime) -> bool:
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return False
    try:
        totp = pyotp.TOTP(device.secret)
    except SealError:  # SECRET_KEY changed: the security administrator resets the device
        return False
    current = int(now.timestamp()) // STEP
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP), code):
            # Claim the step with a conditional UPDATE: a code works once, even on two servers.
            return TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(
                last_step=step) == 1
    return False


def totp_enrol_confirm(*, user: User, code: str, now: dt.datetime,
                       request: HttpRequest | None = None) -> TotpDevice:
    """Confirm enrolment with the first code the phone shows."""
    device = totp_device_start(user=user)
    if not _accept(device, code, now):
        audit_record(action=AuditAction.TOTP_ENROL, by=user, request=request, result="failure",
                     at=now)
        raise DuchaError("动态口令不正确;请确认手机时间准确,并输入验证器当前显示的 6 位数字。",
                         "totp_invalid")
    TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=now)
    audit_record(action=AuditAction.TOTP_ENROL, by=user, request=request, at=now)
    device.refresh_from_db()
    return device


def totp_verify(*, user: User, code: str, now: dt.datetime,
                request: HttpRequest | None = None) -> bool:
    """Check a login's second factor; a wrong code counts as a login failure."""
    from ducha.security.lockout import login_failure_record
    from ducha.security.net import client_address

    device = totp_confirmed_device(user)
    ok = device is not None and _accept(device, code, now)
    audit_record(action=AuditAction.TOTP_VERIFY, by=user, request=request, at=now,
                 result="success" if ok else "failure")
    if not ok:
        login_failure_record(username=user.get_username(), now=now, request=request,
                             address=client_address(request) if request else "")
    return ok


def totp_reset(*, user: User, by: User, now: dt.datetime,
               request: HttpRequest | None = None) -> None:
    """Remove a user's device (lost phone); they enrol again at the next login."""
    TotpDevice.objects.filter(user=user).delete()
    audit_record(action=AuditAction.TOTP_RESET, by=by, request=request, obj=user, at=now)
