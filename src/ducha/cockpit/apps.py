"""The leaders' cockpit (领导驾驶舱): status at a glance, unit ranking, indicators, search."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_index(using: str = "default", **_kwargs: Any) -> None:
    """Re-create search triggers that a SQLite table rebuild dropped (see search_index)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from ducha.cockpit.search_index import ensure_search_index

    connection = connections[using]
    recorder = MigrationRecorder(connection)
    if not recorder.has_table() or not recorder.migration_qs.filter(
            app="cockpit", name="0002_search_index").exists():
        return
    ensure_search_index(connection)


class CockpitConfig(AppConfig):
    name = "ducha.cockpit"
    label = "cockpit"
    verbose_name = "领导驾驶舱"

    def ready(self) -> None:
        post_migrate.connect(_repair_search_index, sender=self,
                             dispatch_uid="cockpit-search-index")
        from ducha.cockpit.signals import connect

        connect()  # the running totals follow every saved row
