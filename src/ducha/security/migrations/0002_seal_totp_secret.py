"""Store TOTP secrets sealed (AES-256-GCM, key derived from SECRET_KEY) instead of plain.

Existing plain secrets are sealed in place, so enrolled phones keep working; going back
unseals them again.
"""

from django.db import migrations, models

from ducha.security.models import TOTP_PURPOSE, totp_context
from ducha.security.sealing import is_sealed, seal, unseal


def seal_existing(apps, schema_editor):
    TotpDevice = apps.get_model("security", "TotpDevice")
    for device in TotpDevice.objects.all():
        if not is_sealed(device.sealed_secret):
            device.sealed_secret = seal(device.sealed_secret, purpose=TOTP_PURPOSE,
                                        context=totp_context(device.user_id))
            device.save(update_fields=["sealed_secret"])


def unseal_existing(apps, schema_editor):
    TotpDevice = apps.get_model("security", "TotpDevice")
    for device in TotpDevice.objects.all():
        if is_sealed(device.sealed_secret):
            device.sealed_secret = unseal(device.sealed_secret, purpose=TOTP_PURPOSE,
                                          context=totp_context(device.user_id))
            device.save(update_fields=["sealed_secret"])


class Migration(migrations.Migration):

    dependencies = [
        ("security", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="totpdevice",
            old_name="secret",
            new_name="sealed_secret",
        ),
        migrations.AlterField(
            model_name="totpdevice",
            name="sealed_secret",
            field=models.CharField(max_length=200, verbose_name="密钥(加密存储)"),
        ),
        migrations.RunPython(seal_existing, unseal_existing),
    ]
