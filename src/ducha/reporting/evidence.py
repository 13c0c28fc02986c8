"""Evidence files (佐证材料): checked by content through the product's one upload gate.

``ducha.security.uploads.check_upload`` reads the file's bytes (magic numbers, Office parts,
zip bombs, macros, PDF scripts …) and refuses with a Chinese message; this module adds what
evidence needs on top: the accepted kinds, the early size check before reading a large file
into memory, the stored extension and content type, and the digest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from ducha.base import DuchaError
from ducha.security.uploads import check_upload as security_check

#: Kinds a unit may attach: PDF, images and Office documents (.docx/.xlsx).
EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"jpeg": "jpg"}
#: At most this many files per report.
MAX_FILES_PER_REPORT = 20
ALLOWED_TEXT = "PDF、图片(JPG/PNG)或 Office 文档(.docx/.xlsx)"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with its detected type and digest."""

    upload: IO[bytes]
    original_name: str
    kind: str  # the extension Ducha stores it under: pdf, png, jpg, docx, xlsx
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(settings.DUCHA_UPLOAD_MAX_BYTES)  # DUCHA_UPLOAD_MAX_MB, default 20


def _size(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def check_upload(upload: IO[bytes], name: str) -> CheckedFile:
    """Check one upload's size and content; raise a Chinese ``DuchaError`` when refused."""
    shown = (name or "未命名文件")[:200]
    size = _size(upload)
    limit = max_bytes()
    if size > limit:  # refuse before reading a large file into memory
        raise DuchaError(
            f"文件“{shown}”大小为 {size / 1048576:.1f} MB,超过 {limit / 1048576:g} MB 的上限;"
            "请压缩或拆分后再上传。", "evidence_too_large")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        kind = security_check(shown, data, allowed=EVIDENCE_KINDS)
    except DuchaError as exc:
        raise DuchaError(f"文件“{shown}”未能上传:{exc.message}", exc.code) from exc
    return CheckedFile(upload, shown, EXTENSIONS.get(kind, kind), CONTENT_TYPES[kind], size,
                       hashlib.sha256(data).hexdigest())
