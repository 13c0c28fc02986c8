"""督办单 pages: the permission matrix, scoping by unit, print and export, the 催办单 link,
the escalation list and a unit's own notices."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from tests.reminders.conftest import at, close, night, quarter

from ducha.audit.models import AuditEvent
from ducha.reminders.models import Reminder

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 3)

# route → persona → expected status for GET; every route of the app is here.
MATRIX = {
    "/reminders/": {"anonymous": 302, "supervisor": 200, "leader": 200, "reporter_a": 200,
                    "reporter_b": 200},
    "/reminders/?grade=red": {"supervisor": 200, "leader": 200, "reporter_a": 200},
    "/reminders/?grade=nonsense": {"supervisor": 200, "reporter_b": 200},
    "/reminders/export.xlsx": {"anonymous": 302, "supervisor": 200, "leader": 200,
                               "reporter_a": 200, "reporter_b": 200},
    "/reminders/escalation/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                               "reporter_a": 200, "reporter_b": 200},
    "/reminders/unit/": {"anonymous": 302, "supervisor": 403, "leader": 403, "reporter_a": 200,
                         "reporter_b": 200},
    "/reminders/unit/{unit_a}/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                                  "reporter_a": 200, "reporter_b": 404},
    "/reminders/unit/{unit_b}/": {"supervisor": 200, "leader": 200, "reporter_a": 404,
                                  "reporter_b": 200},
    "/reminders/unit/999999/": {"supervisor": 404, "reporter_a": 404},
    "/reminders/run/": {"supervisor": 405, "leader": 405, "reporter_a": 405},
}
POST_MATRIX = {
    "/reminders/run/": {"anonymous": 302, "supervisor": 302, "leader": 403, "reporter_a": 403,
                        "reporter_b": 403},
    "/reminders/": {"supervisor": 405},
}


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(at(TODAY, 10), tick=False):
        yield


@pytest.fixture
def nights(world) -> None:
    """Red since the quarter end (three nights), so the escalation list has rows."""
    for day in (1, 2, 3):
        night(dt.date(2026, 4, day))


def _client(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _cases(matrix):
    return [(url, persona, status) for url, personas in matrix.items()
            for persona, status in personas.items()]


@pytest.mark.parametrize(("url", "persona", "status"), _cases(MATRIX))
def test_get_matrix(world, nights, url, persona, status):
    url = url.format(unit_a=world.unit_a.pk, unit_b=world.unit_b.pk)
    assert _client(world, persona).get(url).status_code == status


@pytest.mark.parametrize(("url", "persona", "status"), _cases(POST_MATRIX))
def test_post_matrix(world, url, persona, status):
    assert _client(world, persona).post(url).status_code == status


def test_the_office_sees_every_unit_a_reporter_only_its_own(world, nights):
    office = _client(world, "supervisor").get("/reminders/").content.decode()
    assert "测试市甲局" in office and "测试市乙局" in office
    own = _client(world, "reporter_b").get("/reminders/").content.decode()
    assert "乙局独办事项" in own and "甲局独办事项" not in own
    assert "测试市甲局" not in own


def test_grade_tabs_filter_and_count(world, nights):
    one = Reminder.objects.filter(unit=world.unit_b, resolved_at__isnull=True).first()
    Reminder.objects.filter(pk=one.pk).update(grade="yellow")
    page = _client(world, "supervisor").get("/reminders/?grade=yellow").content.decode()
    assert re.findall(r'data-testid="reminder-(\d+)"', page) == [str(one.pk)]
    assert re.search(r"黄色预警 <b>1</b>", page) and re.search(r"红色督办 <b>3</b>", page)


def test_office_gets_the_reminder_notice_link_leaders_and_units_do_not(world, nights):
    office = _client(world, "supervisor")
    page = office.get("/reminders/").content.decode()
    link = f"/bulletins/notices/task/{world.task_a.pk}/reminder.docx?grade=red"
    assert link in page
    response = office.get(link)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # a .docx
    for persona in ("leader", "reporter_a"):
        page = _client(world, persona).get("/reminders/").content.decode()
        assert "reminder.docx" not in page
        assert 'data-testid="run-now"' not in page


def test_printable_without_inline_script(world, nights):
    page = _client(world, "supervisor").get("/reminders/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # CSP script-src 'self'
    assert " on" + "click=" not in page
    assert "reminders/print.js" in page and "data-print" in page
    css = Path(__file__).resolve().parents[2] / "src/ducha/reminders/static/reminders"
    assert "@media print" in (css / "reminders.css").read_text(encoding="utf-8")


def test_export_is_scoped_formula_safe_and_audited(world, nights):
    world.task_b.title = "=HYPERLINK(\"http://x\")乙局事项"
    world.task_b.save()
    office = _client(world, "supervisor").get("/reminders/export.xlsx?grade=red")
    assert office["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(office.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("等级", "单位", "序号", "督办事项")
    assert sheet.freeze_panes == "A2"
    assert len(rows) == 5
    assert "'=HYPERLINK(\"http://x\")乙局事项" in [r[3] for r in rows]
    assert {r[7] for r in rows[1:]} == {3}  # days overdue on 3 April
    own = _client(world, "reporter_a").get("/reminders/export.xlsx")
    units = {r[1] for r in list(load_workbook(io.BytesIO(own.content)).active
                                .iter_rows(values_only=True))[1:]}
    assert units == {"测试市甲局"}
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_escalation_lists_red_for_two_runs_with_days_overdue(world, nights):
    page = _client(world, "leader").get("/reminders/escalation/").content.decode()
    red = Reminder.objects.get(task=world.task_a, unit=world.unit_a, resolved_at__isnull=True)
    assert red.runs == 3
    row = re.search(rf'data-testid="escalation-{red.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "甲局独办事项" in row
    assert re.search(r'<td class="num overdue">3</td><td class="num">3</td>', row)
    units = re.search(r'data-testid="escalation-units">(.*?)</table>', page, re.S).group(1)
    assert "测试市甲局" in units and "测试市乙局" in units


def test_escalation_lists_red_in_two_consecutive_periods_even_on_the_first_night(world):
    night(dt.date(2026, 4, 1))  # Q1 red
    close(world.period)
    q2 = quarter(2026, 2)
    night(dt.date(2026, 7, 1))  # Q1 closed (its red resolved), Q2 red: first night
    page = _client(world, "supervisor").get("/reminders/escalation/").content.decode()
    red = Reminder.objects.get(task=world.task_a, unit=world.unit_a, period=q2)
    assert red.runs == 1
    row = re.search(rf'data-testid="escalation-{red.pk}">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'<td class="num">1</td><td class="num">2</td>', row)


def test_a_single_red_night_is_not_escalated(world):
    night(dt.date(2026, 4, 1))
    page = _client(world, "supervisor").get("/reminders/escalation/").content.decode()
    assert "当前没有连续红色督办的事项" in page


def test_a_unit_sees_its_own_notices_open_and_resolved(world, nights):
    page = _client(world, "reporter_a").get("/reminders/unit/").content.decode()
    assert "测试市甲局督办通知" in page
    assert "甲局独办事项" in page and "乙局独办事项" not in page
    assert "待办理(2 件)" in page


def test_the_office_runs_a_recompute_from_the_page(world):
    client = _client(world, "supervisor")
    response = client.post("/reminders/run/", follow=True)
    assert "已重新判定:新发 4 件" in response.content.decode()
    event = AuditEvent.objects.get(action="remind_run")
    assert event.actor_id == world.supervisor.pk
