"""Every uploaded file is checked by its content, not its name, before anything is written.

``check_upload(name, data, allowed=...)`` returns the kind detected from the bytes (``pdf``,
``docx``, ``xlsx``, ``png``, ``jpeg``, ``txt``, ``csv``, ``html``) or raises ``UploadRejected``
with a Chinese message that says what is wrong and what to do. Callers check first and write
only afterwards, so a rejected file leaves nothing behind.

Refused: unsafe names (paths, control characters), empty or oversized files, content that does
not match the extension, old binary Office files, a .docx/.xlsx that is not a valid zip, zip
bombs (total size, ratio, entry count — counted while decompressing, never trusted from the
header), encrypted zip entries, macros, XML with a DTD or entities (parsed with defusedxml), a
PDF that is encrypted or carries JavaScript, Launch, automatic actions or embedded files, and
a PNG too large to decode safely.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings

from ducha.base import DuchaError

KINDS = {"pdf", "docx", "xlsx", "png", "jpeg", "txt", "csv", "html"}
KIND_BY_EXTENSION = {
    "pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg",
    "txt": "txt", "csv": "csv", "html": "html", "htm": "html",
}
KIND_LABELS = {"pdf": "PDF", "docx": "Word 文档 (.docx)", "xlsx": "Excel 表格 (.xlsx)",
               "png": "PNG 图片", "jpeg": "JPEG 图片", "txt": "文本文件", "csv": "CSV 表格",
               "html": "网页文件", "zip": "压缩包", "ole": "旧版 Office 文件 (.doc/.xls)",
               "binary": "无法识别的二进制文件"}
TEXT_KINDS = {"txt", "csv", "html"}
MAX_NAME_LENGTH = 200
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 100  # uncompressed / compressed, per entry and over the archive
MAX_PNG_PIXELS = 50_000_000
PDF_FORBIDDEN = {
    "JavaScript": "嵌入了 JavaScript 脚本", "JS": "嵌入了 JavaScript 脚本",
    "Launch": "含有启动外部程序的动作 (Launch)", "AA": "含有自动触发的动作 (AA)",
    "EmbeddedFile": "嵌入了其他文件", "EmbeddedFiles": "嵌入了其他文件",
    "RichMedia": "嵌入了多媒体脚本内容", "XFA": "含有 XFA 动态表单",
    "Encrypt": "已加密",
}
PDF_DANGEROUS_ACTIONS = {"JavaScript", "Launch", "SubmitForm", "ImportData", "GoToR", "GoToE",
                         "RichMediaExecute", "Rendition"}
_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+)")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


class UploadRejected(DuchaError):  # noqa: N818 - the name other apps call
    """A refused upload; ``message`` is Chinese and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "upload_rejected")


def _max_bytes() -> int:
    return int(settings.DUCHA_UPLOAD_MAX_BYTES)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


def check_name(name: str) -> str:
    """The file's extension (lower case) if the name is safe; otherwise UploadRejected."""
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UploadRejected(f"文件名为空或超过 {MAX_NAME_LENGTH} 个字符;"
                             "请改一个简短的文件名后重新上传。")
    if any(unicodedata.category(c) in {"Cc", "Cf"} for c in name):
        raise UploadRejected("文件名含有控制字符或不可见字符;请重命名文件后重新上传。")
    if "/" in name or "\\" in name or name.startswith(".") or ".." in name or ":" in name:
        raise UploadRejected("文件名不能包含路径(/、\\、..、盘符)或以点开头;"
                             "请只用文件本身的名字重新上传。")
    if "." not in name:
        raise UploadRejected("文件名没有扩展名;请确认文件类型(如 .docx、.pdf)后重新上传。")
    return name.rsplit(".", 1)[1].lower()


def sniff(data: bytes) -> str:
    """The kind of file the bytes are, from magic numbers (zip containers by their parts)."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if _decode_text(data) is not None:
        return "text"
    return "binary"


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f")
        if controls <= len(text) // 1000:
            return text
    return None


def check_upload(name: str, data: bytes, *, allowed: set[str]) -> str:
    """Check an upload by its content; return its kind or raise ``UploadRejected``.

    ``allowed`` is the set of kinds the caller accepts, e.g. ``{"docx", "pdf", "txt"}``.
    """
    extension = check_name(name)
    expected = KIND_BY_EXTENSION.get(extension)
    wanted = "、".join(KIND_LABELS.get(k, k) for k in sorted(allowed))
    if expected is None or expected not in allowed:
        raise UploadRejected(f"不接受扩展名为 .{extension} 的文件;请改为上传:{wanted}。")
    limit = _max_bytes()
    if not data:
        raise UploadRejected("文件是空的(0 字节);请检查文件后重新上传。")
    if len(data) > limit:
        raise UploadRejected(f"文件大小 {_mb(len(data))} 超过上限 {_mb(limit)};"
                             "请压缩图片或拆分文件后重新上传。")
    found = sniff(data)
    if found == "ole":
        raise UploadRejected("这是旧版 Office 文件(.doc/.xls);请用 Office 或 WPS 另存为 "
                             ".docx/.xlsx 后重新上传。")
    if expected in {"docx", "xlsx"}:
        if found != "zip":
            raise UploadRejected(f"文件扩展名是 .{extension},但内容不是 Office 文档"
                                 f"(实际为{KIND_LABELS.get(found, '文本')});"
                                 "请用 Office 或 WPS 重新保存后上传。")
        _check_office(data, expected, extension, limit)
        return expected
    if expected in TEXT_KINDS:
        if found != "text":
            raise UploadRejected(f"文件扩展名是 .{extension},但内容不是文本"
                                 f"(实际为{KIND_LABELS.get(found, found)});请上传正确的文件。")
        return expected
    if found != expected:
        actual = KIND_LABELS.get("txt" if found == "text" else found, found)
        raise UploadRejected(f"文件扩展名是 .{extension},但内容是{actual};"
                             "请确认文件类型,改正扩展名或重新导出后上传。")
    if expected == "pdf":
        _check_pdf(data)
    elif expected == "png":
        _check_png(data)
    return expected


# ---- Office documents (zip + XML) ----------------------------------------------------------

def _check_office(data: bytes, kind: str, extension: str, limit: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise UploadRejected(f"文件扩展名是 .{extension},但不是有效的 Office 文档(压缩结构已损坏);"
                             "请用 Office 或 WPS 重新保存后上传。") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadRejected(f"文档内部包含 {len(entries)} 个部件,超过上限 {MAX_ZIP_ENTRIES};"
                             "疑似恶意构造的文件,请重新保存后上传。")
    names = {e.filename for e in entries}
    marker = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    if "[Content_Types].xml" not in names or marker not in names:
        other = "Excel 表格" if "xl/workbook.xml" in names else \
            "Word 文档" if "word/document.xml" in names else "普通压缩包"
        raise UploadRejected(f"文件扩展名是 .{extension},但内容是{other};"
                             "请确认文件类型后重新上传。")
    if any(e.filename.lower().endswith("vbaproject.bin") for e in entries):
        raise UploadRejected("文档含有宏(VBA 代码);请另存为不含宏的 .docx/.xlsx 后重新上传。")
    total_limit = limit * 10
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UploadRejected("文档内部有加密的部件;请取消文档密码保护后重新上传。")
        if entry.filename.startswith(("/", "\\")) or ".." in entry.filename.split("/"):
            raise UploadRejected("文档内部含有指向外部路径的部件;"
                                 "疑似恶意构造的文件,请重新保存后上传。")
        content = _read_bounded(archive, entry, total_limit - total)
        total += len(content)
        if len(content) > 1024 * 1024 and len(content) > MAX_ZIP_RATIO * max(
                entry.compress_size, 1):
            raise UploadRejected("文档内部部件的压缩比异常(疑似“压缩炸弹”);请重新保存后上传。")
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml(content)
    if total > 1024 * 1024 and total > MAX_ZIP_RATIO * len(data):
        raise UploadRejected("文档解压后的体积异常(疑似“压缩炸弹”);请重新保存后上传。")


def _read_bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> bytes:
    """Decompress one part, stopping as soon as it passes the remaining budget."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(64 * 1024):
                size += len(chunk)
                if size > budget:
                    raise UploadRejected(f"文档解压后超过 {_mb(budget)}(疑似“压缩炸弹”);"
                                         "请检查文件后重新上传。")
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError):
        raise UploadRejected("文档内部已损坏,无法解压;"
                             "请用 Office 或 WPS 重新保存后上传。") from None
    return b"".join(chunks)


def _check_xml(content: bytes) -> None:
    try:
        SafeET.fromstring(content, forbid_dtd=True, forbid_entities=True,
                          forbid_external=True)
    except DefusedXmlException:
        raise UploadRejected("文档中的 XML 含有 DTD 或实体定义(可能是“XML 炸弹”或外部实体攻击);"
                             "请用 Office 或 WPS 重新保存后上传。") from None
    except SafeET.ParseError:
        raise UploadRejected("文档中的 XML 已损坏;请用 Office 或 WPS 重新保存后上传。") from None


# ---- PDF -----------------------------------------------------------------------------------

def _pdf_names(raw: bytes) -> set[str]:
    """Every /Name outside stream data, #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    names = set()
    for match in _PDF_NAME.finditer(_PDF_STREAM.sub(b"stream endstream", raw)):
        token = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                       match.group(1))
        names.add(token.decode("latin-1"))
    return names


def _check_pdf(data: bytes) -> None:
    found = _pdf_names(data) & PDF_FORBIDDEN.keys()
    if found:
        raise UploadRejected(_pdf_message(found))
    found = _pdf_object_names(data)
    if found:
        raise UploadRejected(_pdf_message(found))


def _pdf_message(found: set[str]) -> str:
    if "Encrypt" in found:
        return "PDF 文件已加密或设有密码;请取消加密后重新导出 PDF 上传。"
    reasons = "、".join(sorted({PDF_FORBIDDEN.get(n, f"含有危险动作 {n}") for n in found}))
    return f"PDF 文件{reasons},可能危害查看者的电脑;请用“打印为 PDF”重新生成后上传。"


def _pdf_object_names(data: bytes) -> set[str]:
    """Keys and actions inside compressed object streams, read with pypdf."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return {"Encrypt"}
        found: set[str] = set()
        seen: set[int] = set()
        stack: list[object] = [reader.trailer]
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                if obj.idnum in seen or len(seen) > 200_000:
                    continue
                seen.add(obj.idnum)
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                for key, value in obj.items():
                    name = str(key).lstrip("/")
                    if name in PDF_FORBIDDEN:
                        found.add(name)
                    if name == "S" and str(value).lstrip("/") in PDF_DANGEROUS_ACTIONS:
                        found.add(str(value).lstrip("/"))
                    stack.append(value)
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
        open_action = reader.trailer.get("/Root", {}).get_object().get("/OpenAction")
        if isinstance(open_action, IndirectObject):
            open_action = open_action.get_object()
        if isinstance(open_action, DictionaryObject):
            kind = str(open_action.get("/S", "")).lstrip("/")
            if kind and kind not in {"GoTo"}:
                found.add("OpenAction:" + kind)
        return found
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, AttributeError, RecursionError,
            OSError, IndexError, AssertionError):
        raise UploadRejected("PDF 文件已损坏,无法读取;请重新导出 PDF 后上传。") from None


# ---- images --------------------------------------------------------------------------------

def _check_png(data: bytes) -> None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise UploadRejected("PNG 图片已损坏;请重新导出图片后上传。")
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    if width * height > MAX_PNG_PIXELS:
        raise UploadRejected(f"图片尺寸 {width}×{height} 过大;请缩小到 5000 万像素以内后重新上传。")
