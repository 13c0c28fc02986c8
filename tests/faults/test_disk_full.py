"""Fault 5(c): the disk fills while an evidence file (佐证材料) is being written.

The settings read no variable that would swap the storage of a running server, so this runs
at the service level: Django's test client posts the reporter's card (the same multipart form
the browser sends, through every middleware and the view) against the suite's database —
PostgreSQL in CI — with ``STORAGES["default"]`` overridden by ``FullDiskStorage``: the real
``FileSystemStorage`` whose write stops part-way with ``OSError(ENOSPC)``, leaving the partial
file on disk exactly as a full disk does.

What this proves:

1. the report is not saved half-way: a draft saved before keeps its text, state and history;
   a new report leaves no row; no evidence row, no indicator actual, no acknowledgement, no
   audit row of a submission is written;
2. the orphan files are removed: neither the files completely written before the disk filled
   nor the partial one remain under MEDIA_ROOT;
3. the unit is told in Chinese what happened and to retry — no server error page (500).
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ducha.audit.models import AuditEvent
from ducha.reporting.models import Acknowledgement, Evidence, Report

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (1).to_bytes(4, "big") * 2
       + b"\x08\x02\x00\x00\x00" + b"\x00" * 4 + b"\x00" * 20000)


class FullDiskStorage(FileSystemStorage):
    """``FileSystemStorage`` on a disk with ``free`` bytes left (class-wide, like a disk).

    The write goes through the real ``FileSystemStorage._save``; the chunk that does not fit
    is cut where the disk ends and ``OSError(ENOSPC)`` is raised — the partial file stays.
    """

    free = 0

    def _save(self, name: str, content) -> str:  # type: ignore[no-untyped-def]
        data = content.read()

        class Filling(ContentFile):
            def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
                fits = max(0, FullDiskStorage.free)
                FullDiskStorage.free -= len(data)
                if fits:
                    yield data[:fits]
                if fits < len(data):
                    raise OSError(errno.ENOSPC, "No space left on device")

        return super()._save(name, Filling(data, name=name))


@pytest.fixture
def full_disk(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": f"{__name__}.FullDiskStorage"}}
    return tmp_path / "media"


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post(client: Client, world, text: str, action: str, files: list[bytes]):
    task = world.task_a.pk
    data = {f"t{task}-text": text, f"t{task}-confidence": "medium",
            f"t{task}-next_milestone": "", f"t{task}-next_milestone_date": "", "action": action,
            f"t{task}-evidence": [SimpleUploadedFile(f"照片{i}.png", blob, "image/png")
                                  for i, blob in enumerate(files)]}
    return client.post(f"/duban/periods/{world.period.pk}/report/{task}/", data,
                       HTTP_HX_REQUEST="true")


def _client(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.reporter_a)
    return client


def _draft_then_full_disk(world) -> tuple[Report, int, object]:
    """A draft saved while there was room; then a submission whose 2nd file fills the disk."""
    client = _client(world)
    FullDiskStorage.free = 10**9
    assert "草稿已保存" in _post(client, world, "上周的草稿", "save", []).content.decode()
    report = Report.objects.get()
    history = report.history.count()
    FullDiskStorage.free = len(PNG) + len(PNG) // 2  # the 2nd file fills the disk half-way
    response = _post(client, world, "本期已完成验收", "submit", [PNG, PNG])
    return report, history, response


def test_disk_full_on_second_file_keeps_the_draft_as_it_was(world, full_disk):
    report, history, _response = _draft_then_full_disk(world)
    report.refresh_from_db()
    assert (report.text, report.state, report.submitted_at) == ("上周的草稿", "draft", None)
    assert report.history.count() == history
    assert Evidence.objects.count() == 0
    assert AuditEvent.objects.filter(action="report_submit").count() == 0
    assert Report.objects.count() == 1


def test_disk_full_on_first_file_writes_no_report(world, full_disk):
    FullDiskStorage.free = 100  # the first bytes of the first file fit
    _post(_client(world), world, "首次报送", "submit", [PNG])
    assert Report.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert Acknowledgement.objects.count() == 0
    assert AuditEvent.objects.filter(action="report_submit").count() == 0


def test_disk_full_removes_every_file_it_wrote(world, full_disk):
    _draft_then_full_disk(world)
    leftovers = _files(full_disk)
    assert leftovers == [], f"orphan evidence files left on disk: {leftovers}"


def test_disk_full_tells_the_unit_in_chinese_to_retry(world, full_disk):
    _report, _history, response = _draft_then_full_disk(world)
    body = response.content.decode()
    assert response.status_code < 500, f"a server error page ({response.status_code})"
    assert "重试" in body or "稍后" in body, body[:600]


def test_after_the_disk_is_freed_the_same_submission_goes_through(world, full_disk):
    client = _client(world)
    FullDiskStorage.free = 100
    _post(client, world, "本期已完成验收", "submit", [PNG])
    FullDiskStorage.free = 10**9
    response = _post(client, world, "本期已完成验收", "submit", [PNG])
    assert "已报送" in response.content.decode()
    report = Report.objects.get()
    assert report.state == "submitted" and report.text == "本期已完成验收"
    evidence = report.evidence.get()
    stored = full_disk / evidence.file.name
    assert stored.read_bytes() == PNG and evidence.size == len(PNG)
