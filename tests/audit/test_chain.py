"""The audit log is append-only and hash-chained; verify names the first tampered row."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ducha.audit.models import GENESIS_HASH, AuditEvent, AuditLogImmutableError
from ducha.audit.services import audit_prune, audit_record, audit_verify, event_hash
from ducha.base import DuchaError

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def events(world) -> list[AuditEvent]:
    return [audit_record(action="status_decide", by=world.supervisor, obj=world.task_a,
                         detail={"status": "done", "n": i, "文本": "已完成"},
                         at=T0 + dt.timedelta(days=i))
            for i in range(6)]


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_rows_are_chained_from_the_genesis(events):
    assert events[0].prev_hash == GENESIS_HASH
    for prev, row in itertools.pairwise(events):
        assert row.prev_hash == prev.hash
    stored = AuditEvent.objects.get(pk=events[2].pk)
    assert event_hash(stored) == stored.hash  # the hash survives the database round trip
    assert stored.actor_username == "office" and stored.role == "supervisor"
    assert stored.object_type == "ledger.Task" and stored.object_repr
    report = audit_verify()
    assert report.ok and report.count == 6 and report.last_id == events[-1].pk


def test_the_product_cannot_update_or_delete_a_row(events):
    row = AuditEvent.objects.get(pk=events[0].pk)
    row.result = "failure"
    with pytest.raises(AuditLogImmutableError):
        row.save()
    with pytest.raises(AuditLogImmutableError):
        row.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditEvent.objects.filter(pk=row.pk).update(result="failure")
    with pytest.raises(AuditLogImmutableError):
        AuditEvent.objects.all().delete()
    assert audit_verify().ok


def test_a_row_changed_in_the_database_is_named(events):
    _sql("UPDATE audit_auditevent SET detail = %s WHERE id = %s",
         ['{"status": "not_done"}', events[3].pk])
    report = audit_verify()
    assert not report.ok and report.broken_id == events[3].pk
    with pytest.raises(CommandError, match=f"#{events[3].pk}"):
        call_command("audit", "verify")


def test_a_row_changed_with_its_hash_recomputed_breaks_the_next_link(events):
    row = AuditEvent.objects.get(pk=events[2].pk)
    row.actor_username = "someone_else"
    _sql("UPDATE audit_auditevent SET actor_username = %s, hash = %s WHERE id = %s",
         ["someone_else", event_hash(row), row.pk])
    report = audit_verify()
    assert report.broken_id == events[3].pk and f"#{events[2].pk}" in report.problem


def test_a_row_removed_from_the_middle_is_detected(events):
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert audit_verify().broken_id == events[3].pk


def test_rows_removed_from_the_start_or_the_end_are_detected(events):
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert "被删除" in audit_verify().problem
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    assert not audit_verify().ok


def test_prune_keeps_at_least_180_days(events):
    with pytest.raises(DuchaError, match="180"):
        audit_prune(older_than_days=179, now=T0 + dt.timedelta(days=400))
    with pytest.raises(CommandError, match="180"):
        call_command("audit", "prune", "--older-than-days", "30")
    assert AuditEvent.objects.count() == 6


def test_prune_removes_only_older_rows_and_the_chain_still_verifies(events):
    now = T0 + dt.timedelta(days=182, hours=1)  # rows of days 0, 1, 2 are older than 180 days
    removed = audit_prune(older_than_days=180, now=now)
    assert removed == 3
    remaining = list(AuditEvent.objects.values_list("action", flat=True))
    assert remaining == ["status_decide"] * 3 + ["audit_prune"]
    assert audit_verify().ok
    assert audit_prune(older_than_days=180, now=now) == 0


def test_a_forged_start_after_pruning_is_still_detected(events):
    audit_prune(older_than_days=180, now=T0 + dt.timedelta(days=183, hours=1))
    first = AuditEvent.objects.order_by("id").first()
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [first.pk])
    assert not audit_verify().ok


def test_record_refuses_bad_arguments(world):
    with pytest.raises(DuchaError):
        audit_record(action="", by=None)
    with pytest.raises(DuchaError):
        audit_record(action="x", by=None, result="maybe")


def test_non_json_detail_is_stored_as_text(world):
    event = audit_record(action="import", by=world.supervisor,
                         detail={"when": dt.date(2026, 3, 31), "rows": 12})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.detail == {"when": "2026-03-31", "rows": 12}
    assert audit_verify().ok


def test_the_django_admin_offers_no_way_to_the_audit_log(world, admins, events):
    """The read-only admin does not list the log: only the auditor's own pages show it."""
    from django.contrib import admin
    from django.test import Client

    assert AuditEvent not in admin.site._registry
    before = AuditEvent.objects.count()
    for user in (admins.auditor, admins.sysadmin, admins.secadmin, world.supervisor):
        client = Client()
        client.force_login(user)
        for url in ("/admin/audit/auditevent/", "/admin/audit/auditevent/1/delete/"):
            assert client.get(url, follow=True).status_code in (403, 404)
            assert client.post(url, {"post": "yes"}, follow=True).status_code in (403, 404)
    assert AuditEvent.objects.count() >= before  # nothing removed (reads may add denials)
    assert audit_verify().ok


def test_export_command_writes_a_file(events, tmp_path):
    call_command("audit", "export", str(tmp_path / "log.csv"))
    text = (tmp_path / "log.csv").read_text(encoding="utf-8-sig")
    assert text.count("评定状态") == 6
    with pytest.raises(CommandError, match=r"\.xlsx 或 \.csv"):
        call_command("audit", "export", str(tmp_path / "log.json"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(world):
    """Two servers appending at once never share a prev_hash (the chain head is locked)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections are exercised in the PostgreSQL run")
    import threading

    from django.db import connections

    def writer(n: int) -> None:
        try:
            for i in range(25):
                audit_record(action="report_submit", by=None, detail={"writer": n, "i": i})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert AuditEvent.objects.filter(action="report_submit").count() == 75
    assert audit_verify().ok
