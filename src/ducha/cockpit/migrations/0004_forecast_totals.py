from django.db import migrations


def build_totals(apps, schema_editor):
    """Recount the running totals: they now hold forecasts against actuals as well."""
    from ducha.cockpit.totals import rebuild

    rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('cockpit', '0003_tally'),
        ('reporting', '0005_indicator_forecast'),
    ]

    operations = [
        migrations.RunPython(build_totals, migrations.RunPython.noop),
    ]
