"""The HTML preview: structure that mirrors the .docx, and every user text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ducha.bulletins.document import Item, Paragraph, Section
from ducha.bulletins.render_html import PREVIEW_CSS, render_html

SCRIPT = "<script>alert('x')</script>"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_a_script_in_a_unit_name_is_escaped_everywhere(bulletin):
    hostile = {
        "title": f"关于{SCRIPT}的通报", "issuer": f"督查室{SCRIPT}", "addressees": f"{SCRIPT}：",
        "sections": [Section(f"一、{SCRIPT}", blocks=[
            Item(1, f"审议{SCRIPT}", f"（责任单位：市发改委{SCRIPT}）", [Paragraph(SCRIPT)])])],
        "signature": SCRIPT, "cc": SCRIPT, "printer": SCRIPT,
    }
    for layout in ("official", "periodical"):
        html = render_html(bulletin(layout, **hostile))
        assert "<script>" not in html
        assert "script" not in _tags(html)
        assert "（责任单位：市发改委&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;）" in html


def test_structure_follows_the_document(bulletin):
    html = render_html(bulletin())
    assert html.startswith('<article class="bulletin bulletin--official" lang="zh-CN">')
    assert '<h1 class="bulletin-title">关于2026年5月' in html
    assert re.findall(r'<h2 class="bulletin-h1">([^<]+)</h2>', html) == [
        "一、已落实事项", "二、正在推进事项"]
    assert '<h3 class="bulletin-h2">（一）2026年5月8日市政府第5次常务会议</h3>' in html
    assert ('<p class="bulletin-item"><strong>1.审议《示例市老旧小区改造实施方案》有关议定事项'
            '的落实情况。</strong><span class="bulletin-units">（责任单位：市住建局、市财政局）'
            '</span></p>') in html
    assert '<p class="bulletin-docnum bulletin-rule">示政督〔2026〕3号</p>' in html
    assert '<p class="bulletin-date">2026年11月5日</p>' in html
    assert "<p>抄送：市委办公室，市人大常委会办公室，市政协办公室。</p>" in html


def test_periodical_head_shows_masthead_issue_and_issuer_line(bulletin):
    html = render_html(bulletin("periodical"))
    assert '<p class="bulletin-masthead">政务督查</p>' in html
    assert '<p class="bulletin-issue">第3期（总第41期）</p>' in html
    assert ("<span>示例市人民政府政务督查室</span><span>2026年11月5日</span>") in html
    assert "示政督" not in html


def test_heading_base_shifts_every_heading(bulletin):
    html = render_html(bulletin(), heading_base=2)
    assert '<h2 class="bulletin-title">' in html
    assert '<h3 class="bulletin-h1">一、已落实事项</h3>' in html


def test_tags_balance(bulletin):
    html = render_html(bulletin("periodical"))
    for tag in ("article", "section", "header", "footer", "p", "h1", "h2", "h3"):
        assert html.count(f"<{tag}") == html.count(f"</{tag}>"), tag


def test_standalone_page_embeds_the_preview_css_and_an_escaped_title(bulletin):
    page = render_html(bulletin(title="A<b>B"), standalone=True)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>A&lt;b&gt;B</title>" in page
    assert PREVIEW_CSS in page


def test_a_run_in_heading_gets_its_face_and_stays_escaped(bulletin):
    doc = bulletin(sections=[Section("", blocks=[Paragraph("一、总体<b>情况</b>：进展顺利。")])])
    html = render_html(doc)
    assert ('<p><span class="bulletin-h1">一、总体&lt;b&gt;情况&lt;/b&gt;：</span>进展顺利。</p>'
            in html)
