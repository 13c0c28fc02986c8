"""The full-text index behind cockpit search: FTS5 trigram on SQLite, pg_trgm on PostgreSQL.

No word segmenter is needed for Chinese: both engines index every three-character sequence.

SQLite: two external-content FTS5 tables (``cockpit_task_fts`` over ``ledger_task.title`` and
``text``; ``cockpit_report_fts`` over ``reporting_report.text``), kept in sync by triggers, so
no text is stored twice. Django rebuilds a SQLite table to alter it, which drops its triggers;
``ensure_search_index`` therefore also runs after every ``migrate`` (post_migrate) and rebuilds
the index when a trigger had gone missing.

PostgreSQL: the ``pg_trgm`` extension and GIN trigram indexes on the same columns, which serve
``ILIKE '%…%'`` for terms of three characters or more. Creating the extension needs a role
allowed to; without it search still works, by scanning.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)

SQLITE_TABLES = {
    "cockpit_task_fts": ("ledger_task", ("title", "text")),
    "cockpit_report_fts": ("reporting_report", ("text",)),
}
PG_INDEXES = {
    "cockpit_task_title_trgm": ("ledger_task", "title"),
    "cockpit_task_text_trgm": ("ledger_task", "text"),
    "cockpit_report_text_trgm": ("reporting_report", "text"),
}


def _sqlite_statements(fts: str, table: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"{delete} {insert} END",
    ]


def _sqlite(cursor: Any) -> None:
    for fts, (table, columns) in SQLITE_TABLES.items():
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name IN (%s, %s)",
                       [fts, table])
        present = {row[0] for row in cursor.fetchall()}
        if table not in present:
            continue
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger' "
                       "AND tbl_name=%s AND name LIKE %s", [table, f"{fts}_%"])
        triggers = cursor.fetchone()[0]
        if fts not in present:
            cursor.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
                           f"content='{table}', content_rowid='id', tokenize='trigram')")
        for statement in _sqlite_statements(fts, table, columns):
            cursor.execute(statement)
        if fts not in present or triggers < 3:
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES('rebuild')")


def _postgres(cursor: Any) -> None:
    cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
                   [list(PG_INDEXES)])
    present = {row[0] for row in cursor.fetchall()}
    if present == set(PG_INDEXES):
        return  # nothing to do (and CREATE INDEX would refuse inside a busy transaction)
    try:
        with transaction.atomic():
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:
        log.warning("pg_trgm 扩展无法创建(%s);全文检索将不使用索引。", exc)
        return
    for name, (table, column) in PG_INDEXES.items():
        if name in present:
            continue
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                       f"USING gin ({column} gin_trgm_ops)")


def ensure_search_index(connection: Any) -> None:
    """Create (or repair) the search index on this connection's database; idempotent."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite(cursor)
        elif connection.vendor == "postgresql":
            _postgres(cursor)


def drop_search_index(connection: Any) -> None:
    """Remove what ``ensure_search_index`` created (the migration's reverse)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for fts in SQLITE_TABLES:
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
        elif connection.vendor == "postgresql":
            for name in PG_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
