"""Running totals of the cockpit (驾驶舱汇总), kept exact in the transaction of every write.

At a million reports no grouped query over the base tables answers in tens of milliseconds, so
the cockpit reads ``Tally`` cells instead: counts by period × unit scope × status × chapter ×
source, confidence, on-time reports, lead-task outcomes, recurring laggards, forecasts against
the actuals that followed. Every cell is a
sum of *task contributions*: what one task's assignments, assessments and reports add to each
cell (``contributions``). A write to a report, assessment, task, assignment, change request
or period recomputes the contribution of the task it touches before and after the save and
adds the difference — inside the same transaction, through model signals, so no service,
import or API path can forget it. Bulk paths that bypass ``save()`` run inside ``recounted``
(a report's figures) or call ``rebuild`` (the demo generator's ``fast_insert``); ``verify``
recomputes every cell and lists any drift.

Cells are tuples ``(kind, period_id, unit_id, status, key, ref)``; ``unit_id`` 0 is "every
unit", otherwise the unit scope of the cockpit's unit filter (tasks the unit is assigned to).
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from ducha.choices import Light, ReportState, Role, Status, TaskCategory

Cell = tuple[str, int, int, str, str, int]
DONE = (Status.DONE, Status.BASICALLY_DONE)
RECURRING = (Status.LAGGING, Status.PROBLEM)
REPORTED = (ReportState.SUBMITTED, ReportState.ACCEPTED)
CHUNK = 2000  # tasks per contribution query during a rebuild
ERROR_SCALE = 1_000_000  # forecast errors are summed as integers of a millionth
ERROR_CAP = 1_000_000  # … each capped at 100,000,000% (a forecast of ~0), so a sum cannot overflow


@dataclass(frozen=True)
class PeriodInfo:
    """What the contributions need of a period: its due-date boundary and its neighbours."""

    due_date: dt.date
    due_end: dt.datetime
    previous: int | None
    following: int | None


def period_map() -> dict[int, PeriodInfo]:
    """Every period's due end and, among active periods of its kind, the one before and after
    (the cockpit's ``period_previous``)."""
    from ducha.reporting.models import Period

    zone = ZoneInfo(settings.TIME_ZONE)
    rows = list(Period.objects.order_by("due_date", "id")
                .values_list("id", "kind", "due_date", "archived_at"))
    chains: dict[str, list[int]] = {}
    for pk, kind, _due, archived in rows:
        if archived is None:
            chains.setdefault(kind, []).append(pk)
    before: dict[int, int] = {}
    after: dict[int, int] = {}
    for chain in chains.values():
        for earlier, later in itertools.pairwise(chain):
            before[later], after[earlier] = earlier, later
    return {pk: PeriodInfo(due, dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0),
                                                    tzinfo=zone), before.get(pk), after.get(pk))
            for pk, _kind, due, _archived in rows}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def contributions(task_ids: Iterable[int], periods: dict[int, PeriodInfo] | None = None
                  ) -> Counter[Cell]:
    """Every cell the given tasks add to (five indexed queries per chunk of tasks)."""
    from ducha.choices import IndicatorKind
    from ducha.ledger.models import Assignment, Indicator, Task
    from ducha.reporting.models import (
        Assessment,
        ChangeRequest,
        Report,
        RequestKind,
        RequestState,
    )

    periods = period_map() if periods is None else periods
    zone = ZoneInfo(settings.TIME_ZONE)
    out: Counter[Cell] = Counter()
    for ids in _chunks(sorted(set(task_ids))):
        tasks = {row[0]: row[1:] for row in Task.objects.filter(pk__in=ids).values_list(
            "id", "chapter", "source_id", "position", "category", "archived_at")}
        assignments = list(Assignment.objects.active().filter(task_id__in=ids)
                           .values_list("id", "task_id", "unit_id", "role"))
        released = set(ChangeRequest.objects.filter(
            kind=RequestKind.DISPUTE, state=RequestState.APPROVED,
            assignment_id__in=[a[0] for a in assignments]).values_list("assignment_id",
                                                                         flat=True))
        scope: dict[int, set[int]] = {}
        leads: dict[int, list[int]] = {}
        for pk, task_id, unit_id, role in assignments:
            scope.setdefault(task_id, set()).add(unit_id)
            if unit_id is None:
                continue
            if role == Role.LEAD:
                leads.setdefault(task_id, []).append(unit_id)
            if tasks[task_id][4] is None:  # the ranking's 应报: assignments of active tasks
                lead = role == Role.LEAD
                out[("ex", 0, unit_id, "", "all", 0)] += 1
                out[("ex", 0, unit_id, "", "led", 0)] += lead
                if pk in released:
                    out[("ex", 0, unit_id, "", "rel", 0)] += 1
                    out[("ex", 0, unit_id, "", "relled", 0)] += lead
        for chapter, _source, position, _c, archived in tasks.values():
            if archived is None and chapter:  # the chapter drop-down lists active tasks'
                out[("tc", 0, 0, "", chapter, position)] += 1
        for (task_id,) in (Indicator.objects.active().filter(task_id__in=ids)
                           .exclude(kind=IndicatorKind.QUALITATIVE).values_list("task_id")):
            _chapter, source_id, _p, _c, archived = tasks[task_id]
            if archived is None:  # the indicator board: by source, in the lead units' scope
                for unit in {0, *leads.get(task_id, ())}:
                    out[("in", 0, unit, "", "", source_id)] += 1
        rows = list(Assessment.objects.active().filter(task_id__in=ids)
                    .values_list("task_id", "period_id", "status", "light", "cause_id"))
        judged = {(task_id, period_id): (status, light)
                  for task_id, period_id, status, light, _cause in rows}
        for task_id, period_id, status, _light, cause_id in rows:
            chapter, source_id, position, category, _archived = tasks[task_id]
            units = [0, *sorted(u for u in scope.get(task_id, ()) if u is not None)]
            for unit in units:
                out[("st", period_id, unit, status, "", 0)] += 1
                out[("ch", period_id, unit, status, chapter, 0)] += 1
                out[("cp", period_id, unit, "", chapter, position)] += 1
                out[("so", period_id, unit, status, "", source_id)] += 1
                out[("sn", period_id, unit, "", "", source_id)] += 1
            for unit in leads.get(task_id, []):
                if category != TaskCategory.LONG_TERM:
                    out[("ld", period_id, unit, "", "judged", 0)] += 1
                    out[("ld", period_id, unit, "", "done", 0)] += status in DONE
                out[("ld", period_id, unit, "", "lagging", 0)] += status == Status.LAGGING
                out[("ld", period_id, unit, "", "problem", 0)] += status == Status.PROBLEM
            info = periods.get(period_id)
            earlier = info.previous if info is not None else None
            if status in RECURRING and earlier is not None \
                    and judged.get((task_id, earlier), ("", ""))[0] in RECURRING:
                for unit in units:
                    out[("rc", period_id, unit, "", "", cause_id or 0)] += 1
                    out[("rs", period_id, unit, status, "", source_id)] += 1
        for task_id, period_id, unit_id, state, submitted_at, confidence, duplicate in (
                Report.objects.active().filter(task_id__in=ids)
                .values_list("task_id", "period_id", "unit_id", "state", "submitted_at",
                             "confidence", "near_duplicate")):
            info = periods[period_id]
            if state in REPORTED and submitted_at is not None:
                out[("rp", period_id, unit_id, "", "reported", 0)] += 1
                if submitted_at < info.due_end:
                    out[("rp", period_id, unit_id, "", "on_time", 0)] += 1
                else:
                    late = (submitted_at.astimezone(zone).date() - info.due_date).days
                    out[("rp", period_id, unit_id, "", "overdue", 0)] += max(0, late)
            out[("rp", period_id, unit_id, "", "dup", 0)] += bool(duplicate)
            if confidence:
                units = [0, *sorted(u for u in scope.get(task_id, ()) if u is not None)]
                green = (info.following is not None and judged.get(
                    (task_id, info.following), ("", ""))[1] == Light.GREEN)
                for unit in units:
                    out[("cf", period_id, unit, "", confidence, 0)] += 1
                    if green:
                        out[("ok", info.following, unit, "", confidence, 0)] += 1  # type: ignore[index]
        out.update(forecast_contributions(ids, periods))
    return +out  # drop the zero cells


def forecast_contributions(task_ids: Iterable[int], periods: dict[int, PeriodInfo] | None = None
                           ) -> Counter[Cell]:
    """The forecast cells of the given tasks (two indexed queries per chunk): each active
    forecast against the actual that followed, paired as ``forecast_accuracy`` pairs them
    (``reporting.selectors.paired_forecasts``). Cells ``("fa", following period, reporting
    unit, "", key, 0)`` with keys ``seen`` (every forecast), ``unchecked`` (no actual, or
    measures that cannot be compared), ``count``, ``within`` (inside the tolerance), ``errn``
    and ``errsum`` (how many have a percentage error, and the sum of its absolute value in
    millionths)."""
    from ducha.reporting.models import IndicatorActual, IndicatorForecast
    from ducha.reporting.selectors import FIGURE_FIELDS, paired_forecasts

    periods = period_map() if periods is None else periods
    following = {pk: info.following for pk, info in periods.items()}
    out: Counter[Cell] = Counter()
    for ids in _chunks(sorted(set(task_ids))):
        forecasts = list(IndicatorForecast.objects.active().filter(
            report__task_id__in=ids, report__archived_at__isnull=True,
            indicator__archived_at__isnull=True).values_list(*FIGURE_FIELDS))
        if not forecasts:
            continue
        actuals = (IndicatorActual.objects.filter(report__task_id__in=ids,
                                                  report__archived_at__isnull=True,
                                                  indicator__archived_at__isnull=True)
                   .order_by("-id").values_list(*FIGURE_FIELDS))
        for unit_id, period_id, check in paired_forecasts(forecasts, actuals, following):
            out[("fa", period_id, unit_id, "", "seen", 0)] += 1
            if check is None:
                out[("fa", period_id, unit_id, "", "unchecked", 0)] += 1
                continue
            out[("fa", period_id, unit_id, "", "count", 0)] += 1
            out[("fa", period_id, unit_id, "", "within", 0)] += check.accurate
            if check.error is not None:
                out[("fa", period_id, unit_id, "", "errn", 0)] += 1
                out[("fa", period_id, unit_id, "", "errsum", 0)] += round(
                    min(abs(check.error), ERROR_CAP) * ERROR_SCALE)
    return +out


@contextmanager
def recounted(task_id: int, count: Callable[[Iterable[int]], Counter[Cell]] = contributions
              ) -> Iterator[None]:
    """Move the cells by what the writes inside the block change for the task, for writes
    that bypass the model signals (bulk inserts and updates); ``count`` may be a narrower
    reader such as ``forecast_contributions`` when only its cells can change. Use it inside
    the writes' transaction."""
    before = count([task_id])
    yield
    apply(difference(count([task_id]), before))


def _table() -> str:
    return connection.ops.quote_name("cockpit_tally")


def apply(delta: Counter[Cell]) -> None:
    """Add ``delta`` to the cells (one upsert statement per batch; both engines)."""
    rows = [(*cell, n) for cell, n in delta.items() if n]
    if not rows:
        return
    table = _table()
    sql = (f"INSERT INTO {table} (kind, period_id, unit_id, status, key, ref, n) "  # noqa: S608
           "VALUES (%s, %s, %s, %s, %s, %s, %s) "
           "ON CONFLICT (kind, period_id, unit_id, status, key, ref) "
           f"DO UPDATE SET n = {table}.n + excluded.n")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def difference(after: Counter[Cell], before: Counter[Cell]) -> Counter[Cell]:
    delta: Counter[Cell] = Counter(after)
    delta.subtract(before)
    return delta


def relink(old: dict[int, PeriodInfo], new: dict[int, PeriodInfo]) -> None:
    """A period was created, archived or moved: recount the tasks whose cells depend on which
    period follows which (or on a due date), with the old and the new order."""
    from ducha.reporting.models import Assessment, Report

    judged: set[int] = set()  # periods whose assessments meet other periods' rows
    reported: set[int] = set()  # periods whose reports' on-time status changed
    for pk in set(old) | set(new):
        was, now = old.get(pk), new.get(pk)
        if was is None or now is None or was.due_date != now.due_date:
            reported.add(pk)
        if was is None or now is None or was.previous != now.previous:
            judged.add(pk)
        if was is None or now is None or was.following != now.following:
            judged.update(p for p in (was and was.following, now and now.following) if p)
            reported.add(pk)  # its forecasts are now checked against another period
    tasks = set(Assessment.objects.filter(period_id__in=judged).values_list("task_id",
                                                                             flat=True))
    tasks |= set(Report.objects.filter(period_id__in=reported).values_list("task_id",
                                                                            flat=True))
    if tasks:
        apply(difference(contributions(tasks, new), contributions(tasks, old)))


def _all_task_ids() -> list[int]:
    from ducha.ledger.models import Task

    return list(Task.objects.order_by("pk").values_list("pk", flat=True))


def computed() -> Counter[Cell]:
    """Every cell recomputed from the base tables."""
    periods = period_map()
    total: Counter[Cell] = Counter()
    for ids in _chunks(_all_task_ids()):
        total.update(contributions(ids, periods))
    return total


def stored() -> Counter[Cell]:
    from ducha.cockpit.models import Tally

    return Counter({(k, p, u, s, key, ref): n for k, p, u, s, key, ref, n in
                    Tally.objects.exclude(kind="epoch").exclude(n=0).values_list(
                        "kind", "period_id", "unit_id", "status", "key", "ref", "n")})


@transaction.atomic
def rebuild() -> int:
    """Recompute every cell from the base tables (after bulk inserts); returns the cell count.

    A new epoch is written too, so results cached for an earlier database never match."""
    from ducha.cockpit.models import Tally

    cells = computed()
    Tally.objects.all().delete()
    apply(cells)
    Tally.objects.create(kind="epoch", key=secrets.token_hex(8), n=1)
    return len(cells)


def verify() -> list[tuple[Cell, int, int]]:
    """Cells whose stored total differs from the recomputed one: (cell, stored, computed)."""
    now, kept = computed(), stored()
    return sorted(((cell, kept.get(cell, 0), now.get(cell, 0))
                   for cell in set(now) | set(kept) if kept.get(cell, 0) != now.get(cell, 0)),
                  key=repr)


def epoch() -> str:
    from ducha.cockpit.models import Tally

    return Tally.objects.filter(kind="epoch").values_list("key", flat=True).first() or ""


# ---------------------------------------------------------------- reading


SMALL_KINDS = ("st", "ch", "cp", "cf", "ok", "rc")  # a few dozen cells per period and unit
_batch: ContextVar[dict[tuple[int, int], dict[str, list[Any]]] | None] = \
    ContextVar("cockpit_totals_batch", default=None)


@contextmanager
def reading() -> Iterator[None]:
    """Within this block, the small kinds of a period and unit scope are read in one query
    (a page's several charts then cost one read, not one each). Writes inside the block
    are not seen: use it around reads only."""
    token = _batch.set({})
    try:
        yield
    finally:
        _batch.reset(token)


def cells(kind: str, period_id: int, unit_id: int) -> list[tuple[str, str, int, int]]:
    """(status, key, ref, n) of the non-zero cells of a kind, period and unit scope."""
    from ducha.cockpit.models import Tally

    batch = _batch.get()
    if batch is None or kind not in SMALL_KINDS:
        return list(Tally.objects.filter(kind=kind, period_id=period_id, unit_id=unit_id)
                    .exclude(n=0).values_list("status", "key", "ref", "n"))
    if (period_id, unit_id) not in batch:
        held: dict[str, list[Any]] = {k: [] for k in SMALL_KINDS}
        for k, status, key, ref, n in (Tally.objects.filter(
                kind__in=SMALL_KINDS, period_id=period_id, unit_id=unit_id).exclude(n=0)
                .values_list("kind", "status", "key", "ref", "n")):
            held[k].append((status, key, ref, n))
        batch[(period_id, unit_id)] = held
    return batch[(period_id, unit_id)][kind]


def metrics(kind: str, period_id: int) -> dict[int, dict[str, int]]:
    """Per unit, the named counts of a kind ("ex", "rp", "ld") in a period (0 for "ex")."""
    from ducha.cockpit.models import Tally

    out: dict[int, dict[str, int]] = {}
    for unit_id, key, n in (Tally.objects.filter(kind=kind, period_id=period_id)
                            .values_list("unit_id", "key", "n")):
        out.setdefault(unit_id, {})[key] = n
    return out


def top_sources(period_id: int, unit_id: int, limit: int) -> list[int]:
    """The ``limit`` sources with most assessments (ties by id), like the grouped query."""
    from ducha.cockpit.models import Tally

    return list(Tally.objects.filter(kind="sn", period_id=period_id, unit_id=unit_id, status="",
                                     n__gt=0).order_by("-n", "ref")
                .values_list("ref", flat=True)[:limit])


def source_cells(period_id: int, unit_id: int, sources: list[int]) -> list[tuple[str, int, int]]:
    """(status, source id, n) of the given sources in a period and unit scope."""
    from ducha.cockpit.models import Tally

    return list(Tally.objects.filter(kind="so", period_id=period_id, unit_id=unit_id,
                                     ref__in=sources).exclude(n=0)
                .values_list("status", "ref", "n"))


@dataclass(frozen=True)
class Slice:
    """Rows ``skip`` … of one status's rows in the given sources (in source order)."""

    status: str
    sources: list[int]
    skip: int


def _in_source_order(kind: str, period_id: int, unit_id: int, status: str, chunk: int = 1000
                     ) -> Iterator[tuple[int, int]]:
    """(source id, count) cells in source order, read a chunk at a time from the unique index
    (kind, period, unit, status, key, ref): a first page reads one chunk. Keyset paging
    rather than a server-side cursor, which PostgreSQL plans for a fraction of the rows."""
    from ducha.cockpit.models import Tally

    after = -1
    while True:
        rows = list(Tally.objects.filter(kind=kind, period_id=period_id, unit_id=unit_id,
                                         status=status, key="", ref__gt=after)
                    .order_by("ref").values_list("ref", "n")[:chunk])
        yield from rows
        if len(rows) < chunk:
            return
        after = rows[-1][0]


def locate(kind: str, period_id: int, unit_id: int, statuses: Iterable[str], start: int,
           size: int) -> list[Slice]:
    """Where rows ``start`` … ``start + size`` of a list ordered by status (in the order given)
    then source lie, from the per-source counts: a page reads only the sources it shows."""

    out: list[Slice] = []
    position, end = 0, start + size
    for status in statuses:
        if position >= end:
            break
        sources: list[int] = []
        skip = 0
        for ref, n in _in_source_order(kind, period_id, unit_id, status):
            if n <= 0:
                continue
            if position + n <= start:
                position += n
                continue
            if not sources:
                skip = max(0, start - position)
            sources.append(ref)
            position += n
            if position >= end:
                break
        if sources:
            out.append(Slice(status, sources, skip))
    return out


def chapters() -> list[str]:
    """Chapters of active tasks in outline order (their first position, then name)."""
    from ducha.cockpit.models import Tally

    first: dict[str, int] = {}
    for key, ref in (Tally.objects.filter(kind="tc", period_id=0, unit_id=0, n__gt=0)
                     .values_list("key", "ref")):
        first[key] = min(first.get(key, ref), ref)
    return sorted(first, key=lambda c: (first[c], c))


def count(kind: str, period_id: int, unit_id: int) -> int:
    """The sum of a kind's cells in a period and unit scope."""
    from django.db.models import Sum

    from ducha.cockpit.models import Tally

    return Tally.objects.filter(kind=kind, period_id=period_id, unit_id=unit_id).aggregate(
        n=Sum("n"))["n"] or 0
