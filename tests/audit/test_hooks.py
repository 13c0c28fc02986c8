"""Logins, failures, logouts, denials and the auditor's pages and exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from ducha.audit.models import AuditEvent
from ducha.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


def test_login_success_failure_and_logout_are_recorded(world, password):
    client = Client()
    client.post("/accounts/login/", {"username": "office", "password": "Wrong-Secret-77"},
                REMOTE_ADDR="10.4.4.4")
    client.post("/accounts/login/", {"username": "office", "password": password},
                REMOTE_ADDR="10.4.4.4")
    client.post("/accounts/logout/", REMOTE_ADDR="10.4.4.4")
    rows = list(AuditEvent.objects.order_by("id").values_list(
        "action", "result", "actor_username", "address"))
    assert rows == [("login_failure", "failure", "office", "10.4.4.4"),
                    ("login_success", "success", "office", "10.4.4.4"),
                    ("logout", "success", "office", "10.4.4.4")]
    assert "Wrong-Secret" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_a_denied_page_is_recorded_with_who_and_where(world):
    client = Client()
    client.force_login(world.reporter_a)
    assert client.get("/office/", REMOTE_ADDR="10.5.5.5").status_code == 403
    event = AuditEvent.objects.get(action="permission_denied")
    assert (event.actor_username, event.role, event.address, event.result) == (
        "rep_a", "reporter", "10.5.5.5", "denied")
    assert event.detail["path"] == "/office/"


def test_the_auditor_reads_and_filters_the_log(world, admins, login_as):
    audit_record(action="bulletin_issue", by=world.supervisor, detail={"期": 1})
    audit_record(action="export", by=world.leader)
    client = login_as(admins.auditor)
    body = client.get("/audit/").content.decode()
    assert "<td>签发通报</td>" in body and "<td>导出数据</td>" in body
    body = client.get("/audit/?action=bulletin_issue").content.decode()
    assert "<td>签发通报</td>" in body and "<td>导出数据</td>" not in body


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_neutralise_formulas_and_are_audited(world, admins, login_as, fmt):
    client = Client()
    client.post("/accounts/login/", {"username": "=HYPERLINK(\"http://x\")", "password": "x"})
    response = login_as(admins.auditor).get(f"/audit/export.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [c for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        values = [c.value for c in cells]
    else:
        values = [v for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                  for v in row]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert AuditEvent.objects.filter(action="audit_export", actor=admins.auditor).exists()
    assert audit_verify().ok


def test_unknown_export_format_is_404(world, admins, login_as):
    assert login_as(admins.auditor).get("/audit/export.json").status_code == 404


def test_audit_page_escapes_what_users_typed(world, admins, login_as):
    Client().post("/accounts/login/", {"username": "<img src=x onerror=alert(1)>",
                                       "password": "x"})
    body = login_as(admins.auditor).get("/audit/").content.decode()
    assert "<img src=x" not in body and "&lt;img src=x" in body
