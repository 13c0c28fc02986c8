"""The cockpit's filters, read from and written back to the URL query string.

A leader shares a view by sharing its address, so every filter lives in the query string;
a malformed value is ignored (the page shows everything) rather than answered with an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q

from ducha.choices import Status

FILTER_KEYS = ("year", "period", "source", "chapter", "unit", "status")


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@dataclass(frozen=True)
class CockpitFilters:
    """Year, period, source, chapter, unit and status; empty means "all"."""

    year: int | None = None
    period: int | None = None
    source: int | None = None
    chapter: str = ""
    unit: int | None = None
    status: str = ""

    @property
    def scoped(self) -> bool:
        """Whether the task scope is narrowed (source, chapter or unit)."""
        return bool(self.source or self.chapter or self.unit)

    def as_params(self, **changes: Any) -> dict[str, str]:
        """The non-empty filters as query parameters, with ``changes`` applied."""
        current = replace(self, **changes) if changes else self
        out = {}
        for f in fields(current):
            value = getattr(current, f.name)
            if value not in (None, ""):
                out[f.name] = str(value)
        return out

    def query(self, **changes: Any) -> str:
        """The filters as a query string (without ``?``), for links that keep the view."""
        return urlencode(self.as_params(**changes))

    def task_q(self, prefix: str = "") -> Q:
        """The task scope as a Q on a model reaching the task through ``prefix``.

        ``prefix`` is ``""`` for tasks and ``"task__"`` for assessments and reports.
        """
        from ducha.ledger.models import Assignment

        q = Q()
        if self.source:
            q &= Q(**{f"{prefix}source_id": self.source})
        if self.chapter:
            q &= Q(**{f"{prefix}chapter": self.chapter})
        if self.unit:
            outer = f"{prefix.removesuffix('__')}_id" if prefix else "pk"
            q &= Q(Exists(Assignment.objects.active().filter(
                task_id=OuterRef(outer), unit_id=self.unit)))
        return q


def filters_from_query(params: Mapping[str, Any]) -> CockpitFilters:
    """Filters from a request's GET parameters; unknown or malformed values are dropped."""
    year = _int(params.get("year"))
    if year is not None and not 2000 <= year <= 2100:
        year = None
    status = str(params.get("status") or "").strip()
    return CockpitFilters(
        year=year,
        period=_int(params.get("period")),
        source=_int(params.get("source")),
        chapter=str(params.get("chapter") or "").strip()[:200],
        unit=_int(params.get("unit")),
        status=status if status in Status.values else "",
    )
