"""TOTP secrets are stored sealed (AES-256-GCM, key from SECRET_KEY): never plain in the database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from ducha.security.models import TotpDevice
from ducha.security.sealing import SealError, seal, unseal
from ducha.security.totp import totp_code, totp_verify

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _column(user_id: int) -> str:
    """The value as the database holds it, read past the model."""
    table = connection.ops.quote_name(TotpDevice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sealed_secret FROM {table} WHERE user_id = %s", [user_id])
        return cursor.fetchone()[0]


def _table_text() -> str:
    table = connection.ops.quote_name(TotpDevice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return repr(cursor.fetchall())


@pytest.mark.django_db
def test_an_enrolled_secret_is_never_in_the_database_and_codes_still_work(world, password,
                                                                          settings):
    settings.DUCHA_REQUIRE_2FA = True
    client = Client()
    with time_machine.travel(T0, tick=False):
        client.post("/accounts/login/", {"username": "office", "password": password})
        page = client.get("/security/2fa/enrol/").content.decode()
        device = TotpDevice.objects.get(user=world.supervisor)
        plain = device.secret
        assert plain in page  # the user sees it once, to type into the phone
        stored = _column(world.supervisor.pk)
        assert stored.startswith("v1$") and plain not in stored
        assert plain not in _table_text()
        assert client.post("/security/2fa/enrol/",
                           {"code": totp_code(plain, now=T0)}).status_code == 302
    later = T0 + dt.timedelta(hours=1)
    assert totp_verify(user=world.supervisor, code=totp_code(plain, now=later), now=later)
    assert not totp_verify(user=world.supervisor, code="000000", now=later)
    assert plain not in _table_text()


@pytest.mark.django_db
def test_each_seal_differs_and_a_sealed_value_moved_to_another_user_does_not_open(world):
    first = TotpDevice.objects.create(user=world.supervisor, secret=SECRET, confirmed_at=T0)
    second = TotpDevice.objects.create(user=world.leader, secret=SECRET, confirmed_at=T0)
    assert first.sealed_secret != second.sealed_secret  # a fresh nonce each time
    TotpDevice.objects.filter(pk=second.pk).update(sealed_secret=first.sealed_secret)
    second.refresh_from_db()
    with pytest.raises(SealError):
        _ = second.secret
    code = totp_code(SECRET, now=T0)
    assert not totp_verify(user=world.leader, code=code, now=T0)  # refused, not a server error
    assert totp_verify(user=world.supervisor, code=code, now=T0)


def test_the_key_comes_from_secret_key_and_its_fallbacks(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    sealed = seal(SECRET, purpose="totp-secret", context="c")
    with pytest.raises(SealError):
        unseal(sealed, purpose="other-purpose", context="c")  # the purpose label matters
    settings.SECRET_KEY = "new-key-" + "y" * 50
    with pytest.raises(SealError):
        unseal(sealed, purpose="totp-secret", context="c")
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert unseal(sealed, purpose="totp-secret", context="c") == SECRET


def test_a_tampered_value_does_not_open():
    sealed = seal(SECRET, purpose="totp-secret", context="c")
    i = 30  # a character inside the ciphertext
    flipped = sealed[:i] + ("A" if sealed[i] != "A" else "B") + sealed[i + 1:]
    for bad in (flipped, SECRET, "v1$not-base64!", "v1$"):
        with pytest.raises(SealError):
            unseal(bad, purpose="totp-secret", context="c")


@pytest.mark.django_db
def test_an_unopenable_unconfirmed_device_gets_a_fresh_secret_on_enrolment(world, settings):
    from ducha.security.totp import totp_device_start

    device = TotpDevice.objects.create(user=world.supervisor, secret=SECRET)
    settings.SECRET_KEY = "another-key-" + "z" * 50
    restarted = totp_device_start(user=world.supervisor)
    assert restarted.pk == device.pk and restarted.secret != SECRET


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_secrets_stored_plain_by_earlier_versions(world):
    before = [("security", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_device = executor.loader.project_state(before).apps.get_model("security",
                                                                          "TotpDevice")
        old_device.objects.create(user_id=world.supervisor.pk, secret=SECRET,
                                  confirmed_at=T0)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    stored = _column(world.supervisor.pk)
    assert stored.startswith("v1$") and SECRET not in stored
    device = TotpDevice.objects.get(user=world.supervisor)
    assert device.secret == SECRET
    assert totp_verify(user=world.supervisor, code=totp_code(SECRET, now=T0), now=T0)
