"""The cockpit's pages. Thin: each reads the clock once, parses the filters from the query
string and calls selectors; an htmx request gets the ``content`` partial of the same template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from ducha.accounts.permissions import Action, require
from ducha.base import DuchaError
from ducha.choices import Status
from ducha.cockpit import indicators as ind
from ducha.cockpit import pages
from ducha.cockpit import ranking as rk
from ducha.cockpit import selectors as sel
from ducha.cockpit.exports import XLSX_TYPE, ranking_xlsx
from ducha.cockpit.filters import CockpitFilters, filters_from_query
from ducha.cockpit.models import WEIGHT_FIELDS, ScoringWeights
from ducha.cockpit.search import search
from ducha.cockpit.services import scoring_weights_set
from ducha.cockpit.snapshots import cached, data_fingerprint

View = Callable[..., HttpResponse]
TABS = (("overview", "总览"), ("ranking", "单位考评"), ("indicators", "指标进度"),
        ("tasks", "滞后事项"), ("recurring", "连续滞后"), ("search", "全文检索"))


def cockpit_view(action: Action = Action.VIEW_COCKPIT) -> Callable[[View], View]:
    """Login, then the role check; leaders and the office pass, reporters get 403."""
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request.user, action)  # type: ignore[arg-type]
            return view(request, *args, **kwargs)
        return wrapped
    return decorate


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def task_url_prefix() -> str:
    """Where a task's own page lives (reports, evidence, assessments, history)."""
    return reverse("reporting:task", args=[0]).removesuffix("0/")


def _frame(request: HttpRequest, tab: str, today: dt.date) -> dict[str, Any]:
    """What every cockpit page shows: the filters, the period and its predecessor, options."""
    filters = filters_from_query(request.GET)
    fingerprint = data_fingerprint()
    period = sel.period_resolve(filters=filters, today=today)
    query = filters.query()
    return {
        "tab": tab, "tabs": TABS, "filters": filters, "period": period,
        "previous": sel.period_previous(period=period) if period else None,
        "periods": sel.period_list(year=filters.year), "fingerprint": fingerprint,
        "options": pages.options(fingerprint=fingerprint),
        "statuses": Status.choices,
        "query": query, "qs": query + "&" if query else "",
        "task_url": task_url_prefix(), "today": today,
        "can_configure": getattr(request.user, "role", "") == "supervisor",
    }


def _options(pairs: list[tuple[Any, str]], width: int = 40) -> str:
    """``<option>`` elements built in Python (hundreds of them cost a template loop ~40 ms)."""
    return "".join(f'<option value="{escape(value)}">{escape(str(label)[:width])}</option>'
                   for value, label in pairs)


def _select(html: str, selected: Any) -> SafeString:
    """Options with ``selected`` marked (the value was escaped the same way)."""
    if selected not in (None, ""):
        mark = f'value="{escape(selected)}">'
        html = html.replace(mark, mark[:-1] + " selected>", 1)
    return mark_safe(html)  # noqa: S308 - every value and label escaped in _options


def _filter_options(context: dict[str, Any]) -> dict[str, SafeString]:
    filters, period = context["filters"], context["period"]

    def build() -> dict[str, str]:
        options = context["options"]
        return {
            "years": _options([(y, f"{y}年") for y in options["years"]]),
            "sources": _options(options["sources"]),
            "chapters": _options([(c, c) for c in options["chapters"]], 30),
            "units": _options(options["units"]),
            "statuses": _options(list(Status.choices)),
        }

    html = cached(("options-html",), build, fingerprint=context["fingerprint"])
    return {
        "years": _select(html["years"], filters.year),
        "periods": _select(_options([(p.pk, p.label) for p in context["periods"]]),
                           period.pk if period and filters.period else None),
        "sources": _select(html["sources"], filters.source),
        "chapters": _select(html["chapters"], filters.chapter),
        "units": _select(html["units"], filters.unit),
        "statuses": _select(html["statuses"], filters.status),
    }


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    name = f"{template}#content" if _is_htmx(request) else template
    if "options" in context:
        context["select"] = _filter_options(context)
    return render(request, name, context)


@cockpit_view()
def overview(request: HttpRequest) -> HttpResponse:
    """总览: the period's statuses beside the last period's, by chapter and by source."""
    context = _frame(request, "overview", timezone.localdate())
    period, previous, filters = context["period"], context["previous"], context["filters"]
    if period is not None:
        context.update(pages.overview_page(period=period, previous=previous, filters=filters,
                                           fingerprint=context["fingerprint"]))
        context["total"] = sum(r.count for r in context["status_rows"])
        context["previous_total"] = (sum(r.previous or 0 for r in context["status_rows"])
                                     if previous else None)
        context["chart_link"] = reverse("cockpit:tasks") + "?" + filters.query(
            chapter="", source=None, status="")
    return _render(request, "cockpit/overview.html", context)


@cockpit_view()
def overview_json(request: HttpRequest) -> JsonResponse:
    """The overview's numbers as JSON (the same cached selectors the page and charts use)."""
    context = _frame(request, "overview", timezone.localdate())
    period, previous, filters = context["period"], context["previous"], context["filters"]
    if period is None:
        return JsonResponse({"period": None, "message": "暂无督办周期。"})
    data = pages.overview_page(period=period, previous=previous, filters=filters,
                               fingerprint=context["fingerprint"])
    return JsonResponse({
        "period": {"id": period.pk, "code": period.code, "label": period.label},
        "previous": ({"id": previous.pk, "code": previous.code, "label": previous.label}
                     if previous else None),
        "filters": filters.as_params(),
        "status_counts": {r.code: r.count for r in data["status_rows"]},
        "previous_status_counts": ({r.code: r.previous for r in data["status_rows"]}
                                   if previous else None),
        "lagging_total": data["lagging_total"],
        "by_chapter": data["by_chapter"], "by_source": data["by_source"],
        "confidence": [vars(row) for row in data["confidence"]],
    }, json_dumps_params={"ensure_ascii": False})


def _ranking(request: HttpRequest, context: dict[str, Any]) -> list[rk.UnitScore]:
    sort = request.GET.get("sort", rk.DEFAULT_SORT)
    context["sort"] = sort if sort.lstrip("-") in rk.SORT_KEYS else rk.DEFAULT_SORT
    context["weights"] = rk.scoring_weights_current()
    if context["period"] is None:
        return []
    period, filters, today = context["period"], context["filters"], context["today"]
    return pages.ranking_page(period=period, filters=filters, today=today,
                              sort=context["sort"], weights=context["weights"],
                              fingerprint=context["fingerprint"])


@cockpit_view()
def ranking(request: HttpRequest) -> HttpResponse:
    """单位考评: units scored on outcomes, sortable by every column."""
    context = _frame(request, "ranking", timezone.localdate())
    context["rows"] = _ranking(request, context)
    context["columns"] = RANKING_COLUMNS
    return _render(request, "cockpit/ranking.html", context)


RANKING_COLUMNS = (("rank", "名次", "score"), ("name", "单位", "name"),
                   ("score", "综合得分", "score"), ("expected", "应报", "expected"),
                   ("on_time_rate", "按时报送率", "on_time_rate"),
                   ("completion_rate", "牵头事项完成率", "completion_rate"),
                   ("lagging", "需要加大力度", "lagging"), ("problem", "存在突出问题", "problem"),
                   ("overdue_days", "逾期天数", "overdue_days"),
                   ("duplicates", "雷同报送", "duplicates"))


@cockpit_view(Action.EXPORT)
def ranking_export(request: HttpRequest) -> HttpResponse:
    """The ranking as .xlsx, in the order shown on the page."""
    require(request.user, Action.VIEW_COCKPIT)  # type: ignore[arg-type]
    context = _frame(request, "ranking", timezone.localdate())
    if context["period"] is None:
        return HttpResponse("暂无督办周期,无法导出。", status=404,
                            content_type="text/plain; charset=utf-8")
    rows = _ranking(request, context)
    body = ranking_xlsx(rows=rows, period=context["period"], weights=context["weights"])
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"单位量化考评-{context['period'].label}.xlsx")
    return response


@cockpit_view()
def indicators(request: HttpRequest) -> HttpResponse:
    """指标进度: each target against its actual and 序时进度, with lights and trend."""
    context = _frame(request, "indicators", timezone.localdate())
    if context["period"] is not None:
        period, filters, number = context["period"], context["filters"], _page(request)
        page = pages.indicator_page(period=period, filters=filters, number=number,
                                    fingerprint=context["fingerprint"])
        context["page"] = page
        context["lights"] = ind.light_summary(page.rows)
        context["trends"] = {str(line.indicator_id): line.trend for line in page.rows}
    return _render(request, "cockpit/indicators.html", context)


@cockpit_view()
def tasks(request: HttpRequest) -> HttpResponse:
    """滞后事项: every task not done, lagging or a problem (or of the chosen status)."""
    context = _frame(request, "tasks", timezone.localdate())
    if context["period"] is not None:
        period, filters, number = context["period"], context["filters"], _page(request)
        context["page"] = pages.task_page(period=period, filters=filters, number=number,
                                          fingerprint=context["fingerprint"])
    return _render(request, "cockpit/tasks.html", context)


@cockpit_view()
def recurring(request: HttpRequest) -> HttpResponse:
    """连续滞后: the same task lagging in two or more consecutive periods, with causes."""
    context = _frame(request, "recurring", timezone.localdate())
    if context["period"] is not None:
        period, filters, number = context["period"], context["filters"], _page(request)
        context["page"], causes = pages.recurring_page(
            period=period, filters=filters, number=number, fingerprint=context["fingerprint"])
        context["causes"] = causes
        context["causes_chart"] = {"categories": [c for c, _n in causes],
                                   "data": [n for _c, n in causes]}
    return _render(request, "cockpit/recurring.html", context)


@cockpit_view(Action.VIEW_LEDGER)
def search_view(request: HttpRequest) -> HttpResponse:
    """全文检索 over tasks and progress; a reporter finds only its own unit's work."""
    q = request.GET.get("q", "").strip()[:200]
    full = getattr(request.user, "role", "") in ("leader", "supervisor")
    context: dict[str, Any] = {
        "tab": "search", "tabs": TABS if full else TABS[-1:], "q": q, "task_url": task_url_prefix(),
        "results": search(user=request.user, q=q) if q else None,  # type: ignore[arg-type]
        "filters": CockpitFilters(), "query": "", "qs": "",
    }
    return _render(request, "cockpit/search.html", context)


@cockpit_view(Action.MANAGE_CAUSES)
@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest) -> HttpResponse:
    """考评权重: the office sets the weights; each change is kept as a new version."""
    current = rk.scoring_weights_current()
    values: dict[str, Any] = {name: str(current[name]) for name in WEIGHT_FIELDS}
    note, error = "", ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in WEIGHT_FIELDS}
        note = request.POST.get("note", "")
        try:
            scoring_weights_set(values=values, note=note, by=request.user,  # type: ignore[arg-type]
                                now=timezone.now())
        except DuchaError as exc:
            error = exc.message
        else:
            messages.success(request, "考评权重已更新,单位考评按新权重计算。")
            return redirect("cockpit:weights")
    fields = [{"name": name, "label": ScoringWeights._meta.get_field(name).verbose_name,
               "help": ScoringWeights._meta.get_field(name).help_text, "value": values[name]}
              for name in WEIGHT_FIELDS]
    return render(request, "cockpit/weights.html", {
        "tab": "ranking", "tabs": TABS, "fields": fields, "note": note, "error": error,
        "history": rk.scoring_weights_history(), "filters": CockpitFilters(), "qs": "",
        "status": 400 if error else 200}, status=400 if error else 200)
