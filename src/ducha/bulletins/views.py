"""Bulletin pages: draft from the ledger, edit section by section, issue, preview, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ducha.accounts.permissions import Action, can, require
from ducha.base import DuchaError
from ducha.bulletins import services
from ducha.bulletins.edit import section_text
from ducha.bulletins.models import Bulletin, BulletinKind, BulletinVersion
from ducha.bulletins.render_html import PREVIEW_CSS, render_html
from ducha.bulletins.rendering import FORMATS
from ducha.bulletins.rendering import render as render_file
from ducha.reporting.models import Period

WRITE = Action.ISSUE_BULLETIN
READ = Action.VIEW_BULLETIN


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    require(request.user, READ)  # type: ignore[arg-type]
    drafts = Bulletin.objects.active().select_related("period")
    versions = BulletinVersion.objects.select_related("bulletin").order_by("-issued_at")[:50]
    return render(request, "bulletins/list.html", {
        "drafts": drafts, "versions": versions, "kinds": BulletinKind.choices,
        "periods": Period.objects.active().order_by("-due_date"),
        "can_write": can(request.user, WRITE),  # type: ignore[arg-type]
    })


@login_required
@require_POST
def bulletin_new(request: HttpRequest) -> HttpResponse:
    require(request.user, WRITE)  # type: ignore[arg-type]
    period = Period.objects.active().filter(pk=request.POST.get("period") or 0).first()
    try:
        if period is None:
            raise DuchaError("请选择督办周期。")
        bulletin = services.bulletin_draft(
            kind=request.POST.get("kind", ""), period=period, by=request.user,  # type: ignore[arg-type]
            today=timezone.localdate(), layout=request.POST.get("layout", "official"),
            subject=request.POST.get("subject", ""))
    except DuchaError as exc:
        messages.error(request, exc.message)
        return redirect("bulletins:list")
    messages.success(request, "已根据督办台账起草通报,请逐部分核改后印发。")
    return redirect("bulletins:detail", pk=bulletin.pk)


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview, and edit one section at a time (the form posts the section's index)."""
    require(request.user, READ)  # type: ignore[arg-type]
    bulletin = get_object_or_404(Bulletin.objects.active(), pk=pk)
    if request.method == "POST":
        require(request.user, WRITE)  # type: ignore[arg-type]
        try:
            services.bulletin_section_update(
                bulletin=bulletin, index=int(request.POST.get("index", "-1")),
                heading=request.POST.get("heading", ""), text=request.POST.get("text", ""),
                by=request.user)  # type: ignore[arg-type]
            messages.success(request, "已保存该部分的修改。")
        except (DuchaError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "提交的内容无法识别,请刷新后重试。"))
        return redirect("bulletins:detail", pk=bulletin.pk)
    doc = services.bulletin_document(bulletin.content)
    sections = [(i, s.heading, section_text(s)) for i, s in enumerate(doc.sections)]
    return render(request, "bulletins/detail.html", {
        "bulletin": bulletin, "preview": render_html(doc), "sections": sections,
        "versions": bulletin.versions.all(), "formats": list(FORMATS),
        "can_write": can(request.user, WRITE),  # type: ignore[arg-type]
    })


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, WRITE)  # type: ignore[arg-type]
    bulletin = get_object_or_404(Bulletin.objects.active(), pk=pk)
    version = services.bulletin_issue(bulletin=bulletin, by=request.user,  # type: ignore[arg-type]
                                      now=timezone.now())
    messages.success(request, f"已印发 {version.doc_number}(第{version.version}版),"
                              "该版本已固定,不会再被修改。")
    return redirect("bulletins:detail", pk=bulletin.pk)


@login_required
def bulletin_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The draft, or an issued version (?version=N), as .docx .pdf .html .md or .txt."""
    require(request.user, READ)  # type: ignore[arg-type]
    bulletin = get_object_or_404(Bulletin.objects.active(), pk=pk)
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    content = bulletin.content
    name = f"通报草稿-{bulletin.pk}"
    if v := request.GET.get("version"):
        version = get_object_or_404(bulletin.versions, version=v)
        content, name = version.content, f"{version.doc_number}-v{version.version}"
    doc = services.bulletin_document(content)
    try:
        data = (render_html(doc, standalone=True).encode() if fmt == "html"
                else render_file(doc, fmt))
    except DuchaError as exc:
        messages.error(request, exc.message)
        return redirect("bulletins:detail", pk=bulletin.pk)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(name)}.{fmt}")
    return response


def preview_css(request: HttpRequest) -> HttpResponse:
    """The GB/T 9704 look of the HTML preview, served as a stylesheet (no inline styles)."""
    return HttpResponse(PREVIEW_CSS, content_type="text/css; charset=utf-8")


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
