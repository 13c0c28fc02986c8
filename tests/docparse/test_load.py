"""Loading .txt .docx .pdf .html, and refusing every kind of bad input in Chinese."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from ducha.docparse import load as load_module
from ducha.docparse.errors import DocumentInputError
from ducha.docparse.load import MAX_BYTES, load_bytes, load_file
from ducha.docparse.parse import parse_file, parse_text

CJK = re.compile(r"[\u4e00-\u9fff]")
ITEM = "1.清理积存垃圾。(牵头单位:示例市城市管理局;责任单位:示例市生态环境局)"


def _refused(data: bytes, name: str) -> DocumentInputError:
    with pytest.raises(DocumentInputError) as caught:
        load_bytes(data, name)
    assert caught.value.path == name
    assert CJK.search(caught.value.problem), "the message a user reads is Chinese"
    return caught.value


# --- plain text ---------------------------------------------------------------------------

def test_utf8_text_is_normalised_line_by_line() -> None:
    text = load_bytes("一、总体要求\r\n\r\n(一)目标。 (牵头单位:示例市发改委)\n".encode(), "a.txt")
    assert text == "一、总体要求\n\n(一)目标。 (牵头单位:示例市发改委)"


def test_gbk_text_is_decoded() -> None:
    assert load_bytes(ITEM.encode("gbk"), "gbk.txt") == ITEM


def test_gb18030_and_utf16_with_bom_are_decoded() -> None:
    assert load_bytes(ITEM.encode("gb18030"), "a.txt") == ITEM
    assert load_bytes(ITEM.encode("utf-16"), "a.txt") == ITEM


def test_page_furniture_is_blanked_and_line_numbers_kept() -> None:
    raw = "字号: 分享到:\n关于开展整治的通知\n责任编辑:某某\n" + ITEM + "\n手机扫一扫\n打印本页 关闭窗口"
    assert load_bytes(raw.encode(), "page.txt") == f"\n关于开展整治的通知\n\n{ITEM}"


def test_metadata_lines_are_kept_for_the_parser() -> None:
    text = load_bytes("• 文 号:示政办函〔2022〕9号\n关于开展整治的通知\n".encode(), "a.txt")
    assert text.startswith("• 文 号:示政办函〔2022〕9号")


def test_load_file_reads_from_disk(tmp_path: Path) -> None:
    source = tmp_path / "notice.txt"
    source.write_bytes(ITEM.encode("gbk"))
    assert load_file(source) == ITEM


# --- docx ---------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_document_order(make_docx) -> None:
    data = make_docx(["示例市工作方案", "一、重点任务"],
                     table=[["说明", "内容"], ["甲", "乙"]], after=["二、保障措施"])
    assert load_bytes(data, "plan.docx").split("\n") == [
        "示例市工作方案", "一、重点任务", "说明", "内容", "甲", "乙", "二、保障措施"]


def test_docx_task_table_rows_become_annotated_items(make_docx) -> None:
    data = make_docx(
        ["示例市人民政府办公室关于印发重点工作分解的通知", "一、重点任务"],
        table=[["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
               ["1", "建设社区养老服务站", "示例市民政局", "示例市卫生健康委员会、各县(市、区)人民政府",
                "2024年底"]],
    )
    documents = parse_text(load_bytes(data, "tasks.docx"))
    (task,) = documents[0].tasks
    assert task.number == "1."
    assert task.chapter == "一、重点任务"
    assert task.lead_units == ["示例市民政局"]
    assert task.responsible_units == ["示例市卫生健康委员会", "各县(市、区)人民政府"]
    assert task.deadline == "2024年底"


def test_docx_that_is_not_a_zip_is_refused() -> None:
    assert "zip" in _refused(b"this is plain text, not a zip archive", "fake.docx").problem


def test_zip_without_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "word/document.xml" in _refused(buffer.getvalue(), "other.docx").problem


def test_docx_zip_bomb_is_refused_before_opening() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (11 * 1024 * 1024))
    assert "压缩炸弹" in _refused(buffer.getvalue(), "bomb.docx").problem


def test_damaged_docx_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    _refused(buffer.getvalue(), "damaged.docx")


# --- pdf ----------------------------------------------------------------------------------

def test_pdf_text_layer_is_read(make_pdf) -> None:
    data = make_pdf(["关于开展整治的通知", ITEM])
    assert load_bytes(data, "notice.pdf") == f"关于开展整治的通知\n{ITEM}"


def test_pdf_without_text_layer_is_refused() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "OCR" in _refused(buffer.getvalue(), "scan.pdf").problem


def test_encrypted_pdf_is_refused(make_pdf) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([ITEM]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "加密" in _refused(buffer.getvalue(), "locked.pdf").problem


def test_pdf_without_header_or_damaged_is_refused() -> None:
    _refused(b"not a pdf at all", "fake.pdf")
    _refused(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf")


# --- html ---------------------------------------------------------------------------------

PAGE = """<html><head><meta charset="gbk"><title>页面标题</title>
<style>p {{ color: red }}</style><script>var x = "牵头单位:脚本";</script></head>
<body><div class="bar">字号: 大 中 小 分享到:</div>
<h1>关于开展整治的通知</h1><p>各乡镇人民政府:</p><p>{item}</p>
<div>责任编辑:某某</div><div>打印本页</div><div>关闭窗口</div></body></html>"""


def test_html_keeps_visible_text_and_drops_scripts_and_furniture() -> None:
    text = load_bytes(PAGE.format(item=ITEM).encode("gbk"), "page.html")
    lines = [line for line in text.split("\n") if line]
    assert lines == ["关于开展整治的通知", "各乡镇人民政府:", ITEM]


def test_html_drops_menus_and_related_links_but_keeps_an_article_footer() -> None:
    page = ("<html><body><ul class='nav'><li>首页</li><li>政务公开</li></ul>"
            f"<div id='content'><p>关于开展整治的通知</p><p>{ITEM}</p>"
            "<footer>示例县人民政府办公室</footer></div>"
            "<div class='related'><h3>相关新闻</h3><div><a>市政府召开第35次常务会议</a></div>"
            "</div><nav><a>上一篇</a></nav><p>网站地图</p></body></html>")
    lines = [line for line in load_bytes(page.encode(), "page.html").split("\n") if line]
    assert lines == ["关于开展整治的通知", ITEM, "示例县人民政府办公室", "网站地图"]


def test_htm_with_unclosed_head_still_shows_the_body() -> None:
    text = load_bytes(f"<html><head><title>x</title><body><p>{ITEM}</p>".encode(), "p.htm")
    assert text.strip() == ITEM


# --- bad input of every kind -----------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"])
def test_empty_file_is_refused(data: bytes) -> None:
    assert "空" in _refused(data, "empty.txt").problem


def test_binary_garbage_is_refused() -> None:
    assert "二进制" in _refused(bytes(range(256)) * 8, "garbage.txt").problem


def test_undecodable_text_is_refused() -> None:
    assert "编码" in _refused(b"abc\x80\xffdef\x81\xff " * 40, "odd.txt").problem


def test_oversized_upload_is_refused() -> None:
    assert "MB" in _refused(b"a" * (MAX_BYTES + 1), "big.txt").problem


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    with source.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(DocumentInputError) as caught:
        load_file(source)
    assert caught.value.path == str(source)


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.txt", tmp_path):
        with pytest.raises(DocumentInputError) as caught:
            parse_file(path)
        assert "找不到" in caught.value.problem


@pytest.mark.parametrize("name", ["old.doc", "sheet.xlsx"])
def test_unsupported_formats_are_refused(name: str) -> None:
    _refused(b"some bytes here", name)


def test_file_of_only_furniture_is_refused() -> None:
    _refused("字号: 分享到:\n手机扫一扫\n".encode(), "chrome.txt")


def test_errors_name_the_path_given_to_load_file(tmp_path: Path) -> None:
    source = tmp_path / "empty.txt"
    source.write_bytes(b"")
    with pytest.raises(DocumentInputError) as caught:
        load_file(source)
    assert caught.value.path == str(source)
    assert str(source) in str(caught.value)


def test_limit_is_documented() -> None:
    assert load_module.MAX_BYTES == 20 * 1024 * 1024


def test_pdf_lines_wrapped_at_the_margin_are_joined(make_pdf) -> None:
    data = make_pdf([
        "一、重点任务",
        "1.加强垃圾治理。合理配置垃圾桶等环卫设施,配齐",
        "垃圾转运车辆。(牵头单位:示例市城市管理局;责任单",
        "位:示例市住建局)",
        "2.完善生活污水治理。(牵头单位:示例市住建局)",
    ])
    text = load_bytes(data, "wrapped.pdf")
    assert text.split("\n") == [
        "一、重点任务",
        "1.加强垃圾治理。合理配置垃圾桶等环卫设施,配齐垃圾转运车辆。(牵头单位:示例市城市管理局;责任单位:示例市住建局)",
        "2.完善生活污水治理。(牵头单位:示例市住建局)",
    ]


def test_docx_task_table_with_merged_heading_row(make_docx) -> None:
    data = make_docx(["关于印发任务分解的通知"], table=[
        ["序号", "工作任务", "牵头单位"],
        ["一、重点任务", "一、重点任务", "一、重点任务"],
        ["甲", "编制规划", "示例市规划局"],
    ])
    assert load_bytes(data, "t.docx").split("\n")[1:] == [
        "一、重点任务", "甲 编制规划(牵头单位:示例市规划局)"]


def test_html_with_wrong_declared_charset_falls_back_to_detection() -> None:
    page = f'<meta charset="utf-8"><p>{ITEM}</p><br/><p>二</p>'.encode("gbk")
    assert [line for line in load_bytes(page, "p.html").split("\n") if line] == [ITEM, "二"]


def test_utf16_without_valid_body_is_refused() -> None:
    _refused(b"\xef\xbb\xbf" + b"\xff\xfe\x00" * 10, "bad.txt")


def test_pdf_with_too_many_pages_is_refused(monkeypatch, make_pdf) -> None:
    from ducha.docparse import load_pdf

    monkeypatch.setattr(load_pdf, "MAX_PAGES", 0)
    assert "页" in _refused(make_pdf([ITEM]), "long.pdf").problem


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ITEM, encoding="utf-8")

    def fail(self: Path) -> bytes:
        raise PermissionError("denied")

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(DocumentInputError) as caught:
        load_file(source)
    assert "权限" in caught.value.problem


def test_html_task_table_rows_become_annotated_items() -> None:
    page = """<html><body><table><tr><td><h2>关于印发重点工作分解的通知</h2>
    <table border="1"><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>责任单位</th></tr>
    <tr><td colspan="4">一、重点任务</td></tr>
    <tr><td>1</td><td>建设社区养老服务站</td><td>示例市民政局</td><td>示例市财政局、各县(市、区)人民政府</td></tr>
    </table><p>说明文字。</p></td></tr></table></body></html>"""
    lines = [line for line in load_bytes(page.encode(), "t.html").split("\n") if line]
    assert lines == [
        "关于印发重点工作分解的通知", "一、重点任务",
        "1.建设社区养老服务站(牵头单位:示例市民政局;责任单位:示例市财政局、各县(市、区)人民政府)",
        "说明文字。"]
    (task,) = parse_text("\n".join(lines))[0].tasks
    assert task.chapter == "一、重点任务"


def test_pdf_blank_between_a_figure_and_its_unit_is_dropped(make_pdf) -> None:
    text = load_bytes(make_pdf(["示政发〔2030〕5 号", "新开工项目60 个,2030 年底前完成。", "甲局 2030年2月20日"]),
                      "figures.pdf")
    assert text.split("\n") == ["示政发〔2030〕5号", "新开工项目60个,2030年底前完成。", "甲局 2030年2月20日"]
