"""The office's default short list of causes for lagging items; the office can edit it."""

from django.db import migrations

DEFAULT_CAUSES = ("资金", "用地", "审批", "协调", "其他")


def add_causes(apps, schema_editor):
    LagCause = apps.get_model("reporting", "LagCause")
    for position, name in enumerate(DEFAULT_CAUSES, start=1):
        LagCause.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_workflow")]
    operations = [migrations.RunPython(add_causes, migrations.RunPython.noop)]
