"""Importing documents into the ledger: units resolved or queued, idempotent, no half writes."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ducha.accounts.models import User
from ducha.choices import Role, SourceKind, TaskCategory, UnitKind, UserRole
from ducha.docparse.parse import parse_file
from ducha.ledger.importing import documents_import
from ducha.ledger.models import Assignment, Indicator, Source, Task
from ducha.org.models import Unit, UnitAlias, UnitGroup, UnknownUnitName
from ducha.org.services import unknown_unit_create, unknown_unit_map

pytestmark = pytest.mark.django_db
PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "shili_plan.txt"


@pytest.fixture
def directory(db: None) -> dict[str, Unit]:
    units = {
        name: Unit.objects.create(name=name, short_name=short, kind=kind)
        for name, short, kind in [
            ("市住房和城乡建设局", "市住建局", UnitKind.DEPARTMENT),
            ("市自然资源和规划局", "", UnitKind.DEPARTMENT),
            ("市公安局", "", UnitKind.DEPARTMENT),
            ("市水利和湖泊局", "", UnitKind.DEPARTMENT),
            ("市发展和改革委员会", "市发改委", UnitKind.DEPARTMENT),
            ("龙泉市人民政府", "龙泉市", UnitKind.COUNTY),
        ]
    }
    group = UnitGroup.objects.create(name="各县市区人民政府")
    group.members.add(units["龙泉市人民政府"])
    return units


def _row_counts() -> tuple[int, ...]:
    return (Source.objects.count(), Task.objects.count(), Assignment.objects.count(),
            Indicator.objects.count(), UnknownUnitName.objects.count(),
            UnitAlias.objects.count())


def test_import_writes_source_tasks_and_resolved_assignments(directory):
    outcome, = documents_import(documents=parse_file(PLAN), by=None)
    assert outcome.state == "created" and outcome.tasks == 3
    source = Source.objects.get()
    assert source.doc_number == "示政办发〔2026〕7号"
    assert source.kind == SourceKind.POLICY and source.issue_date == dt.date(2026, 3, 2)
    first = Task.objects.get(number="1.")
    assert first.deadline == dt.date(2026, 6, 30)
    lead = first.assignments.get(role=Role.LEAD)
    assert (lead.printed_name, lead.unit.name) == ("市住建局", "市住房和城乡建设局")
    printed = {a.printed_name: a for a in first.assignments.filter(role=Role.RESPONSIBLE)}
    assert printed["示例市自然资源和规划局"].unit.name == "市自然资源和规划局"  # city prefix
    assert printed["各县(市、区)人民政府"].group.name == "各县市区人民政府"


def test_abbreviation_without_conjunction_resolves_to_the_full_name(directory):
    documents_import(documents=parse_file(PLAN), by=None)
    second = Task.objects.get(number="2.")
    names = {a.printed_name: a.unit for a in second.assignments.all()}
    assert names["市自然资源规划局"].name == "市自然资源和规划局"
    assert names["市水利湖泊局"].name == "市水利和湖泊局"


def test_unknown_names_are_queued_and_kept_printed_never_created(directory):
    units_before = Unit.objects.count()
    outcome, = documents_import(documents=parse_file(PLAN), by=None)
    assert set(outcome.unresolved) == {"市停车场管理所", "龙泉市发改委"}
    assert Unit.objects.count() == units_before
    waiting = Assignment.objects.get(printed_name="市停车场管理所等")
    assert waiting.unit is None and waiting.group is None
    assert UnknownUnitName.objects.filter(printed_name="市停车场管理所").exists()


def test_a_county_bureau_is_never_taken_for_the_city_bureau(directory):
    documents_import(documents=parse_file(PLAN), by=None)
    county = Assignment.objects.get(printed_name="龙泉市发改委")
    assert county.unit is None


def test_long_term_wording_makes_a_long_term_task_without_a_date(directory):
    documents_import(documents=parse_file(PLAN), by=None)
    third = Task.objects.get(number="3.")
    assert third.category == TaskCategory.LONG_TERM and third.deadline is None
    assert third.deadline_text == "长期坚持"


def test_targets_in_task_text_become_indicators(directory):
    documents_import(documents=parse_file(PLAN), by=None)
    indicator = Indicator.objects.get(task__number="2.")
    assert (indicator.kind, indicator.comparator, indicator.value, indicator.measure) == (
        "count", ">=", 3000, "个")


def test_second_import_changes_nothing(directory):
    documents_import(documents=parse_file(PLAN), by=None)
    before = _row_counts()
    outcome, = documents_import(documents=parse_file(PLAN), by=None)
    assert outcome.state == "unchanged"
    assert _row_counts() == before


def test_dry_run_reports_what_it_would_write_and_writes_nothing(directory):
    before = _row_counts()
    outcome, = documents_import(documents=parse_file(PLAN), by=None, dry_run=True)
    assert outcome.tasks == 3 and outcome.unresolved
    assert _row_counts() == before


def test_mapping_a_queued_name_attaches_waiting_assignments_and_learns_the_alias(directory):
    office = User.objects.create(username="office", role=UserRole.SUPERVISOR)
    documents_import(documents=parse_file(PLAN), by=office)
    entry = UnknownUnitName.objects.get(printed_name="市停车场管理所")
    unit = Unit.objects.create(name="市城市停车场管理所", kind=UnitKind.OTHER)
    assert unknown_unit_map(entry=entry, unit=unit, by=office) == 1
    assert Assignment.objects.get(printed_name="市停车场管理所等").unit == unit
    assert UnitAlias.objects.filter(alias="市停车场管理所", unit=unit).exists()
    entry.refresh_from_db()
    assert entry.state == UnknownUnitName.State.MAPPED
    assert entry.history.first().history_user == office


def test_creating_a_unit_from_the_queue(directory):
    office = User.objects.create(username="office", role=UserRole.SUPERVISOR)
    documents_import(documents=parse_file(PLAN), by=office)
    entry = UnknownUnitName.objects.get(printed_name="龙泉市发改委")
    unit = unknown_unit_create(entry=entry, name="龙泉市发展和改革局", kind=UnitKind.OTHER,
                               by=office)
    assert Assignment.objects.get(printed_name="龙泉市发改委").unit == unit


def test_import_records_who_imported_in_the_history(directory):
    office = User.objects.create(username="office", role=UserRole.SUPERVISOR)
    documents_import(documents=parse_file(PLAN), by=office)
    task = Task.objects.get(number="1.")
    assert task.history.get().history_user == office
    assert task.assignments.first().history.get().history_user == office


@pytest.mark.parametrize(("name", "content", "words"), [
    ("empty.txt", b"", "空"),
    ("binary.txt", bytes(range(256)) * 40, "文本"),
    ("fake.docx", b"this is not a zip file at all", "docx"),
])
def test_bad_files_stop_the_import_with_a_message_naming_the_file(
        directory, tmp_path, name, content, words):
    bad = tmp_path / name
    bad.write_bytes(content)
    before = _row_counts()
    with pytest.raises(CommandError) as info:
        call_command("import_documents", str(PLAN), str(bad), stdout=StringIO())
    assert name in str(info.value)
    assert _row_counts() == before


def test_import_command_prints_created_and_unresolved(directory):
    out = StringIO()
    call_command("import_documents", str(PLAN), stdout=out)
    text = out.getvalue()
    assert "已导入" in text and "未识别单位: 市停车场管理所" in text
    out = StringIO()
    call_command("import_documents", str(PLAN), stdout=out)
    assert "未改动" in out.getvalue()
