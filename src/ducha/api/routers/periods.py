"""Periods (督办周期): what every supervision role reads to know what is due when."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router

from ducha.accounts.permissions import Action, require
from ducha.api.routers import READ_ERRORS, caller
from ducha.api.schemas import PeriodFilters, PeriodListOut, PeriodOut
from ducha.reporting.models import Period

router = Router(tags=["督办周期"])


def period_or_404(pk: int) -> Period:
    """An active period, or 404 in the API's words."""
    period: Period | None = Period.objects.active().filter(pk=pk).first()
    if period is None:
        raise Http404("没有找到该督办周期。")
    return period


@router.get("", response={200: PeriodListOut, **READ_ERRORS}, summary="督办周期列表")
def period_list(request: HttpRequest, filters: Query[PeriodFilters]) -> dict[str, object]:
    require(caller(request), Action.VIEW_LEDGER)
    periods = Period.objects.active().order_by("year", "kind", "index")
    for field in ("year", "kind", "state"):
        if (value := getattr(filters, field)) is not None:
            periods = periods.filter(**{field: value})
    items = list(periods)
    return {"count": len(items), "items": items}


@router.get("/{period_id}", response={200: PeriodOut, **READ_ERRORS}, summary="督办周期详情")
def period_get(request: HttpRequest, period_id: int) -> Period:
    require(caller(request), Action.VIEW_LEDGER)
    return period_or_404(period_id)
