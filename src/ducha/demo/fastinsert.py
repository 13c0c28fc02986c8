"""Plain bulk inserts for benchmark-scale demo data (a million reports).

Django's ``bulk_create`` builds a model instance per row and prepares every value through the
field machinery; at a million rows that dominates. Here rows are dicts; columns and their
converters are worked out once per model from its concrete fields, missing columns take the
field's default, and the rows go through ``executemany`` on Django's own connection (same
transaction, any engine). New fields with defaults need no change here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

Converter = Callable[[Any], Any]


def _converter(field: models.Field) -> Converter | None:  # type: ignore[type-arg]
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        @functools.lru_cache(maxsize=4096)  # demo timestamps repeat: convert each one once
        def datetime_value(value: Any) -> Any:
            if value is not None and timezone.is_naive(value):
                value = timezone.make_aware(value)
            return ops.adapt_datetimefield_value(value)
        return datetime_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def fast_insert(model: type[models.Model], rows: Iterable[dict[str, Any]],
                *, batch: int = 5000) -> int:
    """Insert ``rows`` (dicts keyed by attname) into ``model``'s table; returns the count."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None
    converters = [(f.attname, _converter(f)) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    count = 0
    chunk: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for name, convert in converters:
                value = row.get(name, defaults[name])
                values.append(convert(value) if convert and value is not None else value)
            chunk.append(tuple(values))
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
