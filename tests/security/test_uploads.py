"""Uploads are checked by content; every hostile file is refused with a Chinese message."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from docx import Document
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from ducha.security.uploads import UploadRejected, check_upload

ALL = {"pdf", "docx", "xlsx", "png", "jpeg", "txt", "csv", "html"}


def _docx() -> bytes:
    doc = Document()
    doc.add_paragraph("关于印发重点工作分解方案的通知")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["单位", "进展"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _pdf(js: str | None = None, encrypt: bool = False, open_action: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if js:
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject(js)})
        tree = DictionaryObject({NameObject("/Names"): ArrayObject(
            [TextStringObject("x"), writer._add_object(action)])})
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)})
    if open_action:
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                   NameObject("/F"): TextStringObject("calc.exe")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if encrypt:
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"\x00" + b"\x00\x00\x00" * width)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + \
        chunk(b"IEND", b"")


def _rezip(source: bytes, replace: dict[str, bytes], *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, replace.pop(item.filename, zin.read(item.filename)))
        for name, data in replace.items():
            zout.writestr(name, data)
    return out.getvalue()


def _rejected(name: str, data: bytes, allowed=ALL) -> str:
    with pytest.raises(UploadRejected) as info:
        check_upload(name, data, allowed=allowed)
    message = info.value.message
    assert "请" in message, message  # says what to do
    return message


# ---- accepted --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "maker", "kind"), [
    ("分解方案.docx", _docx, "docx"), ("台账.xlsx", _xlsx, "xlsx"), ("通报.PDF", _pdf, "pdf"),
    ("现场.png", _png, "png"), ("照片.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 64, "jpeg"),
    ("进展.txt", lambda: "一、总体进展\n已完成".encode(), "txt"),
    ("gbk.txt", lambda: "已完成年度目标".encode("gb18030"), "txt"),
    ("page.html", lambda: b"<html><body>ok</body></html>", "html"),
])
def test_genuine_files_are_accepted_by_content(name, maker, kind):
    assert check_upload(name, maker(), allowed=ALL) == kind


# ---- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..\\..\\boot.ini.txt",
                                  "/etc/cron.d/x.txt", "C:evil.txt", ".htaccess.txt",
                                  "a\x00.txt", "报告\u202eTXT.exe.txt", "x" * 300 + ".txt",
                                  "noextension", ""])
def test_unsafe_names_are_refused(name):
    _rejected(name, b"hello")


def test_extension_outside_the_allowed_kinds_is_refused():
    message = _rejected("台账.xlsx", _xlsx(), allowed={"docx", "pdf"})
    assert "不接受扩展名为 .xlsx" in message


def test_executables_are_refused_whatever_their_name():
    _rejected("tool.exe", b"MZ\x90\x00")
    assert "二进制" in _rejected("tool.pdf", b"MZ\x90\x00" + b"\x00" * 100)


# ---- content vs extension --------------------------------------------------------------------

def test_docx_that_is_not_a_zip_is_refused():
    assert "不是 Office 文档" in _rejected("方案.docx", "这其实是文本".encode())
    assert "不是 Office 文档" in _rejected("方案.docx", _pdf())


def test_broken_zip_is_refused():
    data = _docx()
    assert "已损坏" in _rejected("方案.docx", data[:200] + b"\x00" * 50 + data[250:1000])


def test_xlsx_named_docx_is_refused():
    assert "Excel" in _rejected("方案.docx", _xlsx())


def test_png_named_pdf_is_refused():
    assert "PNG" in _rejected("通报.pdf", _png())


def test_binary_named_txt_is_refused():
    _rejected("进展.txt", b"\x00\x01\x02binary")


def test_old_office_files_are_refused_with_a_hint():
    assert "另存为" in _rejected("方案.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


# ---- size and bombs --------------------------------------------------------------------------

def test_empty_and_oversized_files_are_refused(settings):
    settings.DUCHA_UPLOAD_MAX_BYTES = 1024
    assert "空的" in _rejected("a.txt", b"")
    assert "超过上限" in _rejected("a.txt", b"a" * 1025)


def test_zip_bomb_is_refused_while_decompressing(settings):
    settings.DUCHA_UPLOAD_MAX_BYTES = 512 * 1024
    bomb = _rezip(_docx(), {"word/media/zeros.bin": b"\x00" * (20 * 1024 * 1024)}, level=9)
    assert len(bomb) < 512 * 1024
    assert "压缩炸弹" in _rejected("方案.docx", bomb)


def test_high_ratio_part_is_refused():
    bomb = _rezip(_docx(), {"word/media/zeros.bin": b"\x00" * (4 * 1024 * 1024)}, level=9)
    assert "压缩" in _rejected("方案.docx", bomb)


def test_too_many_parts_are_refused():
    parts = {f"word/p{i}.bin": b"x" for i in range(2100)}
    assert "部件" in _rejected("方案.docx", _rezip(_docx(), parts))


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
               b'<w:document xmlns:w="x"><w:body>&lol3;</w:body></w:document>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<d>&x;</d>')


@pytest.mark.parametrize("payload", [ENTITY_BOMB, XXE])
def test_xml_entity_bombs_and_external_entities_are_refused(payload):
    assert "实体" in _rejected("方案.docx", _rezip(_docx(), {"word/document.xml": payload}))
    assert "实体" in _rejected("台账.xlsx", _rezip(_xlsx(), {"xl/workbook.xml": payload}))


def test_broken_xml_is_refused():
    assert "XML 已损坏" in _rejected("方案.docx",
                                    _rezip(_docx(), {"word/document.xml": b"<w:doc"}))


def test_macros_are_refused():
    assert "宏" in _rejected("方案.docx", _rezip(_docx(), {"word/vbaProject.bin": b"VBA"}))


def test_huge_png_dimensions_are_refused():
    assert "过大" in _rejected("图.png", _png(width=100_000, height=100_000))


# ---- PDF -------------------------------------------------------------------------------------

def test_pdf_with_javascript_is_refused():
    assert "JavaScript" in _rejected("通报.pdf", _pdf(js="app.alert('x')"))


def test_pdf_with_launch_open_action_is_refused():
    assert "Launch" in _rejected("通报.pdf", _pdf(open_action=True))


def test_encrypted_pdf_is_refused():
    assert "加密" in _rejected("通报.pdf", _pdf(encrypt=True))


def test_hex_escaped_names_do_not_hide_javascript():
    data = _pdf().replace(b"/Type /Catalog",
                          b"/Type /Catalog /Names << /J#61vaScript 99 0 R >>", 1)
    assert "JavaScript" in _rejected("通报.pdf", data)


def test_corrupt_pdf_is_refused():
    assert "损坏" in _rejected("通报.pdf", b"%PDF-1.7\n" + b"garbage" * 50)


def test_an_ordinary_destination_open_action_is_accepted():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(
        DictionaryObject({NameObject("/S"): NameObject("/GoTo")}))
    buffer = io.BytesIO()
    writer.write(buffer)
    assert check_upload("通报.pdf", buffer.getvalue(), allowed=ALL) == "pdf"
