"""The Django admin is a read-only 数据查看 for the system administrator and closed to others.

It would otherwise sidestep 三权分立, the services and the audit: no role can add, change or
delete through it, accounts and the audit log are not in it, and no account may carry
``is_staff`` or ``is_superuser`` (a database constraint): access is decided by the role.
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

OTHERS = ["supervisor", "leader", "reporter_a", "secadmin", "auditor"]
NOT_LISTED = ["/admin/accounts/user/", "/admin/audit/auditevent/", "/admin/security/lockout/",
              "/admin/security/totpdevice/"]


def _client(world, admins, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(admins, persona, None) or getattr(world, persona))
    return client


@pytest.mark.django_db
def test_the_system_administrator_reads_records_in_chinese(world, admins):
    client = _client(world, admins, "sysadmin")
    index = client.get("/admin/").content.decode()
    assert "只读数据查看" in index and "督办事项" in index
    listing = client.get("/admin/ledger/task/")
    assert listing.status_code == 200 and "甲局独办事项" in listing.content.decode()
    page = client.get(f"/admin/ledger/task/{world.task_a.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    history = client.get(f"/admin/ledger/task/{world.task_a.pk}/history/")
    assert history.status_code == 200


@pytest.mark.django_db
def test_nobody_adds_changes_or_deletes_through_it(world, admins):
    client = _client(world, admins, "sysadmin")
    task = f"/admin/ledger/task/{world.task_a.pk}"
    assert client.get("/admin/ledger/task/add/").status_code == 403
    assert client.post("/admin/ledger/task/add/", {"title": "新事项"}).status_code == 403
    assert client.post(f"{task}/change/", {"title": "改名"}).status_code == 403
    assert client.post(f"{task}/delete/", {"post": "yes"}).status_code == 403
    world.task_a.refresh_from_db()
    assert world.task_a.title == "甲局独办事项"
    for url in NOT_LISTED:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("persona", OTHERS)
def test_other_roles_are_refused(world, admins, persona):
    client = _client(world, admins, persona)
    for url in ["/admin/", "/admin/ledger/task/", *NOT_LISTED]:
        assert client.get(url, follow=True).status_code == 403, url
        assert client.post(url, {"username": "x", "role": UserRole.SECADMIN},
                           follow=True).status_code == 403, url


@pytest.mark.django_db
def test_the_admin_login_does_not_sign_anyone_in(world, password):
    client = Client()
    response = client.post("/admin/login/", {"username": world.supervisor.username,
                                             "password": password})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
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
