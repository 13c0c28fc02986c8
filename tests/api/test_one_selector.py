"""One selector behind every surface: the ledger page (/ledger/tasks/), GET /api/tasks and
``ducha tasks --json`` list the same tasks, in the same order, with the same lead and
responsible units, because all three call ``ledger.selectors.task_list``."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

from ducha.choices import Role, SourceKind
from ducha.ledger.models import Assignment, Source, Task
from ducha.org.models import UnitGroup

pytestmark = pytest.mark.django_db

Row = tuple[str, tuple[str, ...], tuple[str, ...]]


class LedgerTable(HTMLParser):
    """The rows of the ledger page's task table: title, lead names, responsible names."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[list[str]]] = []
        self.in_table = self.in_small = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("data-testid", "task-table") in attrs:
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag == "td" and self.rows:
            self.cell = []
            self.rows[-1].append(self.cell)
        elif tag == "small":
            self.in_small = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_table = False
        elif tag == "small":
            self.in_small = False
        elif tag == "span" and self.cell is not None:
            self.cell.append("|")

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.in_small and data.strip():
            self.cell.append(data.strip())


def _names(cell: list[str]) -> tuple[str, ...]:
    return tuple(n for n in "".join(cell).split("|") if n)


def page_rows(client: Client) -> list[Row]:
    parser = LedgerTable()
    parser.feed(client.get("/ledger/tasks/").content.decode())
    return [("".join(r[1]), _names(r[2]), _names(r[3])) for r in parser.rows if len(r) == 6]


def api_rows(items: list[dict]) -> list[Row]:
    return [(t["title"], tuple(u["printed_name"] for u in t["lead_units"]),
             tuple(u["printed_name"] for u in t["responsible_units"])) for t in items]


@pytest.fixture
def ledger(world) -> None:
    """Beyond the three tasks of `world`: a second source listed first by id order, a task led
    by a group, a unit named only in print, several responsible units and an archived task."""
    other = Source.objects.create(kind=SourceKind.MEETING_MINUTES, title="第9次常务会议纪要",
                                  content_hash="m" * 64)
    group = UnitGroup.objects.create(name="各县市区人民政府")
    for position, title in [(2, "会议议定事项乙"), (1, "会议议定事项甲")]:
        task = Task.objects.create(source=other, title=title, number=f"{position}",
                                   position=position, chapter="议定事项")
        Assignment.objects.create(task=task, group=group, role=Role.LEAD,
                                  printed_name="各县市区人民政府")
        Assignment.objects.create(task=task, unit=world.unit_b, role=Role.RESPONSIBLE,
                                  printed_name="市乙局")
        Assignment.objects.create(task=task, unit=world.unit_a, role=Role.RESPONSIBLE,
                                  printed_name="市甲局")
    Assignment.objects.create(task=world.task_b, role=Role.RESPONSIBLE,
                              printed_name="市丙中心(未识别)")
    archived = Task.objects.create(source=other, title="已归档事项", position=3)
    Task.objects.filter(pk=archived.pk).update(archived_at=archived.source.created_at)


@pytest.mark.parametrize("persona", ["supervisor", "leader", "reporter_a", "reporter_b"])
def test_ledger_page_api_and_cli_list_the_same_tasks(world, ledger, api, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    page = page_rows(client)

    body = api.get(persona, "/api/tasks").json()
    from_api = api_rows(body["items"])

    out = io.StringIO()
    call_command("tasks", "--json", "--user", getattr(world, persona).username, stdout=out)
    cli_items = json.loads(out.getvalue())
    from_cli = api_rows(cli_items)

    assert page, "the ledger page listed no tasks"
    assert page == from_api == from_cli
    assert body["count"] == len(page)
    assert [t["id"] for t in body["items"]] == [t["id"] for t in cli_items]
    assert "已归档事项" not in [row[0] for row in page]


def test_the_office_view_lists_every_active_task_in_ledger_order(world, ledger, api):
    rows = api_rows(api.get("supervisor", "/api/tasks").json()["items"])
    assert [r[0] for r in rows] == ["甲局独办事项", "乙局独办事项", "甲乙共办事项",
                                    "会议议定事项甲", "会议议定事项乙"]
    assert rows[1] == ("乙局独办事项", ("测试市乙局",), ("市丙中心(未识别)",))
    assert rows[3] == ("会议议定事项甲", ("各县市区人民政府",), ("市乙局", "市甲局"))


def test_filters_agree_between_api_and_cli(world, ledger, api):
    out = io.StringIO()
    call_command("tasks", "--json", "--unit", str(world.unit_a.pk), "--chapter", "议定事项",
                 stdout=out)
    from_cli = [t["title"] for t in json.loads(out.getvalue())]
    body = api.get("supervisor", f"/api/tasks?unit={world.unit_a.pk}&chapter=议定事项").json()
    assert from_cli == [t["title"] for t in body["items"]] == ["会议议定事项甲", "会议议定事项乙"]
