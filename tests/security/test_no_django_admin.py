"""The Django admin is closed to every role: it would sidestep 三权分立, the services and the audit.

Nobody reaches /admin/ (it is not mounted), and no account may carry ``is_staff`` or
``is_superuser`` (a database constraint), so mounting it again would still let nobody in.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from ducha.accounts.models import User
from ducha.accounts.services import supervisor_create
from ducha.choices import UserRole
from ducha.security.services import account_create, admin_create

PERSONAS = ["anonymous", "supervisor", "leader", "reporter_a", "sysadmin", "secadmin", "auditor"]
ADMIN_URLS = ["/admin/", "/admin/login/", "/admin/accounts/user/", "/admin/accounts/user/add/",
              "/admin/audit/auditevent/", "/admin/security/lockout/", "/admin/ledger/task/"]


def _client(world, admins, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(admins, persona, None) or getattr(world, persona))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_role_reaches_the_django_admin(world, admins, persona):
    client = _client(world, admins, persona)
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"username": "x", "role": UserRole.SECADMIN}).status_code == 404


@pytest.mark.django_db
def test_the_admin_login_does_not_sign_anyone_in(world, password):
    client = Client()
    response = client.post("/admin/login/", {"username": world.supervisor.username,
                                             "password": password})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_no_service_or_command_creates_an_admin_flag(world, admins, capsys):
    office, _pw = supervisor_create(username="office2")
    sysadmin, _pw = admin_create(username="xitong2", role=UserRole.SYSADMIN)
    reporter = account_create(username="lly2", display_name="", phone="",
                              role=UserRole.REPORTER, unit=world.unit_a, by=admins.sysadmin)
    call_command("init", "--username", "duchashi2")
    capsys.readouterr()
    created = [office, sysadmin, reporter, User.objects.get(username="duchashi2")]
    assert [(u.is_staff, u.is_superuser) for u in created] == [(False, False)] * 4
    assert not User.objects.filter(is_staff=True).exists()
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True}])
def test_the_database_refuses_the_admin_flags(world, flags):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=world.supervisor.pk).update(**flags)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="root", role=UserRole.SYSADMIN, **flags)


@pytest.mark.django_db
def test_createsuperuser_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_superuser("root", password="Xx-12345678", role=UserRole.SYSADMIN)
    assert not User.objects.filter(username="root").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_clears_flags_left_by_earlier_versions():
    """Supervisors used to get ``is_staff``; upgrading clears it before the constraint."""
    before = [("accounts", "0003_roles_and_forced_password_change")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_user = executor.loader.project_state(before).apps.get_model("accounts", "User")
        old_user.objects.create(username="old_office", role=UserRole.SUPERVISOR,
                                is_staff=True, is_superuser=True)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    user = User.objects.get(username="old_office")
    assert (user.is_staff, user.is_superuser) == (False, False)
