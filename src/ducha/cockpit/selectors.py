"""Reads of the cockpit: periods, the status overview, the task board and recurring laggards.

Every aggregate is one ``values().annotate()`` query (never a Python loop over reports), and
every list is paged with a constant number of queries, so a page costs the same at ten tasks
and at a hundred thousand. All reads go through this module (and ``ranking``, ``search``,
``indicators``) so that a database router can send them to a read replica.

The counts agree with the bulletin's: ``status_distribution`` with no filters is the same
aggregate as ``reporting.selectors.status_counts`` (a test checks both on the same data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Value, When
from django.db.models.functions import Substr

from ducha.choices import Confidence, Light, Role, Status, status_colour
from ducha.cockpit import totals
from ducha.cockpit.filters import CockpitFilters
from ducha.ledger.models import Assignment, Source
from ducha.org.models import Unit
from ducha.reporting.models import Assessment, LagCause, Period, Report
from ducha.reporting.selectors import UnitForecastAccuracy

LAGGING_STATUSES: tuple[str, ...] = (Status.NOT_DONE, Status.LAGGING, Status.PROBLEM)
RECURRING_STATUSES: tuple[str, ...] = (Status.LAGGING, Status.PROBLEM)
NO_CHAPTER = "(未分章)"
OTHER_SOURCES = "其他来源"
OTHER_CHAPTERS = "其他章节"
PAGE_SIZE = 50


# ---------------------------------------------------------------- periods and options


def period_list(*, year: int | None = None) -> list[Period]:
    """Active periods, newest first (optionally of one year)."""
    qs = Period.objects.active().order_by("-due_date")
    return list(qs.filter(year=year) if year else qs)


def period_resolve(*, filters: CockpitFilters, today: dt.date) -> Period | None:
    """The period a cockpit page shows: the chosen one, else the latest assessed (of the
    chosen year), else the period in force."""
    periods = Period.objects.active()
    if filters.period:
        chosen: Period | None = periods.filter(pk=filters.period).first()
        if chosen is not None:
            return chosen
    if filters.year:
        periods = periods.filter(year=filters.year)
    assessed = periods.filter(Exists(Assessment.objects.active().filter(period=OuterRef("pk"))))
    return (assessed.order_by("-due_date").first()
            or periods.filter(due_date__gte=today).order_by("due_date").first()
            or periods.order_by("-due_date").first())


def period_previous(*, period: Period) -> Period | None:
    """The period of the same kind just before ``period`` (across the year end too)."""
    return (Period.objects.active().filter(kind=period.kind, due_date__lt=period.due_date)
            .order_by("-due_date").first())


def filter_options() -> dict[str, Any]:
    """Years, sources, chapters and units for the filter drop-downs."""
    return {
        "years": sorted(set(Period.objects.active().values_list("year", flat=True)),
                        reverse=True),
        "sources": list(Source.objects.active().order_by("-year", "-issue_date", "id")
                        .values_list("id", "title")[:300]),
        "chapters": totals.chapters()[:200],
        "units": list(Unit.objects.filter(Exists(Assignment.objects.active().filter(
            unit=OuterRef("pk")))).order_by("sort_order", "name").values_list("id", "name")),
    }


# ---------------------------------------------------------------- the overview


def _assessments(*, period: Period, filters: CockpitFilters | None) -> Any:
    qs = Assessment.objects.active().filter(period=period)
    if filters is not None and filters.scoped:
        qs = qs.filter(filters.task_q("task__"))
    return qs


def tally_scope(filters: CockpitFilters | None) -> int | None:
    """The unit scope the running totals answer for (0: every unit), or None when the filters
    narrow by source or chapter (then the base tables are read: the set is small)."""
    if filters is None:
        return 0
    if filters.source or filters.chapter:
        return None
    return filters.unit or 0


def status_distribution(*, period: Period, filters: CockpitFilters | None = None
                        ) -> dict[str, int]:
    """Assessments of a period by status code, every status present (zero when none).

    With no filters this is exactly the bulletin's ``reporting.selectors.status_counts``
    (read from the running totals; a test checks both on the same data).
    """
    counts = dict.fromkeys(Status.values, 0)
    unit = tally_scope(filters)
    if unit is not None:
        for status, _key, _ref, n in totals.cells("st", period.pk, unit):
            counts[status] = counts.get(status, 0) + n
        return counts
    rows = (_assessments(period=period, filters=filters)
            .values("status").annotate(n=Count("id")).order_by())
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass
class StatusRow:
    code: str
    label: str
    colour: str
    count: int
    previous: int | None
    share: float

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous


def status_comparison(*, period: Period, previous: Period | None,
                      filters: CockpitFilters | None = None,
                      counts: dict[str, int] | None = None) -> list[StatusRow]:
    """This period's status counts (``counts`` when already read) beside the last period's,
    with shares."""
    now = counts if counts is not None else status_distribution(period=period,
                                                                filters=filters)
    before = status_distribution(period=previous, filters=filters) if previous else None
    total = sum(now.values()) or 1
    return [StatusRow(code, label, status_colour(code), now[code],
                      before[code] if before is not None else None,
                      round(100 * now[code] / total, 1))
            for code, label in Status.choices]


@dataclass
class StackedChart:
    """Data of a stacked bar chart: one bar per category, one series per status."""

    categories: list[str]
    keys: list[str]  # the filter value behind each bar ("" for the rest)
    series: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"categories": self.categories, "keys": self.keys, "series": self.series}


def _stack(categories: list[tuple[str, str]], counts: dict[tuple[str, str], int]
           ) -> StackedChart:
    chart = StackedChart([label for _key, label in categories], [k for k, _l in categories])
    for code, label in Status.choices:
        chart.series.append({"code": code, "name": label, "colour": status_colour(code),
                             "data": [counts.get((key, code), 0) for key, _l in categories]})
    return chart


def status_by_chapter(*, period: Period, filters: CockpitFilters | None = None,
                      limit: int = 15) -> StackedChart:
    """Assessments of a period by chapter × status (chapters in outline order)."""
    first: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    unit = tally_scope(filters)
    if unit is not None:
        for _status, chapter, position, _n in totals.cells("cp", period.pk, unit):
            first[chapter] = min(first.get(chapter, position), position)
        for status, chapter, _ref, n in totals.cells("ch", period.pk, unit):
            counts[(chapter, status)] = n
    else:
        for row in (_assessments(period=period, filters=filters)
                    .values("task__chapter", "status")
                    .annotate(n=Count("id"), first=Min("task__position")).order_by()):
            chapter = row["task__chapter"]
            first[chapter] = min(first.get(chapter, row["first"]), row["first"])
            counts[(chapter, row["status"])] = row["n"]
    ordered = sorted(first, key=lambda c: (first[c], c))
    shown, rest = ordered[:limit], ordered[limit:]
    for chapter in rest:
        for code in Status.values:
            counts[("", code)] = counts.get(("", code), 0) + counts.get((chapter, code), 0)
    categories = [(c, c or NO_CHAPTER) for c in shown]
    if rest:
        categories.append(("", OTHER_CHAPTERS))
    return _stack(categories, counts)


def status_by_source(*, period: Period, filters: CockpitFilters | None = None,
                     limit: int = 12, counts: dict[str, int] | None = None) -> StackedChart:
    """Assessments of a period by source × status: the largest sources, then the rest
    (``counts``, the period's status counts, when already read)."""
    cells: dict[tuple[str, str], int] = {}
    unit = tally_scope(filters)
    if unit is not None:
        top = totals.top_sources(period.pk, unit, limit + 1)
        shown = top[:limit]
        for status, source_id, n in totals.source_cells(period.pk, unit, shown):
            cells[(str(source_id), status)] = n
    else:
        base = _assessments(period=period, filters=filters)
        top = [row["task__source_id"] for row in base.values("task__source_id")
               .annotate(n=Count("id")).order_by("-n", "task__source_id")[:limit + 1]]
        shown = top[:limit]
        for row in (base.filter(task__source_id__in=shown).values("task__source_id", "status")
                    .annotate(n=Count("id")).order_by()):
            cells[(str(row["task__source_id"]), row["status"])] = row["n"]
    titles = dict(Source.objects.filter(pk__in=shown).values_list("id", "title"))
    categories = [(str(pk), titles.get(pk, "")) for pk in shown]
    if len(top) > limit:
        whole = counts if counts is not None else status_distribution(period=period,
                                                                       filters=filters)
        for code in Status.values:
            cells[("", code)] = whole[code] - sum(cells.get((k, code), 0) for k, _ in
                                                   categories)
        categories.append(("", OTHER_SOURCES))
    return _stack(categories, cells)


@dataclass
class ConfidenceRow:
    code: str
    label: str
    count: int  # reports of this period with this confidence
    forecast: int  # reports of the previous period with this confidence
    came_true: int  # … whose task is green in this period


def confidence_overview(*, period: Period, previous: Period | None,
                        filters: CockpitFilters | None = None) -> list[ConfidenceRow]:
    """Units' own delivery confidence this period, and how last period's came true.

    A forecast "came true" when the task is judged green (绿灯) in the following period; for
    a low confidence the share shows how often a unit's warning was needless.
    """
    unit = tally_scope(filters)
    if unit is not None:
        def named(kind: str, p: Period) -> dict[str, int]:
            return {key: n for _s, key, _r, n in totals.cells(kind, p.pk, unit)}

        now_n = named("cf", period)
        forecast = named("cf", previous) if previous is not None else {}
        came = named("ok", period) if previous is not None else {}
        return [ConfidenceRow(code, label, now_n.get(code, 0), forecast.get(code, 0),
                              came.get(code, 0)) for code, label in Confidence.choices]

    def reports(p: Period) -> Any:
        qs = Report.objects.active().filter(period=p).exclude(confidence="")
        return qs.filter(filters.task_q("task__")) if filters and filters.scoped else qs

    now = dict(reports(period).values("confidence").annotate(n=Count("id"))
               .order_by().values_list("confidence", "n"))
    before: dict[str, tuple[int, int]] = {}
    if previous is not None:
        green = Exists(Assessment.objects.active().filter(
            task_id=OuterRef("task_id"), period=period, light=Light.GREEN))
        rows = (reports(previous).values("confidence")
                .annotate(n=Count("id"),
                          ok=Count(Case(When(green, then=Value(1)),
                                        output_field=IntegerField())))
                .order_by())
        before = {row["confidence"]: (row["n"], row["ok"]) for row in rows}
    return [ConfidenceRow(code, label, now.get(code, 0), *before.get(code, (0, 0)))
            for code, label in Confidence.choices]


def forecast_overview(*, period: Period, previous: Period | None,
                      filters: CockpitFilters | None = None) -> list[UnitForecastAccuracy]:
    """Per reporting unit, how last period's forecasts (下期预计值) came true in this period,
    read from the running totals: the same rows as ``reporting.selectors.forecast_accuracy``
    (a test checks both), in two queries instead of a pass over every forecast."""
    if previous is None:
        return []
    cells = totals.metrics("fa", period.pk)
    if filters is not None and filters.unit:
        cells = {unit: held for unit, held in cells.items() if unit == filters.unit}
    units = {pk: (order, short or name) for pk, order, short, name in Unit.objects.filter(
        pk__in=list(cells)).values_list("id", "sort_order", "short_name", "name")}
    rows = []
    for unit_id, held in cells.items():
        if not held.get("seen") or unit_id not in units:
            continue
        count, within, errn = held.get("count", 0), held.get("within", 0), held.get("errn", 0)
        rows.append(UnitForecastAccuracy(
            unit_id=unit_id, unit=units[unit_id][1], period=period, forecast_period=previous,
            count=count, within=within, share=within / count if count else None,
            mape=held.get("errsum", 0) / totals.ERROR_SCALE / errn if errn else None,
            unchecked=held.get("unchecked", 0)))
    rows.sort(key=lambda r: (units[r.unit_id][0], r.unit_id))
    return rows


# ---------------------------------------------------------------- the task board


@dataclass
class BoardRow:
    """A task on the board: its assessment, lead units and last progress (plain values, so
    a page is cheap to cache)."""

    task_id: int
    number: str
    title: str
    source: str
    chapter: str
    status: str
    cause: str = ""
    leads: list[str] = field(default_factory=list)
    progress: str = ""
    progress_period: str = ""
    progress_unit: str = ""
    confidence: str = ""
    next_milestone: str = ""
    next_milestone_date: dt.date | None = None
    streak: int = 0
    causes: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @classmethod
    def page(cls, qs: Any, start: int, size: int,
             located: list[totals.Slice] | None = None) -> list[BoardRow]:
        """A page of assessments as rows, worst first, then by source and outline position
        (no model instances). With ``located`` (the page's sources, found from the running
        totals) only those sources' rows are read; otherwise one query sorts them all."""
        fields = ("task_id", "status", "cause__name", "task__number", "task__chapter",
                  "task__source__title")
        order = ("task__source_id", "task__position", "task_id")
        items: list[dict[str, Any]] = []
        if located is None:
            items = list(qs.order_by(-_severity(), *order)
                         .values(*fields, title=Substr("task__title", 1, 120))
                         [start:start + size])
        for part in located or ():
            want = size - len(items)
            if want <= 0:
                break
            items += list(qs.filter(status=part.status, task__source_id__in=part.sources)
                          .order_by(*order).values(*fields, title=Substr("task__title", 1, 120))
                          [part.skip:part.skip + want])
        return [cls(row["task_id"], row["task__number"], row["title"],
                    row["task__source__title"], row["task__chapter"], row["status"],
                    row["cause__name"] or "") for row in items]


@dataclass
class Page:
    rows: list[Any]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _severity() -> Case:
    return Case(*(When(status=code, then=Value(rank))
                  for rank, code in enumerate(LAGGING_STATUSES)),
                default=Value(-1), output_field=IntegerField())


def _located(kind: str, period: Period, filters: CockpitFilters, statuses: tuple[str, ...],
             start: int, size: int) -> list[totals.Slice] | None:
    """The sources holding a page's rows, worst status first (None when the filters narrow
    by source or chapter: the rows are few, one sorted query reads them)."""
    unit = tally_scope(filters)
    if unit is None:
        return None
    worst_first = sorted(statuses, key=lambda code: -(LAGGING_STATUSES.index(code)
                                                      if code in LAGGING_STATUSES else -1))
    return totals.locate(kind, period.pk, unit, worst_first, start, size)


def _page_number(page: int, total: int, size: int) -> int:
    return min(max(1, page), max(1, -(-total // size)))


def _leads(task_ids: list[int]) -> dict[int, list[str]]:
    """Lead units' printed names of the given tasks (one query)."""
    out: dict[int, list[str]] = {}
    for task_id, name in (Assignment.objects.active().filter(task_id__in=task_ids, role=Role.LEAD)
                          .order_by("id").values_list("task_id", "printed_name")):
        out.setdefault(task_id, []).append(name)
    return out


def _last_progress(rows: list[BoardRow], period: Period) -> None:
    """Fill each row with the latest non-empty progress up to ``period``, a lead unit's first
    (one query over at most a page of tasks × the year's periods)."""
    task_ids = [r.task_id for r in rows]
    lead_pairs = set(Assignment.objects.active().filter(task_id__in=task_ids, role=Role.LEAD)
                     .values_list("task_id", "unit_id"))
    reports = (Report.objects.active()
               .filter(task_id__in=task_ids, period__kind=period.kind,
                       period__due_date__lte=period.due_date)
               .exclude(text="")
               .order_by("task_id", "-period__due_date", "id")
               .values("task_id", "unit_id", "unit__name", "period__year", "period__kind",
                       "period__index", "period__due_date", "confidence", "next_milestone",
                       "next_milestone_date", short=Substr("text", 1, 160)))
    best: dict[int, tuple[tuple[Any, bool], dict[str, Any]]] = {}
    for rep in reports:
        key = (rep["period__due_date"], (rep["task_id"], rep["unit_id"]) in lead_pairs)
        held = best.get(rep["task_id"])
        if held is None or key > held[0]:
            best[rep["task_id"]] = (key, rep)
    for row in rows:
        held = best.get(row.task_id)
        if held is None:
            continue
        rep = held[1]
        label = Period(year=rep["period__year"], kind=rep["period__kind"],
                       index=rep["period__index"]).label
        row.progress, row.progress_period, row.progress_unit = rep["short"], label, \
            rep["unit__name"]
        row.confidence = Confidence(rep["confidence"]).label if rep["confidence"] else ""
        row.next_milestone = rep["next_milestone"]
        row.next_milestone_date = rep["next_milestone_date"]


def task_board(*, period: Period, filters: CockpitFilters, page: int = 1,
               size: int = PAGE_SIZE) -> Page:
    """Tasks of a period that are not done, lagging or a problem (or of the chosen status),
    worst first, with lead units and last progress; a constant number of queries per page."""
    statuses = (filters.status,) if filters.status else LAGGING_STATUSES
    qs = _assessments(period=period, filters=filters).filter(status__in=statuses)
    counts = status_distribution(period=period, filters=filters)
    total = sum(counts[code] for code in statuses)
    number = _page_number(page, total, size)
    start = (number - 1) * size
    rows = BoardRow.page(qs, start, size, _located("so", period, filters, statuses, start, size))
    leads = _leads([r.task_id for r in rows])
    for row in rows:
        row.leads = leads.get(row.task_id, [])
    _last_progress(rows, period)
    return Page(rows, total, number, size)


# ---------------------------------------------------------------- recurring laggards


def _recurring(*, period: Period, previous: Period, filters: CockpitFilters) -> Any:
    earlier = Assessment.objects.active().filter(task_id=OuterRef("task_id"), period=previous,
                                                 status__in=RECURRING_STATUSES)
    return (_assessments(period=period, filters=filters)
            .filter(status__in=RECURRING_STATUSES).filter(Exists(earlier)))


def recurring_laggards(*, period: Period, filters: CockpitFilters, page: int = 1,
                       size: int = PAGE_SIZE) -> Page:
    """Tasks lagging or a problem in this period and the one before (连续滞后), with how many
    consecutive periods and the causes the office recorded."""
    previous = period_previous(period=period)
    if previous is None:
        return Page([], 0, 1, size)
    qs = _recurring(period=period, previous=previous, filters=filters)
    total = recurring_total(period=period, previous=previous, filters=filters)
    number = _page_number(page, total, size)
    start = (number - 1) * size
    rows = BoardRow.page(qs, start, size, _located("rs", period, filters, RECURRING_STATUSES,
                                                   start, size))
    task_ids = [r.task_id for r in rows]
    leads = _leads(task_ids)
    history: dict[int, list[tuple[str, str]]] = {}
    for task_id, status, cause in (
            Assessment.objects.active()
            .filter(task_id__in=task_ids, period__kind=period.kind,
                    period__due_date__lte=period.due_date)
            .order_by("task_id", "-period__due_date")
            .values_list("task_id", "status", "cause__name")):
        history.setdefault(task_id, []).append((status, cause or ""))
    for row in rows:
        row.leads = leads.get(row.task_id, [])
        streak, causes = 0, []
        for status, cause in history.get(row.task_id, []):
            if status not in RECURRING_STATUSES:
                break
            streak += 1
            if cause and cause not in causes:
                causes.append(cause)
        row.streak, row.causes = streak, causes
    _last_progress(rows, period)
    return Page(rows, total, number, size)


def recurring_causes(*, period: Period, filters: CockpitFilters) -> list[tuple[str, int]]:
    """Recurring laggards of a period counted by the cause recorded this period."""
    unit = tally_scope(filters)
    if unit is not None:  # counted only where a previous period exists: no look-up needed
        names = dict(LagCause.objects.values_list("id", "name"))
        by_name: dict[str | None, int] = {}
        for _s, _k, cause_id, n in totals.cells("rc", period.pk, unit):
            name = names.get(cause_id)
            by_name[name] = by_name.get(name, 0) + n
        ordered = sorted(by_name.items(), key=lambda item: (-item[1], item[0] is not None,
                                                            item[0] or ""))
        return [(name or "未记录原因", n) for name, n in ordered]
    previous = period_previous(period=period)
    if previous is None:
        return []
    rows = (_recurring(period=period, previous=previous, filters=filters)
            .values("cause__name").annotate(n=Count("id"))
            .order_by("-n", F("cause__name").asc(nulls_first=True)))  # as the totals: 未记录 first
    return [(row["cause__name"] or "未记录原因", row["n"]) for row in rows]


def recurring_total(*, period: Period, previous: Period, filters: CockpitFilters) -> int:
    """How many tasks of a period lag for the second period running (连续滞后)."""
    unit = tally_scope(filters)
    if unit is not None:
        return sum(n for _s, _k, _r, n in totals.cells("rc", period.pk, unit))
    count: int = _recurring(period=period, previous=previous, filters=filters).count()
    return count


def lagging_total(*, period: Period, filters: CockpitFilters | None = None) -> int:
    """How many tasks of a period are not done, lagging or a problem."""
    counts = status_distribution(period=period, filters=filters)
    return sum(counts[code] for code in LAGGING_STATUSES)
