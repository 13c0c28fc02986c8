"""Cockpit results kept while the data they were computed from is unchanged.

At a million reports one period's aggregates cost hundreds of milliseconds; a leader's page
must answer in tens. Every result is stored in Django's cache under a key that includes a
*fingerprint* of the data: the highest history id of every table the cockpit reads (every write
leaves a history row, DESIGN rule 3) and the highest id of the bulk tables (inserts made
without history, such as the demo generator's, still change it). Any write therefore changes
the fingerprint and the next page computes afresh, on any application server: the fingerprint
lives in the database, so a per-process cache is still exact. A short time-out bounds what a
write made behind the rules' back (an ``UPDATE`` without a history row) could leave stale.

Reading the fingerprint is one query of indexed ``MAX(id)`` look-ups.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

T = TypeVar("T")
TIMEOUT = 300  # seconds


@functools.cache
def _tables() -> tuple[tuple[str, str], ...]:
    """(table, primary key column) of every table whose changes the cockpit must see
    (computed once: reaching a model's history manager builds a class each time)."""
    from ducha.cockpit.models import ScoringWeights
    from ducha.ledger.models import Assignment, Indicator, IndicatorRevision, Source, Task
    from ducha.org.models import Unit
    from ducha.reporting.models import (
        Assessment,
        ChangeRequest,
        IndicatorActual,
        LagCause,
        Period,
        Report,
    )

    tracked = (Report, Assessment, Assignment, Task, Source, Indicator, IndicatorRevision,
               IndicatorActual, ChangeRequest, LagCause, Period, Unit)
    tables = [(m.history.model._meta.db_table, "history_id") for m in tracked]  # type: ignore[attr-defined]
    tables += [(m._meta.db_table, m._meta.pk.column)
               for m in (Report, Assessment, IndicatorActual, Assignment, Task, ScoringWeights)]
    return tuple(tables)


def data_fingerprint() -> str:
    """A short digest that changes whenever the cockpit's data changes (one query)."""
    ops = connection.ops
    parts = ", ".join(f"(SELECT MAX({ops.quote_name(pk)}) FROM {ops.quote_name(table)})"  # noqa: S608
                      for table, pk in _tables())
    # the totals' epoch (new at every rebuild and migration) and the database's name: the
    # cache is shared, and another database can have the same highest ids
    epoch = (f"(SELECT MAX({ops.quote_name('key')}) FROM {ops.quote_name('cockpit_tally')} "  # noqa: S608
             "WHERE kind = 'epoch')")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}, {epoch}")
        row = cursor.fetchone()
    identity = (connection.vendor, str(connection.settings_dict.get("NAME")), row)
    return hashlib.sha1(repr(identity).encode(), usedforsecurity=False).hexdigest()[:16]


def cached(parts: tuple[Any, ...], compute: Callable[[], T], *, fingerprint: str) -> T:
    """``compute()``, or the result stored for the same ``parts`` and data fingerprint."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"cockpit:{fingerprint}:{digest}"
    hit = cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value
