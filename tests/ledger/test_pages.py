"""Ledger pages: upload → review and correct → import; the ledger; tasks by hand; the queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ducha.choices import Role, UnitKind
from ducha.ledger.models import Assignment, ImportDraft, Source, Task
from ducha.org.models import Unit, UnitAlias, UnknownUnitName

pytestmark = pytest.mark.django_db
PLAN = (Path(__file__).resolve().parents[1] / "fixtures" / "shili_plan.txt").read_bytes()

# route → persona → expected GET status; POST-only routes list the POST status.
MATRIX = {
    ("GET", "/ledger/import/"): {"anonymous": 302, "supervisor": 200, "leader": 403,
                                 "reporter_a": 403},
    ("GET", "/ledger/tasks/"): {"anonymous": 302, "supervisor": 200, "leader": 200,
                                "reporter_a": 200},
    ("GET", "/ledger/tasks/new/"): {"anonymous": 302, "supervisor": 200, "leader": 403,
                                    "reporter_a": 403},
    ("GET", "/org/unknown/"): {"anonymous": 302, "supervisor": 200, "leader": 403,
                               "reporter_a": 403},
    ("POST", "/org/unknown/"): {"anonymous": 302, "supervisor": 302, "leader": 403,
                                "reporter_a": 403},
}


def _client(world, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


@pytest.mark.parametrize(("method", "route", "persona", "expected"), [
    (m, r, p, e) for (m, r), row in MATRIX.items() for p, e in row.items()])
def test_ledger_route_persona_matrix(world, method, route, persona, expected):
    client = _client(world, persona)
    response = client.get(route) if method == "GET" else client.post(route, {})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [
    ("supervisor", 200), ("leader", 403), ("reporter_a", 403), ("reporter_b", 403)])
def test_task_edit_page_by_persona(world, persona, expected):
    assert _client(world, persona).get(f"/ledger/tasks/{world.task_a.pk}/edit/"
                                       ).status_code == expected


def test_reporter_ledger_lists_only_own_units_tasks(world):
    body = _client(world, "reporter_b").get("/ledger/tasks/").content.decode()
    assert "乙局独办事项" in body and "甲乙共办事项" in body and "甲局独办事项" not in body


def _upload(client: Client, content: bytes = PLAN, name: str = "plan.txt"):
    return client.post("/ledger/import/", {"file": SimpleUploadedFile(name, content)})


def test_upload_review_correct_and_import(world):
    Unit.objects.create(name="市住房和城乡建设局", short_name="市住建局", kind=UnitKind.DEPARTMENT)
    client = _client(world, "supervisor")
    response = _upload(client)
    draft = ImportDraft.objects.get()
    assert response.status_code == 302 and response.url == f"/ledger/import/{draft.pk}/"
    assert not Source.objects.filter(doc_number="示政办发〔2026〕7号").exists()
    page = client.get(response.url).content.decode()
    assert page.count('data-testid="review-task"') == 3
    assert "unit-unknown" in page and "unit-unit" in page
    client.post(response.url, {"confirm": "1", "d0-t0-title": "普查城区停车资源",
                               "d0-t2-skip": "1", "d0-t1-lead": "市住建局"})
    source = Source.objects.get(doc_number="示政办发〔2026〕7号")
    titles = list(source.tasks.order_by("position").values_list("title", flat=True))
    assert len(titles) == 2 and titles[0] == "普查城区停车资源"
    lead = Assignment.objects.get(task__source=source, task__number="2.", role=Role.LEAD)
    assert lead.unit.name == "市住房和城乡建设局"
    draft.refresh_from_db()
    assert draft.state == ImportDraft.State.IMPORTED
    assert "导入结果" in client.get(f"/ledger/import/{draft.pk}/").content.decode()


def test_a_broken_upload_is_refused_with_a_message_and_nothing_is_kept(world):
    client = _client(world, "supervisor")
    response = _upload(client, b"PK\x03\x04 broken zip", "broken.docx")
    assert response.status_code == 200
    assert "broken.docx" in response.content.decode()
    assert not ImportDraft.objects.exists() and not Source.objects.exclude(
        pk=world.task_a.source_id).exists()


def test_supervisor_adds_a_leaders_instruction_by_hand(world):
    client = _client(world, "supervisor")
    response = client.post("/ledger/tasks/new/", {
        "new_source_kind": "instruction", "new_source_title": "王市长关于城区停车问题的批示",
        "title": "研究解决老城区停车难问题", "category": "annual",
        "lead_units": [world.unit_a.pk], "responsible_units": [world.unit_b.pk],
        "deadline": "2026-12-31"})
    task = Task.objects.get(title="研究解决老城区停车难问题")
    assert response.status_code == 302
    assert task.source.kind == "instruction"
    assert set(task.assignments.values_list("unit__name", "role")) == {
        ("测试市甲局", "lead"), ("测试市乙局", "responsible")}


def test_new_task_without_lead_unit_is_refused(world):
    client = _client(world, "supervisor")
    response = client.post("/ledger/tasks/new/", {
        "new_source_kind": "instruction", "new_source_title": "批示", "title": "某事项",
        "category": "annual"})
    assert response.status_code == 200
    assert "请至少选择一个牵头单位" in response.content.decode()
    assert not Task.objects.filter(title="某事项").exists()


def test_edit_keeps_history_and_deadline_is_locked_once_reported(world):
    from ducha.reporting.models import Report

    client = _client(world, "supervisor")
    data = {"title": "甲局独办事项(修订)", "category": "annual", "deadline": "2026-06-30"}
    client.post(f"/ledger/tasks/{world.task_a.pk}/edit/", data)
    world.task_a.refresh_from_db()
    assert world.task_a.title == "甲局独办事项(修订)"
    assert world.task_a.history.first().history_user == world.supervisor
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=world.period)
    response = client.post(f"/ledger/tasks/{world.task_a.pk}/edit/",
                           {**data, "deadline": "2026-09-30"})
    assert "延期申请" in response.content.decode()
    world.task_a.refresh_from_db()
    assert str(world.task_a.deadline) == "2026-06-30"


def test_removing_the_only_lead_unit_is_refused_and_removal_archives(world):
    client = _client(world, "supervisor")
    lead = world.task_shared.assignments.get(role=Role.LEAD)
    client.post(f"/ledger/tasks/{world.task_shared.pk}/assignments/", {"archive": lead.pk})
    lead.refresh_from_db()
    assert lead.archived_at is None
    other = world.task_shared.assignments.get(role=Role.RESPONSIBLE)
    client.post(f"/ledger/tasks/{world.task_shared.pk}/assignments/", {"archive": other.pk})
    other.refresh_from_db()
    assert other.archived_at is not None
    assert Assignment.objects.filter(pk=other.pk).exists()


def test_unknown_queue_create_all_builds_a_directory_and_attaches(world):
    client = _client(world, "supervisor")
    _upload(client)
    draft = ImportDraft.objects.get()
    client.post(f"/ledger/import/{draft.pk}/", {"confirm": "1"})
    assert UnknownUnitName.objects.filter(state="pending").count() >= 5
    client.post("/org/unknown/", {"action": "create_all"})
    assert not UnknownUnitName.objects.filter(state="pending").exists()
    assert Unit.objects.get(name="市住建局").kind == UnitKind.DEPARTMENT
    assert not Assignment.objects.filter(unit__isnull=True, group__isnull=True).exists()


def test_mapping_from_the_queue_page(world):
    client = _client(world, "supervisor")
    _upload(client)
    client.post(f"/ledger/import/{ImportDraft.objects.get().pk}/", {"confirm": "1"})
    entry = UnknownUnitName.objects.get(printed_name="市住建局")
    client.post("/org/unknown/", {"action": "map", "entry": entry.pk,
                                  "target": f"unit:{world.unit_a.pk}"})
    assert UnitAlias.objects.filter(alias="市住建局", unit=world.unit_a).exists()
    assert Assignment.objects.filter(printed_name="市住建局", unit=world.unit_a).exists()


def test_review_of_minutes_names_the_meeting_its_items_are_filed_under(world):
    minutes = ("示例市人民政府常务会议纪要\n〔2030〕第7期\n"
               "2030年4月15日,市长主持召开市政府第七次常务会议。现纪要如下:\n"
               "一、关于农贸市场改造\n(一)由甲局牵头,乙局配合,6月底前完成改造方案。\n")
    client = _client(world, "supervisor")
    response = _upload(client, minutes.encode(), "minutes.txt")
    page = client.get(response.url).content.decode()
    assert 'data-testid="review-meeting"' in page
    assert "2030年4月15日市政府第七次常务会议(议定事项导入后归入该会议)" in page
    assert page.count('data-testid="review-task"') == 1
    client.post(response.url, {"confirm": "1"})
    result = client.get(response.url).content.decode()
    assert "<th>会议</th>" in result
    assert ImportDraft.objects.get(pk=int(response.url.strip("/").split("/")[-1])
                                   ).result[0]["meetings"] == 1
    task = Task.objects.get(source__title="示例市人民政府常务会议纪要")
    assert (task.meeting.number, str(task.meeting.date)) == (7, "2030-04-15")
