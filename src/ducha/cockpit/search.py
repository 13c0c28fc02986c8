"""Full-text search over tasks and progress reports, within what the user may see.

Terms of three characters or more go through the trigram index (FTS5 on SQLite, pg_trgm on
PostgreSQL, see ``search_index``); shorter terms fall back to ``LIKE``. Several terms separated
by spaces must all occur. Tasks are limited by ``visible_tasks`` and reports by
``visible_reports``, so a reporter finds only its own unit's work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import format_html, format_html_join

from ducha.accounts.permissions import visible_reports, visible_tasks

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    from ducha.accounts.models import User

MIN_TRIGRAM = 3
MAX_TERMS = 5
RESULT_LIMIT = 50
EXCERPT = 60


class ILike(Lookup):
    """``lhs ILIKE rhs`` (PostgreSQL), which a GIN trigram index can serve."""

    lookup_name = "ducha_ilike"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def search_terms(q: str) -> list[str]:
    """The distinct terms of a query, at most five, in order."""
    terms: list[str] = []
    for term in q.split():
        if term not in terms:
            terms.append(term[:100])
    return terms[:MAX_TERMS]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    """An FTS5 string literal: the term in double quotes, inner quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


NEWEST_MATCHES = 2000


def _match(qs: QuerySet[Any], columns: tuple[str, ...], fts: str, terms: list[str],
           newest: int | None = None) -> QuerySet[Any]:
    """Filter ``qs`` to rows containing every term in one of ``columns`` (on SQLite, only
    among the ``newest`` matches of the index when given: a common term matches tens of
    thousands of reports, and the page shows the newest fifty)."""
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    if connection.vendor == "sqlite" and long_terms:
        expression = " AND ".join(_fts_phrase(t) for t in long_terms)
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608 - fts is ours
        params: list[Any] = [expression]
        if newest:
            sql += " ORDER BY rowid DESC LIMIT %s"
            params.append(newest)
        qs = qs.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - parameterised
    else:
        short_terms = terms
    for term in short_terms:
        any_column = Q()
        for column in columns:
            if connection.vendor == "postgresql":
                any_column |= Q(ILike(F(column), Value(_like_pattern(term))))
            else:
                any_column |= Q(**{f"{column}__icontains": term})
        qs = qs.filter(any_column)
    return qs


@dataclass
class SearchHit:
    """A task or a report that matched, with a short excerpt around the first match."""

    kind: str  # "task" or "report"
    task_id: int
    title: str
    source: str
    excerpt: SafeString
    unit: str = ""
    period: str = ""
    report_id: int | None = None


@dataclass
class SearchResults:
    q: str
    terms: list[str]
    tasks: list[SearchHit] = field(default_factory=list)
    reports: list[SearchHit] = field(default_factory=list)
    more_tasks: bool = False
    more_reports: bool = False
    method: str = ""  # shown to the office: which index served the query


def excerpt(text: str, terms: list[str], width: int = EXCERPT) -> SafeString:
    """A window of ``text`` around the first term, every term marked; all of it escaped."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    hits = [lowered.find(t.lower()) for t in terms]
    found = [h for h in hits if h >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    window = text[start:start + width * 2]
    parts: list[tuple[str, bool]] = []
    position = 0
    low = window.lower()
    while position < len(window):
        nearest = min(((low.find(t.lower(), position), t) for t in terms
                       if low.find(t.lower(), position) >= 0), default=None)
        if nearest is None:
            parts.append((window[position:], False))
            break
        at, term = nearest
        if at > position:
            parts.append((window[position:at], False))
        parts.append((window[at:at + len(term)], True))
        position = at + len(term)
    body = format_html_join("", "{}", ((format_html("<mark>{}</mark>", p) if marked
                                         else p,) for p, marked in parts))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width * 2 < len(text) else ""
    return format_html("{}{}{}", prefix, body, suffix)


def search(*, user: User, q: str, limit: int = RESULT_LIMIT) -> SearchResults:
    """Tasks and reports matching every term of ``q`` that ``user`` may see (newest first)."""
    terms = search_terms(q)
    results = SearchResults(q=q, terms=terms)
    if not terms:
        return results
    indexed = any(len(t) >= MIN_TRIGRAM for t in terms)
    results.method = ("三字索引" if indexed else "模糊匹配") + (
        "(FTS5)" if connection.vendor == "sqlite" and indexed else
        "(pg_trgm)" if connection.vendor == "postgresql" and indexed else "")
    tasks = _newest(lambda newest: _match(visible_tasks(user), ("title", "text"),
                                          "cockpit_task_fts", terms, newest)
                    .select_related("source").order_by("-id"), limit)
    results.more_tasks = len(tasks) > limit
    results.tasks = [
        SearchHit("task", t.pk, str(t), t.source.title,
                  excerpt(t.text if _contains_any(t.text, terms) else t.title, terms))
        for t in tasks[:limit]]
    reports = _newest(lambda newest: _match(visible_reports(user), ("text",),
                                            "cockpit_report_fts", terms, newest)
                      .select_related("task", "task__source", "unit", "period")
                      .order_by("-id"), limit)
    results.more_reports = len(reports) > limit
    results.reports = [
        SearchHit("report", r.task_id, str(r.task), r.task.source.title, excerpt(r.text, terms),
                  unit=r.unit.name, period=r.period.label, report_id=r.pk)
        for r in reports[:limit]]
    return results


def _newest(build: Callable[[int | None], QuerySet[Any]], limit: int) -> list[Any]:
    """The newest ``limit + 1`` rows: first among the index's newest matches, and only when
    those do not fill the page (a reporter's own rows may be older) among all of them."""
    rows = list(build(NEWEST_MATCHES)[:limit + 1])
    if len(rows) <= limit:
        rows = list(build(None)[:limit + 1])
    return rows


def _contains_any(text: str, terms: list[str]) -> bool:
    lowered = (text or "").lower()
    return any(t.lower() in lowered for t in terms)

