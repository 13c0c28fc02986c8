"""Units (单位): the directory every supervision role reads."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router

from ducha.accounts.permissions import Action, require
from ducha.api.routers import READ_ERRORS, caller
from ducha.api.schemas import UnitFilters, UnitListOut, UnitOut
from ducha.org.models import Unit

router = Router(tags=["单位"])


@router.get("", response={200: UnitListOut, **READ_ERRORS}, summary="单位列表")
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> dict[str, object]:
    """Active units in the directory's order."""
    require(caller(request), Action.VIEW_LEDGER)
    units = Unit.objects.active()
    if filters.kind:
        units = units.filter(kind=filters.kind)
    items = list(units)
    return {"count": len(items), "items": items}


@router.get("/{unit_id}", response={200: UnitOut, **READ_ERRORS}, summary="单位详情")
def unit_get(request: HttpRequest, unit_id: int) -> Unit:
    require(caller(request), Action.VIEW_LEDGER)
    unit: Unit | None = Unit.objects.active().filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    return unit
