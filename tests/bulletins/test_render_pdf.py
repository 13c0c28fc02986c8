"""PDF through LibreOffice: a clear Chinese error when it is missing, a real PDF when present."""

from __future__ import annotations

import importlib
import io
import shutil

import pytest
from pypdf import PdfReader

from ducha.bulletins.render_docx import render_docx
from ducha.bulletins.render_pdf import PdfConversionError, PdfUnavailable, render_pdf

pdf_module = importlib.import_module("ducha.bulletins.render_pdf")

MESSAGE = "未安装 LibreOffice,无法生成 PDF;请安装 libreoffice 后重试,或下载 .docx 版本"


def test_missing_libreoffice_raises_pdf_unavailable_with_the_chinese_message(monkeypatch,
                                                                             bulletin):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PdfUnavailable) as caught:
        render_pdf(render_docx(bulletin()))
    assert str(caught.value) == MESSAGE


def test_a_failed_conversion_says_what_to_do(monkeypatch, bulletin, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 崩溃了 >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf_module, "libreoffice_binary", lambda: str(fake))
    with pytest.raises(PdfConversionError, match=r"退出码 3:崩溃了.*请下载 \.docx 版本"):
        render_pdf(render_docx(bulletin()))


def test_libreoffice_makes_a_pdf_of_the_bulletin(bulletin):
    if pdf_module.libreoffice_binary() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    data = render_pdf(render_docx(bulletin("periodical")))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "政务督查" in first
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == \
        (210, 297)
