"""One entry point from a bulletin's stored content to a file in any supported format."""

from __future__ import annotations

from ducha.base import DuchaError
from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.render_docx import render_docx
from ducha.bulletins.render_html import render_html
from ducha.bulletins.render_text import render_markdown, render_text

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


def render(doc: BulletinDocument, fmt: str) -> bytes:
    """The document as bytes in ``fmt`` (docx, pdf, html, md, txt)."""
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "pdf":
        from ducha.bulletins.render_pdf import PdfConversionError, PdfUnavailable, render_pdf

        try:
            return render_pdf(render_docx(doc))
        except PdfUnavailable as exc:
            raise DuchaError(str(exc), "pdf_unavailable") from None
        except PdfConversionError as exc:
            raise DuchaError(f"PDF 转换失败({exc});请下载 .docx 版本,或稍后重试。",
                             "pdf_failed") from None
    if fmt == "html":
        return render_html(doc).encode("utf-8")
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    if fmt == "txt":
        return render_text(doc).encode("utf-8")
    raise DuchaError(f"不支持的格式“{fmt}”:可选 {'、'.join(FORMATS)}。")
