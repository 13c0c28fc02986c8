"""The office's status vocabulary: set per source kind, refused when unusable, and used by
the review queue's suggestions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from ducha.audit.models import AuditEvent
from ducha.base import DuchaError
from ducha.bulletins.gather import item_states
from ducha.choices import ReportState, SourceKind
from ducha.reporting.models import Report, StatusVocabulary
from ducha.reporting.review import review_queue, task_review
from ducha.reporting.services import report_save
from ducha.reporting.vocabulary import status_vocabularies, status_vocabulary_set

from .conftest import NOW

pytestmark = pytest.mark.django_db

# A document issued: done in an office that has 已落实, basically done in one that has not.
ISSUED = "3月2日,印发了《示例市关于加快推进试点工作的实施方案》(示政办发〔2026〕11号)。"
SECTIONS_OF_A_CARRY_OVER_BULLETIN = ["not_done", "basically_done"]


def _submit(world) -> None:
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, text=ISSUED,
                by=world.reporter_a, now=NOW, submit=True)


def test_without_a_vocabulary_all_seven_statuses_may_be_suggested(world):
    _submit(world)
    [row] = review_queue(period=world.period, filters={})
    assert row.suggestion.status == "done"


def test_the_queue_and_the_task_review_suggest_within_the_office_vocabulary(world):
    _submit(world)
    status_vocabulary_set(source_kind=SourceKind.WORK_REPORT,
                          statuses=SECTIONS_OF_A_CARRY_OVER_BULLETIN, by=world.supervisor)
    [row] = review_queue(period=world.period, filters={})
    assert row.suggestion.status == "basically_done"
    review = task_review(task=world.task_a, period=world.period)
    assert review.lead_suggestion == "basically_done"
    # another kind of source keeps all seven
    assert SourceKind.MEETING_MINUTES not in status_vocabularies()


def test_setting_a_vocabulary_is_kept_in_order_with_history_and_audit(world):
    status_vocabulary_set(source_kind=SourceKind.WORK_REPORT,
                          statuses=["ongoing", "done", "in_progress"], by=world.supervisor)
    row = StatusVocabulary.objects.get(source_kind=SourceKind.WORK_REPORT)
    assert row.statuses == ["done", "in_progress", "ongoing"]  # the statuses' own order
    assert row.history.first().history_user == world.supervisor
    event = AuditEvent.objects.get(action="status_vocabulary_set")
    assert event.detail["statuses"] == ["done", "in_progress", "ongoing"]
    status_vocabulary_set(source_kind=SourceKind.WORK_REPORT, statuses=[], by=world.supervisor)
    assert status_vocabularies() == {}  # an empty choice means all seven again


@pytest.mark.parametrize(("kind", "statuses", "code"), [
    (SourceKind.WORK_REPORT, ["done"], "vocabulary_too_small"),
    (SourceKind.WORK_REPORT, ["done", "finished"], "vocabulary_status"),
    ("gazette", ["done", "in_progress"], "vocabulary_kind"),
])
def test_an_unusable_vocabulary_is_refused_and_nothing_changes(world, kind, statuses, code):
    with pytest.raises(DuchaError) as caught:
        status_vocabulary_set(source_kind=kind, statuses=statuses, by=world.supervisor)
    assert caught.value.code == code
    assert StatusVocabulary.objects.count() == 0
    assert not AuditEvent.objects.filter(action="status_vocabulary_set").exists()


def test_only_the_office_may_set_the_vocabulary(world):
    for user in (world.reporter_a, world.leader):
        with pytest.raises(PermissionDenied):
            status_vocabulary_set(source_kind=SourceKind.WORK_REPORT,
                                  statuses=["done", "in_progress"], by=user)
    assert StatusVocabulary.objects.count() == 0


def test_the_page_sets_a_vocabulary_and_explains_a_refusal(world):
    client = Client()
    client.force_login(world.supervisor)
    page = client.get("/duban/vocabulary/").content.decode()
    assert "本室使用的状态" in page and "常务会议纪要" in page and "(未限定:七类状态)" in page
    response = client.post("/duban/vocabulary/", {"source_kind": "meeting_minutes",
                                                  "statuses": ["done", "in_progress"]},
                           follow=True)
    assert "已保存“常务会议纪要”使用的状态" in response.content.decode()
    assert status_vocabularies() == {"meeting_minutes": frozenset({"done", "in_progress"})}
    refused = client.post("/duban/vocabulary/", {"source_kind": "meeting_minutes",
                                                 "statuses": ["done"]}).content.decode()
    assert "至少选择 2 个状态" in refused
    assert status_vocabularies() == {"meeting_minutes": frozenset({"done", "in_progress"})}


@pytest.mark.parametrize("persona", ["reporter_a", "leader"])
def test_other_roles_cannot_open_the_page(world, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get("/duban/vocabulary/").status_code == 403
    assert client.post("/duban/vocabulary/", {"source_kind": "work_report",
                                              "statuses": ["done", "in_progress"]}
                       ).status_code == 403


def test_an_unassessed_bulletin_item_is_suggested_in_the_office_vocabulary(world):
    """The bulletin drafts an item nobody assessed yet from its progress, in the office's terms."""
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, text=ISSUED,
                by=world.reporter_a, now=NOW, submit=True)
    Report.objects.filter(task=world.task_a).update(state=ReportState.ACCEPTED)
    [before] = item_states([world.task_a], world.period)
    assert (before.status, before.assessed) == ("done", False)
    status_vocabulary_set(source_kind=SourceKind.WORK_REPORT,
                          statuses=SECTIONS_OF_A_CARRY_OVER_BULLETIN, by=world.supervisor)
    [after] = item_states([world.task_a], world.period)
    assert (after.status, after.assessed) == ("basically_done", False)
