"""Pages of the Excel ledger (台账): download for a period, upload a filled one, confirm.

Thin callers of ``xlsx_export`` and ``xlsx_import``. An upload is first run as a dry run (it
writes nothing) and shows either the errors by row and column or the changes; the file waits
in the storage (any application server can read it) under a signed, expiring token that only
its uploader can redeem, and the confirm step runs the same import for real.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ducha.accounts.permissions import Action, can, require
from ducha.base import DuchaError
from ducha.choices import UserRole
from ducha.org.models import Unit
from ducha.reporting.models import Period
from ducha.reporting.selectors import current_period
from ducha.reporting.viewutils import get_period
from ducha.reporting.xlsx_export import XLSX_TYPE, ledger_export
from ducha.reporting.xlsx_import import ImportResult, ledger_import

STASH_DIR = "ledger_imports"
STASH_SECONDS = 3600
SALT = "ducha.reporting.ledger_xlsx"


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label="填好的台账文件(.xlsx)")
    submit_all = forms.BooleanField(
        label="导入后报送所有已填写进展的事项(不勾选时只报送“是否报送”填“是”的行,其余保存为草稿)",
        required=False)
    confirm_duplicate = forms.BooleanField(label="确认与上期雷同的进展仍然报送", required=False)


@login_required
@require_GET
def ledger_home(request: HttpRequest) -> HttpResponse:
    """Choose a period (and, for the office, a unit) to download; link to the upload."""
    user = request.user
    require(user, Action.EXPORT)  # type: ignore[arg-type]
    periods = list(Period.objects.active().order_by("-due_date")[:24])
    period = None
    if request.GET.get("period", "").isdigit():
        period = next((p for p in periods if p.pk == int(request.GET["period"])), None)
    period = period or current_period(today=timezone.localdate())
    is_reporter = user.role == UserRole.REPORTER  # type: ignore[union-attr]
    units = [] if is_reporter else list(Unit.objects.active().order_by("sort_order", "name"))
    return render(request, "reporting/xlsx_home.html", {
        "periods": periods, "period": period, "units": units, "is_reporter": is_reporter,
        "can_import": can(user, Action.SUBMIT_REPORT)})  # type: ignore[arg-type]


@login_required
@require_GET
def ledger_download(request: HttpRequest, period_id: int) -> HttpResponse:
    """The .xlsx of a period: the reporter's own unit, or any unit (or all) for the office."""
    user = request.user
    require(user, Action.EXPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    unit = None
    raw = request.GET.get("unit", "")
    if raw:
        unit = Unit.objects.active().filter(pk=int(raw)).first() if raw.isdigit() else None
        if unit is None:
            raise Http404("没有找到该单位。")
    name, data = ledger_export(user=user, period=period, unit=unit,  # type: ignore[arg-type]
                               now=timezone.now(), request=request)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["Cache-Control"] = "no-store"
    return response


@dataclass(frozen=True)
class _Stash:
    path: str
    name: str
    sha256: str
    submit_all: bool
    confirm_duplicate: bool


def _sweep(user_id: int) -> None:
    """Remove the user's waiting files older than the token lifetime (abandoned uploads)."""
    folder = f"{STASH_DIR}/u{user_id}"
    cutoff = timezone.now() - dt.timedelta(seconds=STASH_SECONDS)
    try:
        _dirs, files = default_storage.listdir(folder)
        for name in files:
            path = f"{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
    except (OSError, NotImplementedError):
        return


def _stash(data: bytes, name: str, user: Any, period: Period, options: dict[str, bool]) -> str:
    _sweep(user.pk)
    path = default_storage.save(f"{STASH_DIR}/u{user.pk}/{uuid.uuid4().hex}.xlsx",
                                ContentFile(data))
    return signing.dumps({"path": path, "user": user.pk, "period": period.pk, "name": name,
                          "sha256": hashlib.sha256(data).hexdigest(), **options}, salt=SALT)


def _unstash(token: str, user: Any, period: Period) -> tuple[_Stash, bytes]:
    try:
        payload = signing.loads(token, salt=SALT, max_age=STASH_SECONDS)
    except signing.SignatureExpired:
        raise DuchaError("确认已超过 1 小时,请重新上传台账。", "stash_expired") from None
    except signing.BadSignature:
        raise DuchaError("确认信息无效,请重新上传台账。", "stash_invalid") from None
    if payload.get("user") != user.pk or payload.get("period") != period.pk:
        raise DuchaError("确认信息与当前用户或周期不符,请重新上传台账。", "stash_invalid")
    stash = _Stash(payload["path"], payload["name"], payload["sha256"],
                   bool(payload.get("submit_all")), bool(payload.get("confirm_duplicate")))
    try:
        with default_storage.open(stash.path, "rb") as handle:
            data = handle.read()
    except (OSError, FileNotFoundError):
        raise DuchaError("待确认的台账已被处理或已过期,请重新上传。", "stash_missing") from None
    if hashlib.sha256(data).hexdigest() != stash.sha256:
        raise DuchaError("待确认的台账已被改动,请重新上传。", "stash_invalid")
    return stash, data


def _render(request: HttpRequest, period: Period, form: LedgerUploadForm,
            result: ImportResult | None = None, refused: str = "", token: str = "",
            status: int = 200) -> HttpResponse:
    return render(request, "reporting/xlsx_upload.html", {
        "period": period, "form": form, "result": result, "refused": refused, "token": token,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ledger_upload(request: HttpRequest, period_id: int) -> HttpResponse:
    """Upload a filled ledger: a dry run shows the errors, or the changes to confirm."""
    user = request.user
    require(user, Action.SUBMIT_REPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, period, form)
    upload = form.cleaned_data["file"]
    limit = int(settings.DUCHA_UPLOAD_MAX_BYTES)
    if upload.size > limit:
        return _render(request, period, form, refused=f"文件大小超过 {limit // 1048576} MB 的"
                                                       "上限;请按单位分别导出、填写后再上传。")
    data = upload.read()
    options = {k: bool(form.cleaned_data[k]) for k in ("submit_all", "confirm_duplicate")}
    try:
        result = ledger_import(data=data, name=upload.name, by=user,  # type: ignore[arg-type]
                               now=timezone.now(), period=period, dry_run=True,
                               request=request, **options)
    except DuchaError as exc:
        return _render(request, period, form, refused=exc.message)
    token = _stash(data, upload.name, user, period, options) if result.ok and result.changes \
        else ""
    return _render(request, period, form, result=result, token=token)


@login_required
@require_POST
def ledger_confirm(request: HttpRequest, period_id: int) -> HttpResponse:
    """Run the import that the dry run showed; all rows or none."""
    user = request.user
    require(user, Action.SUBMIT_REPORT)  # type: ignore[arg-type]
    period = get_period(period_id)
    form = LedgerUploadForm()
    try:
        stash, data = _unstash(request.POST.get("token", ""), user, period)
    except DuchaError as exc:
        return _render(request, period, form, refused=exc.message)
    try:
        result = ledger_import(data=data, name=stash.name, by=user,  # type: ignore[arg-type]
                               now=timezone.now(), period=period, dry_run=False,
                               submit_all=stash.submit_all,
                               confirm_duplicate=stash.confirm_duplicate, request=request)
    except DuchaError as exc:
        return _render(request, period, form, refused=exc.message)
    finally:
        default_storage.delete(stash.path)
    if not result.written:
        return _render(request, period, form, result=result)
    messages.success(request, f"台账已导入:{len(result.changes)} 项事项有改动,其中报送 "
                              f"{result.submitted} 项。")
    return redirect(f"{reverse('reporting:ledger_xlsx_home')}?period={period.pk}")
