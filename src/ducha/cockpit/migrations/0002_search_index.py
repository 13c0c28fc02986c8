"""Full-text search index: FTS5 trigram tables and triggers on SQLite, pg_trgm GIN indexes on
PostgreSQL (each only on its own engine; see ducha.cockpit.search_index)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from ducha.cockpit.search_index import ensure_search_index

    ensure_search_index(schema_editor.connection)


def backwards(apps, schema_editor):
    from ducha.cockpit.search_index import drop_search_index

    drop_search_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cockpit", "0001_initial"),
        ("ledger", "0004_indicator_baselines"),
        ("reporting", "0003_default_lag_causes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
