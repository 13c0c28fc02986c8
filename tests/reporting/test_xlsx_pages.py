"""The ledger pages: who may download and upload, the dry run, the confirm step, no inline
script. Every new route joins the persona matrix (anonymous, office, leader, two reporters)."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ducha.choices import ReportState
from ducha.reporting.models import Report

from .test_xlsx_roundtrip import Filled, export, values

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "supervisor", "leader", "reporter_a", "reporter_b")

# route → persona → expected status for GET
MATRIX = {
    "/duban/ledger/": {"anonymous": 302, "supervisor": 200, "leader": 200, "reporter_a": 200,
                      "reporter_b": 200},
    "/duban/ledger/?period={period}": {"supervisor": 200, "reporter_a": 200},
    "/duban/ledger/{period}/export/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                                      "reporter_a": 200, "reporter_b": 200},
    "/duban/ledger/{period}/export/?unit={unit_b}": {"anonymous": 302, "supervisor": 200,
                                                    "leader": 200, "reporter_a": 403,
                                                    "reporter_b": 200},
    "/duban/ledger/{period}/export/?unit=999999": {"supervisor": 404, "reporter_a": 404},
    "/duban/ledger/999999/export/": {"supervisor": 404, "reporter_a": 404},
    "/duban/ledger/{period}/import/": {"anonymous": 302, "supervisor": 200, "leader": 403,
                                      "reporter_a": 200, "reporter_b": 200},
    "/duban/ledger/999999/import/": {"reporter_a": 404},
    "/duban/ledger/{period}/import/confirm/": {"anonymous": 302, "supervisor": 405,
                                              "leader": 405, "reporter_a": 405},
}
# POST route → persona → expected status (a bogus token: refused on the page, never written)
POST_MATRIX = {
    "/duban/ledger/{period}/import/": {"anonymous": 302, "supervisor": 200, "leader": 403,
                                      "reporter_a": 200, "reporter_b": 200},
    "/duban/ledger/{period}/import/confirm/": {"anonymous": 302, "supervisor": 200,
                                              "leader": 403, "reporter_a": 200,
                                              "reporter_b": 200},
    "/duban/ledger/{period}/export/": {"supervisor": 405, "reporter_a": 405},
}


def client_for(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _url(world, template: str) -> str:
    return template.format(period=world.period.pk, unit_b=world.unit_b.pk)


@pytest.mark.parametrize(("route", "persona"),
                         [(r, p) for r, cases in MATRIX.items() for p in cases])
def test_get_permission_matrix(world, route, persona):
    response = client_for(world, persona).get(_url(world, route))
    assert response.status_code == MATRIX[route][persona]
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("route", "persona"),
                         [(r, p) for r, cases in POST_MATRIX.items() for p in cases])
def test_post_permission_matrix(world, route, persona):
    response = client_for(world, persona).post(_url(world, route), {"token": "forged"})
    assert response.status_code == POST_MATRIX[route][persona]
    assert not Report.objects.exists()


def test_download_is_an_xlsx_attachment_of_the_users_unit(world):
    response = client_for(world, "reporter_b").get(f"/duban/ledger/{world.period.pk}/export/")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    assert "2026Q1" in response["Content-Disposition"]
    filled = Filled(response.content)
    units = {r[filled.headers["单位"] - 1] for r in filled.sheet.iter_rows(min_row=2,
                                                                          values_only=True)}
    assert units == {"测试市乙局"}


def test_office_downloads_one_unit_or_all(world):
    client = client_for(world, "supervisor")
    one = Filled(client.get(f"/duban/ledger/{world.period.pk}/export/?unit={world.unit_b.pk}")
                 .content)
    every = Filled(client.get(f"/duban/ledger/{world.period.pk}/export/").content)
    assert one.sheet.max_row == 3 and every.sheet.max_row == 5


def _upload(client: Client, world, data: bytes, **extra) -> str:
    response = client.post(f"/duban/ledger/{world.period.pk}/import/",
                           {"file": SimpleUploadedFile("台账.xlsx", data), **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_upload_shows_the_changes_then_confirm_writes_them(world):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(本期进展="网页导入的进展", 是否报送="是"))
    client = client_for(world, "reporter_a")
    body = _upload(client, world, filled.bytes())
    assert 'data-testid="xlsx-changes"' in body and "网页导入的进展" in body
    assert not Report.objects.exists()  # the upload is a dry run
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    response = client.post(f"/duban/ledger/{world.period.pk}/import/confirm/", {"token": token})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.text, report.state) == ("网页导入的进展", ReportState.SUBMITTED)
    assert not default_storage.listdir(f"ledger_imports/u{world.reporter_a.pk}")[1]
    again = client.post(f"/duban/ledger/{world.period.pk}/import/confirm/", {"token": token})
    assert "已被处理或已过期" in again.content.decode()


def test_upload_with_a_bad_row_shows_row_and_column_and_no_confirm(world):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="进展", 按期完成把握="没把握"))
    body = _upload(client_for(world, "reporter_a"), world, filled.bytes())
    assert 'data-testid="xlsx-errors"' in body
    assert f"第{row}行" in body and "“按期完成把握”(I列)" in body
    assert 'name="token"' not in body
    assert not Report.objects.exists()


def test_hostile_upload_is_refused_on_the_page(world):
    body = _upload(client_for(world, "reporter_a"), world, b"not a spreadsheet at all")
    assert 'data-testid="xlsx-refused"' in body and "不是 Office 文档" in body


def test_another_users_token_is_refused(world):
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_shared, world.unit_a, **values(本期进展="甲局进展"))
    body = _upload(client_for(world, "reporter_a"), world, filled.bytes())
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    response = client_for(world, "reporter_b").post(
        f"/duban/ledger/{world.period.pk}/import/confirm/", {"token": token})
    assert "与当前用户或周期不符" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("route", ["/duban/ledger/", "/duban/ledger/{period}/import/"])
def test_pages_have_no_inline_script(world, route):
    body = client_for(world, "reporter_a").get(_url(world, route)).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert not re.search(r"\son[a-z]+=", body)
