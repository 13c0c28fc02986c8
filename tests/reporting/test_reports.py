"""The reporter's sheet: visibility, prefill, measures, evidence, duplicates, consolidation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from ducha.base import DuchaError
from ducha.choices import ReportState
from ducha.reporting.models import Acknowledgement, Evidence, IndicatorActual, Report
from ducha.reporting.services import ActualInput, ReportInputError, report_save
from ducha.reporting.similarity import NEAR_DUPLICATE, similarity

from .conftest import NOW, PDF, PNG, docx_bytes, upload

pytestmark = pytest.mark.django_db

OLD_TEXT = "已完成项目立项,正在开展施工招标,计划于6月底前开工建设。"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(world, user) -> str:
    return _login(user).get(f"/duban/periods/{world.period.pk}/report/").content.decode()


def _save(world, task, text, **kwargs):
    user = kwargs.pop("by", world.reporter_a)
    return report_save(period=world.period, task=task, unit=user.unit, text=text, by=user,
                       now=NOW, **kwargs)


def test_reporter_sees_only_tasks_where_its_unit_is_lead_or_responsible(world):
    body = _page(world, world.reporter_b)
    assert "乙局独办事项" in body and "甲乙共办事项" in body
    assert "甲局独办事项" not in body


def test_reporter_cannot_open_or_write_other_units_task(world):
    client = _login(world.reporter_b)
    assert client.get(f"/duban/tasks/{world.task_a.pk}/").status_code == 404
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/"
    assert client.post(url, {f"t{world.task_a.pk}-text": "x"}).status_code == 404
    assert not Report.objects.exists()


def test_text_is_prefilled_from_the_units_last_period(world, earlier):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier, text=OLD_TEXT,
                          state=ReportState.ACCEPTED, confidence="medium")
    body = _page(world, world.reporter_a)
    assert OLD_TEXT in body
    assert "已按上期内容预填" in body
    assert "与上期内容雷同" in body  # the unchanged prefill is flagged before submitting


def test_draft_then_submit_records_who_and_acknowledges(world):
    report = _save(world, world.task_a, "正在推进", confidence="high",
                   next_milestone="6月底前开工")
    assert report.state == ReportState.DRAFT
    report = _save(world, world.task_a, "已开工建设", submit=True)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == world.reporter_a
    assert report.history.first().history_user == world.reporter_a
    assert Acknowledgement.objects.filter(period=world.period, unit=world.unit_a).count() == 1


def test_submitted_report_cannot_be_changed_by_the_unit(world):
    _save(world, world.task_a, "已开工建设", submit=True)
    with pytest.raises(DuchaError, match="已报送"):
        _save(world, world.task_a, "改写")
    assert Report.objects.get().text == "已开工建设"


def test_near_duplicate_submit_needs_confirmation_and_flags_the_report(world, earlier):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier, text=OLD_TEXT,
                          state=ReportState.ACCEPTED)
    copied = OLD_TEXT.replace("6月底", "7月底")
    with pytest.raises(DuchaError, match="雷同") as err:
        _save(world, world.task_a, copied, submit=True)
    assert err.value.code == "near_duplicate"
    assert not Report.objects.filter(period=world.period).exists()
    report = _save(world, world.task_a, copied, submit=True, confirm_duplicate=True)
    assert report.near_duplicate and report.similarity >= NEAR_DUPLICATE
    body = _login(world.supervisor).get(f"/duban/periods/{world.period.pk}/queue/").content
    assert "与上期内容雷同" in body.decode()


def test_a_new_text_is_not_a_near_duplicate(world, earlier):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier, text=OLD_TEXT,
                          state=ReportState.ACCEPTED)
    report = _save(world, world.task_a, "项目已于3月15日正式开工,完成投资1.2亿元,占年度计划30%。",
                   submit=True)
    assert not report.near_duplicate


def test_similarity_rule_covers_reordered_sentences():
    a = ("一是完成项目立项和可研批复工作。二是开展施工总承包招标工作。"
         "三是启动征地拆迁和管线迁改工作。")
    b = ("三是启动征地拆迁和管线迁改工作。一是完成项目立项和可研批复工作。"
         "二是开展施工总承包招标工作。")
    assert similarity(a, b) >= NEAR_DUPLICATE
    assert similarity(a, "") == 0.0
    assert similarity("  完成立项。", "完成立项") == 1.0


def test_measure_mismatch_is_a_chinese_error_at_the_field_and_nothing_is_written(world,
                                                                               indicator):
    with pytest.raises(ReportInputError) as err:
        _save(world, world.task_a, "新建基站",
              actuals=[ActualInput(indicator, Decimal(300), "吨")])
    assert "无法换算" in err.value.fields[f"ind-{indicator.pk}-measure"]
    assert not Report.objects.exists() and not IndicatorActual.objects.exists()
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/"
    p = f"t{world.task_a.pk}-ind-{indicator.pk}"
    response = _login(world.reporter_a).post(url, {
        f"t{world.task_a.pk}-text": "新建基站", f"{p}-value": "300", f"{p}-measure": "吨",
        "action": "save"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "计量单位“吨”与目标的" in body
    assert 'class="errorlist"' in body
    assert not Report.objects.exists()


def test_convertible_measure_is_kept_as_entered(world, indicator):
    _save(world, world.task_a, "新建基站",
          actuals=[ActualInput(indicator, Decimal("0.03"), "万座")])
    actual = IndicatorActual.objects.get()
    assert actual.measure == "万座" and actual.value == Decimal("0.03")


@pytest.mark.parametrize(("name", "data"), [("图片.png", PNG), ("方案.pdf", PDF),
                                            ("方案.docx", docx_bytes())])
def test_evidence_type_is_detected_from_content_and_stored_outside_the_web_root(world, name,
                                                                                 data):
    report = _save(world, world.task_a, "见附件", uploads=[(upload(name, data), name)])
    evidence = report.evidence.get()
    assert evidence.original_name == name
    assert evidence.file.name.startswith("evidence/2026Q1/")
    assert default_storage.exists(evidence.file.name)
    response = _login(world.reporter_a).get(f"/duban/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("伪装.pdf", b"MZ\x90\x00\x03\x00 not a pdf", "内容是"),
    ("脚本.png", b"<script>alert(1)</script>", "内容是文本"),
    ("空.pdf", b"", "空的"),
    ("压缩包.docx", b"PK\x03\x04" + b"\x00" * 40, "不是有效的 Office 文档"),
    ("程序.exe", b"MZ\x90\x00", "不接受扩展名"),
    ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "不接受扩展名"),
])
def test_evidence_of_a_wrong_type_is_refused_with_zero_writes(world, name, data, message):
    with pytest.raises(ReportInputError) as err:
        _save(world, world.task_a, "见附件",
              uploads=[(upload("ok.pdf", PDF), "ok.pdf"), (upload(name, data), name)])
    assert message in err.value.fields["evidence"]
    assert not Report.objects.exists() and not Evidence.objects.exists()
    assert not default_storage.exists("evidence")


def test_evidence_over_the_size_limit_is_refused_with_zero_writes(world, settings):
    settings.DUCHA_UPLOAD_MAX_BYTES = 1024
    big = PDF + b"0" * 2048
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/"
    response = _login(world.reporter_a).post(url, {
        f"t{world.task_a.pk}-text": "见附件", "action": "save",
        f"t{world.task_a.pk}-evidence": upload("大文件.pdf", big)}, HTTP_HX_REQUEST="true")
    assert "超过" in response.content.decode()
    assert not Report.objects.exists() and not Evidence.objects.exists()
    assert not default_storage.exists("evidence")


def test_lead_unit_sees_responsible_units_text_on_its_form(world):
    _save(world, world.task_shared, "乙局已完成配合调研", by=world.reporter_b, submit=True)
    body = _page(world, world.reporter_a)
    assert "乙局已完成配合调研" in body and "责任单位报送的材料" in body


def test_responsible_unit_does_not_see_the_lead_units_text(world):
    _save(world, world.task_shared, "甲局牵头内容", by=world.reporter_a)
    assert "甲局牵头内容" not in _page(world, world.reporter_b)
    body = _login(world.reporter_b).get(f"/duban/tasks/{world.task_shared.pk}/").content
    assert "甲局牵头内容" not in body.decode()


def test_acknowledge_all_then_supervisor_sees_only_the_other_units(world):
    client = _login(world.reporter_a)
    client.post(f"/duban/periods/{world.period.pk}/ack/")
    assert Acknowledgement.objects.filter(unit=world.unit_a).count() == 2
    body = _login(world.supervisor).get(f"/duban/periods/{world.period.pk}/missing/").content
    table = body.decode().split('data-testid="unacknowledged-table"')[1]
    assert "测试市乙局" in table and "测试市甲局" not in table


def test_htmx_duplicate_check_writes_nothing(world, earlier):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier, text=OLD_TEXT,
                          state=ReportState.ACCEPTED)
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/check/"
    response = _login(world.reporter_a).post(url, {f"t{world.task_a.pk}-text": OLD_TEXT},
                                             HTTP_HX_REQUEST="true")
    assert "与上期内容雷同" in response.content.decode()
    assert Report.objects.count() == 1


def test_htmx_save_returns_the_card_with_its_new_state(world):
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/"
    response = _login(world.reporter_a).post(url, {
        f"t{world.task_a.pk}-text": "已开工", f"t{world.task_a.pk}-confidence": "low",
        "action": "submit"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith("<article") and "已报送" in body
    assert Report.objects.get().confidence == "low"
