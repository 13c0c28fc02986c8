"""Clear the Django admin flags on existing accounts before the constraint forbids them.

Earlier versions gave supervisors ``is_staff``; the admin is no longer mounted and no
account may carry these flags (三权分立 is enforced by Ducha's own pages only).
"""

from django.db import migrations


def clear_flags(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_staff=True).update(is_staff=False)
    User.objects.filter(is_superuser=True).update(is_superuser=False)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_roles_and_forced_password_change"),
    ]

    operations = [
        migrations.RunPython(clear_flags, migrations.RunPython.noop),
    ]
