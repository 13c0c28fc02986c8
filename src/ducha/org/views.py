"""The unknown-unit queue: supervisors map printed names to units or create new units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ducha.accounts.permissions import Action, require
from ducha.base import DuchaError
from ducha.choices import UnitKind
from ducha.org import services
from ducha.org.models import Unit, UnitGroup, UnknownUnitName


@login_required
@require_http_methods(["GET", "POST"])
def unknown_units(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EDIT_LEDGER)  # type: ignore[arg-type]
    user = request.user
    if request.method == "POST":
        try:
            _act(request)
        except DuchaError as exc:
            messages.error(request, exc.message)
        return redirect("org:unknown_units")
    pending = UnknownUnitName.objects.filter(state=UnknownUnitName.State.PENDING
                                             ).select_related("first_source")
    rows = [(e, services.unit_kind_guess(e.printed_name)) for e in pending]
    done = UnknownUnitName.objects.exclude(state=UnknownUnitName.State.PENDING
                                           ).select_related("unit", "group")[:50]
    return render(request, "org/unknown_units.html", {
        "rows": rows, "done": done, "units": Unit.objects.active(),
        "groups": UnitGroup.objects.active(), "kinds": UnitKind.choices, "user": user,
    })


def _act(request: HttpRequest) -> None:
    by = request.user
    post = request.POST
    if post.get("action") == "create_all":
        n = services.unknown_units_create_all(by=by)  # type: ignore[arg-type]
        messages.success(request, f"已新建 {n} 个单位,并关联到相应分工。")
        return
    entry = UnknownUnitName.objects.filter(pk=post.get("entry") or 0).first()
    if entry is None:
        raise DuchaError("没有找到该名称,可能已被他人处理;请刷新页面。")
    if post.get("action") == "map":
        target = post.get("target", "")
        kind, _, pk = target.partition(":")
        unit = Unit.objects.active().filter(pk=pk).first() if kind == "unit" else None
        group = UnitGroup.objects.active().filter(pk=pk).first() if kind == "group" else None
        n = services.unknown_unit_map(entry=entry, unit=unit, group=group, by=by)  # type: ignore[arg-type]
        messages.success(request, f"“{entry.printed_name}”已映射,关联分工 {n} 条。")
    elif post.get("action") == "create":
        unit = services.unknown_unit_create(entry=entry, name=post.get("name", ""),
                                            kind=post.get("kind", ""), by=by)  # type: ignore[arg-type]
        messages.success(request, f"已新建单位“{unit.name}”。")
    else:
        raise DuchaError("未知操作,请刷新页面后重试。")
    services.unknown_units_reresolve(by=by)  # type: ignore[arg-type]
