"""Fixtures for the workflow tests: a pinned clock, lag causes, indicators and evidence files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ducha.choices import Comparator, IndicatorKind, PeriodKind
from ducha.ledger.models import Indicator
from ducha.reporting.models import LagCause, Period

LOCAL = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=LOCAL)
TODAY = NOW.date()
PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (1).to_bytes(4, "big") * 2
       + b"\x08\x02\x00\x00\x00" + b"\x00" * 4)


def pdf_bytes() -> bytes:
    """A small valid PDF (one blank page), as an office scanner would not make it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf_bytes()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def causes(db: None) -> dict[str, LagCause]:
    """The office's default list (a flushed test database may have lost the data migration)."""
    out = {}
    for position, name in enumerate(("资金", "用地", "审批", "协调", "其他"), start=1):
        out[name], _ = LagCause.objects.get_or_create(name=name,
                                                      defaults={"position": position * 10})
    return out


@pytest.fixture
def earlier(world) -> Period:
    """The period before ``world.period`` (2025 Q4, closed)."""
    return Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                 due_date=dt.date(2025, 12, 31))


@pytest.fixture
def indicator(world) -> Indicator:
    """新建5G基站1000座 on task_a, counted cumulatively against 序时进度."""
    return Indicator.objects.create(task=world.task_a, name="新建5G基站", kind=IndicatorKind.COUNT,
                                    comparator=Comparator.AT_LEAST, value=Decimal(1000),
                                    measure="座", cumulative=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    """Evidence goes to a temporary MEDIA_ROOT, never the developer's var/ directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
