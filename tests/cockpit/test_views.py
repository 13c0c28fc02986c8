"""Cockpit pages: who may open them, what they show, the export, and their query counts."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from tests.cockpit.conftest import LOCAL, TODAY

from ducha.choices import Role, SourceKind
from ducha.cockpit import totals
from ducha.cockpit.models import ScoringWeights
from ducha.ledger.models import Assignment, Source, Task
from ducha.reporting.models import Assessment, Report

pytestmark = pytest.mark.django_db
NOW = dt.datetime.combine(TODAY, dt.time(9), tzinfo=ZoneInfo("Asia/Shanghai"))

# route → persona → expected status for GET; every cockpit route is here.
MATRIX = {
    "/cockpit/": {"anonymous": 302, "supervisor": 200, "leader": 200, "reporter_a": 403},
    "/cockpit/?period={q1}&unit={unit_a}": {"supervisor": 200, "leader": 200,
                                            "reporter_a": 403},
    "/cockpit/overview.json": {"anonymous": 302, "supervisor": 200, "leader": 200,
                               "reporter_a": 403},
    "/cockpit/ranking/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                          "reporter_a": 403},
    "/cockpit/ranking/?sort=-overdue_days": {"leader": 200, "reporter_a": 403},
    "/cockpit/ranking.xlsx": {"anonymous": 302, "supervisor": 200, "leader": 200,
                              "reporter_a": 403},
    "/cockpit/indicators/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                             "reporter_a": 403},
    "/cockpit/tasks/": {"anonymous": 302, "supervisor": 200, "leader": 200, "reporter_a": 403},
    "/cockpit/tasks/?status=done&page=7": {"leader": 200, "reporter_a": 403},
    "/cockpit/recurring/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                            "reporter_a": 403},
    "/cockpit/search/": {"anonymous": 302, "supervisor": 200, "leader": 200,
                         "reporter_a": 200, "reporter_b": 200},
    "/cockpit/search/?q=进展": {"supervisor": 200, "leader": 200, "reporter_a": 200},
    "/cockpit/weights/": {"anonymous": 302, "supervisor": 200, "leader": 403,
                          "reporter_a": 403},
}
WEIGHTS = {"on_time_points": "50", "completion_points": "50", "lagging_penalty": "2",
           "problem_penalty": "5", "overdue_day_penalty": "0.1", "duplicate_penalty": "1",
           "note": "经主任办公会同意"}
POST_MATRIX = {
    "/cockpit/weights/": (WEIGHTS, {"anonymous": 302, "supervisor": 302, "leader": 403,
                                    "reporter_a": 403}),
}


def _client(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


def _cases(matrix):
    return [(url, persona, status) for url, personas in matrix.items()
            for persona, status in personas.items()]


def _url(template: str, cockpit) -> str:
    w = cockpit.world
    return template.format(q1=cockpit.q1.pk, unit_a=w.unit_a.pk)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(("url", "persona", "status"), _cases(MATRIX))
def test_get_matrix(cockpit, url, persona, status):
    response = _client(cockpit.world, persona).get(_url(url, cockpit))
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize(("url", "persona", "status"),
                         [(u, p, s) for u, (_d, ps) in POST_MATRIX.items() for p, s in ps.items()])
def test_post_matrix(cockpit, url, persona, status):
    data = POST_MATRIX[url][0]
    response = _client(cockpit.world, persona).post(url, data)
    assert response.status_code == status
    assert ScoringWeights.objects.exists() == (persona == "supervisor")


def test_overview_shows_the_selectors_counts(cockpit):
    body = _client(cockpit.world, "leader").get("/cockpit/").content.decode()
    assert "2026年二季度督办事项落实情况" in body and "与2026年一季度比较" in body
    assert re.search(r'data-testid="count-lagging">2<', body)
    assert re.search(r'data-testid="previous-lagging">1<', body)
    assert re.search(r'data-testid="total">4<', body)
    assert re.search(r'data-testid="lagging-total">3<', body)  # the board's total
    assert 'id="chart-chapter" type="application/json"' in body
    assert "<script>" not in body.replace('<script type="application/json"', "")  # no inline JS


def test_overview_json_twin_agrees_with_the_bulletin_counts(cockpit):
    from ducha.reporting.selectors import status_counts

    data = _client(cockpit.world, "leader").get("/cockpit/overview.json").json()
    assert data["period"]["code"] == "2026Q2" and data["previous"]["code"] == "2026Q1"
    assert data["status_counts"] == status_counts(period=cockpit.q2)
    assert data["previous_status_counts"] == status_counts(period=cockpit.q1)
    assert data["by_chapter"]["categories"] == ["一、测试章节", "二、第二章"]
    unit = cockpit.world.unit_a.pk
    scoped = _client(cockpit.world, "leader").get(f"/cockpit/overview.json?unit={unit}").json()
    assert scoped["filters"] == {"unit": str(unit)}
    assert sum(scoped["status_counts"].values()) == 2  # a and shared


def test_htmx_requests_get_the_partial_only(cockpit):
    client = _client(cockpit.world, "leader")
    full = client.get("/cockpit/tasks/").content.decode()
    part = client.get("/cockpit/tasks/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full and "<html" not in part
    assert 'data-testid="task-board"' in part and 'data-testid="filters"' in part


def test_filters_are_kept_in_links_and_selected(cockpit):
    url = f"/cockpit/tasks/?period={cockpit.q1.pk}&unit={cockpit.world.unit_b.pk}"
    body = _client(cockpit.world, "leader").get(url).content.decode()
    assert f'<option value="{cockpit.q1.pk}" selected>' in body
    assert f'<option value="{cockpit.world.unit_b.pk}" selected>' in body
    assert f'href="/cockpit/ranking/?period={cockpit.q1.pk}&amp;unit={cockpit.world.unit_b.pk}"' \
        in body
    # in Q1 unit B's lagging-type tasks: shared (problem); a and c are not B's or not lagging
    assert 'data-testid="board-total">共 1 项' in body


def test_task_board_links_to_the_task_page(cockpit):
    body = _client(cockpit.world, "leader").get("/cockpit/tasks/").content.decode()
    assert f'href="/duban/tasks/{cockpit.world.task_a.pk}/"' in body


def test_text_from_units_is_escaped(cockpit):
    Report.objects.filter(task=cockpit.world.task_a, period=cockpit.q2).update(
        text='<script>alert("x")</script>进展')
    for url in ("/cockpit/tasks/", "/cockpit/recurring/", "/cockpit/search/?q=alert"):
        cache.clear()
        body = _client(cockpit.world, "supervisor").get(url).content.decode()
        assert '<script>alert("x")' not in body
        assert "&lt;script&gt;" in body


def test_ranking_export_reads_back_with_chinese_headers(cockpit):
    Task.objects.filter(pk=cockpit.world.task_a.pk)
    cockpit.world.unit_a.name = "=HYPERLINK(\"http://x\")甲局"
    cockpit.world.unit_a.save()
    response = _client(cockpit.world, "leader").get("/cockpit/ranking.xlsx?sort=-score")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["单位考评"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("名次", "单位", "综合得分", "应报送数")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 30
    assert rows[1][1] == "测试市乙局" and rows[1][2] == 37.3
    assert rows[2][1] == "'=HYPERLINK(\"http://x\")甲局"  # neutralised, shown as text
    assert rows[2][2] == 11.6 and rows[2][6] == 0.5
    assert book["计分规则"]["B1"].value == "2026年二季度"


def test_weights_page_saves_a_version_and_shows_errors(cockpit):
    client = _client(cockpit.world, "supervisor")
    bad = client.post("/cockpit/weights/", {**WEIGHTS, "lagging_penalty": "-2"})
    assert bad.status_code == 400 and "0到1000" in bad.content.decode()
    assert not ScoringWeights.objects.exists()
    ok = client.post("/cockpit/weights/", WEIGHTS, follow=True)
    assert "考评权重已更新" in ok.content.decode()
    assert ScoringWeights.objects.get().note == "经主任办公会同意"
    ranking = client.get("/cockpit/ranking/").content.decode()
    assert "按时报送 50 分" in ranking


def test_ranking_page_sorts_by_the_chosen_column(cockpit):
    cockpit.world.unit_a.sort_order, cockpit.world.unit_b.sort_order = 1, 2
    cockpit.world.unit_a.save()
    cockpit.world.unit_b.save()
    body = _client(cockpit.world, "leader").get("/cockpit/ranking/?sort=name").content.decode()
    body = body[body.index('data-testid="ranking-table"'):]
    assert body.index("测试市甲局") < body.index("测试市乙局")
    assert 'aria-sort="ascending"' in body


def test_reporters_search_page_shows_no_cockpit_tabs(cockpit):
    body = _client(cockpit.world, "reporter_a").get("/cockpit/search/").content.decode()
    assert "单位考评" not in body and "全文检索" in body


def _bulk_ledger(world, n: int, period_q1, period_q2) -> None:
    """n tasks (lead A, responsible B), assessed in both quarters, each with two reports."""
    source = Source.objects.create(kind=SourceKind.POLICY, title=f"批量{n}", content_hash="b" * 64)
    tasks = Task.objects.bulk_create(
        Task(source=source, title=f"批量事项{i}", number=str(i), position=i,
             chapter=f"第{i % 7}章", text="推进老旧小区改造") for i in range(n))
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=world.unit_a, role=Role.LEAD, printed_name="甲") for t in tasks]
        + [Assignment(task=t, unit=world.unit_b, role=Role.RESPONSIBLE, printed_name="乙")
           for t in tasks])
    statuses = ("lagging", "problem", "done", "not_done")
    when = dt.datetime(2026, 7, 1, tzinfo=LOCAL)
    Assessment.objects.bulk_create(
        Assessment(task=t, period=p, status=statuses[i % 4], light="yellow", decided_at=when)
        for i, t in enumerate(tasks) for p in (period_q1, period_q2))
    Report.objects.bulk_create(
        Report(task=t, unit=u, period=p, text="推进老旧小区改造进展", state="submitted",
               submitted_at=when, confidence="high")
        for t in tasks for u in (world.unit_a, world.unit_b) for p in (period_q1, period_q2))
    totals.rebuild()  # bulk inserts bypass save(): recount, as the demo generator does


PAGES = ("/cockpit/", "/cockpit/ranking/", "/cockpit/ranking.xlsx", "/cockpit/indicators/",
         "/cockpit/tasks/", "/cockpit/recurring/", "/cockpit/search/?q=老旧小区",
         "/cockpit/search/?q=改造")


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize("url", PAGES)
def test_pages_take_a_constant_number_of_queries(cockpit, django_assert_max_num_queries, n,
                                                 url):
    _bulk_ledger(cockpit.world, n, cockpit.q1, cockpit.q2)
    client = _client(cockpit.world, "supervisor")
    cache.clear()
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200


def test_a_write_shows_at_once_despite_the_cache(cockpit):
    from ducha.cockpit.snapshots import data_fingerprint

    client = _client(cockpit.world, "leader")
    before = data_fingerprint()
    assert re.search(r'data-testid="count-done">1<', client.get("/cockpit/").content.decode())
    decided = Assessment.objects.get(task=cockpit.task_c, period=cockpit.q2)
    decided.status, decided.light = "done", "green"
    decided.save()  # as every service does: the history row changes the fingerprint
    assert data_fingerprint() != before
    body = client.get("/cockpit/").content.decode()
    assert re.search(r'data-testid="count-done">2<', body)


def test_warm_command_fills_the_pages_leaders_open(cockpit):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("cockpit_warm", stdout=out)
    assert "2026年二季度" in out.getvalue()
    client = _client(cockpit.world, "leader")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cockpit/ranking/").status_code == 200
    assert not any("reporting_report" in q["sql"] and "COUNT" in q["sql"]
                   for q in ctx.captured_queries)
