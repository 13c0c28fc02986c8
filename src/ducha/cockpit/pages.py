"""What each cockpit page computes, through the fingerprint cache (``snapshots``).

Views and the ``cockpit_warm`` command call these, so the command fills exactly the entries
the pages read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ducha.cockpit import indicators as ind
from ducha.cockpit import ranking as rk
from ducha.cockpit import selectors as sel
from ducha.cockpit import totals
from ducha.cockpit.filters import CockpitFilters
from ducha.cockpit.snapshots import cached, data_fingerprint
from ducha.reporting.models import Period


def overview_page(*, period: Period, previous: Period | None, filters: CockpitFilters,
                  fingerprint: str) -> dict[str, Any]:
    """Status counts beside the last period's, charts by chapter and source, confidence."""
    def compute() -> dict[str, Any]:
        with totals.reading():
            return figures()

    def figures() -> dict[str, Any]:
        counts = sel.status_distribution(period=period, filters=filters)
        return {
            "status_rows": sel.status_comparison(period=period, previous=previous,
                                                 filters=filters, counts=counts),
            "by_chapter": sel.status_by_chapter(period=period, filters=filters).as_json(),
            "by_source": sel.status_by_source(period=period, filters=filters,
                                              counts=counts).as_json(),
            "confidence": sel.confidence_overview(period=period, previous=previous,
                                                  filters=filters),
            "forecast_accuracy": sel.forecast_overview(period=period, previous=previous,
                                                       filters=filters),
            "lagging_total": sum(counts[code] for code in sel.LAGGING_STATUSES),
        }
    return cached(("overview", period.pk, previous.pk if previous else None, filters),
                  compute, fingerprint=fingerprint)


def ranking_page(*, period: Period, filters: CockpitFilters, today: dt.date, sort: str,
                 weights: dict[str, Decimal], fingerprint: str) -> list[rk.UnitScore]:
    return cached(("ranking", period.pk, filters, today, sort),
                  lambda: rk.unit_ranking(period=period, filters=filters, today=today,
                                          sort=sort, weights=weights),
                  fingerprint=fingerprint)


def indicator_page(*, period: Period, filters: CockpitFilters, number: int,
                   fingerprint: str) -> sel.Page:
    return cached(("indicators", period.pk, filters, number),
                  lambda: ind.indicator_board(period=period, filters=filters, page=number),
                  fingerprint=fingerprint)


def task_page(*, period: Period, filters: CockpitFilters, number: int,
              fingerprint: str) -> sel.Page:
    return cached(("tasks", period.pk, filters, number),
                  lambda: sel.task_board(period=period, filters=filters, page=number),
                  fingerprint=fingerprint)


def recurring_page(*, period: Period, filters: CockpitFilters, number: int,
                   fingerprint: str) -> tuple[sel.Page, list[tuple[str, int]]]:
    def compute() -> tuple[sel.Page, list[tuple[str, int]]]:
        with totals.reading():
            return (sel.recurring_laggards(period=period, filters=filters, page=number),
                    sel.recurring_causes(period=period, filters=filters))
    return cached(("recurring", period.pk, filters, number), compute, fingerprint=fingerprint)


def options(*, fingerprint: str) -> dict[str, Any]:
    return cached(("options",), sel.filter_options, fingerprint=fingerprint)


def cockpit_warm(*, today: dt.date) -> list[str]:
    """Compute the first page of every cockpit view for the period leaders open by default
    (and the one chosen by year), so the first leader after a change does not wait."""
    fingerprint = data_fingerprint()
    filters = CockpitFilters()
    period = sel.period_resolve(filters=filters, today=today)
    done = ["options"]
    options(fingerprint=fingerprint)
    if period is None:
        return done
    previous = sel.period_previous(period=period)
    overview_page(period=period, previous=previous, filters=filters, fingerprint=fingerprint)
    ranking_page(period=period, filters=filters, today=today, sort=rk.DEFAULT_SORT,
                 weights=rk.scoring_weights_current(), fingerprint=fingerprint)
    indicator_page(period=period, filters=filters, number=1, fingerprint=fingerprint)
    task_page(period=period, filters=filters, number=1, fingerprint=fingerprint)
    recurring_page(period=period, filters=filters, number=1, fingerprint=fingerprint)
    return [*done, f"{period.label}:总览、单位考评、指标进度、滞后事项、连续滞后"]
