"""The auditor's pages: read the log, export it. Only the auditor role may open them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ducha.audit.exports import FORMATS, export_bytes
from ducha.audit.forms import AuditFilterForm
from ducha.audit.models import AuditAction
from ducha.audit.selectors import AuditFilters, audit_event_list, audit_export_rows
from ducha.audit.services import audit_record
from ducha.choices import UserRole
from ducha.security.roles import role_required

auditor_only = role_required(UserRole.AUDITOR)


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilters]:
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        return form, AuditFilters(**form.cleaned_data)
    return form, AuditFilters()


@auditor_only
def auditor_home(request: HttpRequest) -> HttpResponse:
    """安全审计: the log, newest first, 50 a page."""
    form, filters = _filters(request)
    page = Paginator(audit_event_list(filters=filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/auditor_home.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@auditor_only
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered log as .csv or .xlsx; the export itself is audited."""
    if fmt not in FORMATS:
        raise Http404("不支持的导出格式;请选择 .xlsx 或 .csv。")
    _form, filters = _filters(request)
    queryset = audit_event_list(filters=filters)
    now = timezone.now()
    audit_record(action=AuditAction.AUDIT_EXPORT, by=request.user, request=request, at=now,  # type: ignore[arg-type]
                 detail={"format": fmt, "filters": {k: str(v) for k, v in
                                                    filters.__dict__.items() if v}})
    body = export_bytes(audit_export_rows(queryset), fmt)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    return response
