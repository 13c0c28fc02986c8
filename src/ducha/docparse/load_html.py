"""Text of a saved web page (.html/.htm), via the standard library's HTMLParser.

Scripts, styles and other non-visible elements are dropped; block elements end a line so the
page keeps its paragraph structure, and tables are read as in a .docx (a task table becomes
annotated lines). Page furniture is removed later, line by line, by the
same rules as for scraped .txt pages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ducha.docparse.tables import table_lines

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object",
                   "nav", "aside"})
# A block a site prints around every page (its menus, "相关新闻" links), named by a class or
# id that is one of these words: a related article's title there must not read as part of
# the document. Only containers that are always closed qualify (a <li> may be left open), and
# a footer, which may sign the document, is left to the line furniture rules.
_CHROME_NAMES = frozenset({"nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "related",
                           "related-news", "related-links", "relatednews", "share", "sidebar",
                           "friendlink", "friendlinks"})
_CHROME_TAGS = frozenset({"div", "ul", "ol", "section"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})
_BLOCK = frozenset({
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "header", "footer", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "hr", "title", "caption", "form", "nav", "aside", "main", "address", "center",
})
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_-]{2,20})""", re.I)


class _TextCollector(HTMLParser):
    """Collect visible text, breaking lines at block elements; tables go through tables.py."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._chrome: tuple[str, int] | None = None  # the chrome element's tag, open depth
        self._tables: list[list[list[list[str]]]] = []  # table → rows → cells → text parts

    def _sink(self) -> list[str]:
        """Where text goes now: the open cell of the innermost table, else the page."""
        if self._tables and self._tables[-1] and self._tables[-1][-1]:
            return self._tables[-1][-1][-1]
        return self.parts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._chrome is not None:
            if tag == self._chrome[0] and tag not in _VOID:
                self._chrome = (tag, self._chrome[1] + 1)
            return
        if tag in _CHROME_TAGS and any(
                name in ("class", "id") and value and not _CHROME_NAMES.isdisjoint(
                    value.lower().split()) for name, value in attrs):
            self._chrome = (tag, 1)
            return
        if tag == "body":  # an unclosed <head> must not hide the page
            self._skip_depth = 0
        elif tag in _SKIP:
            self._skip_depth += 1
        elif tag == "table":
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._tables[-1].append([])
        elif tag in ("td", "th") and self._tables:
            if not self._tables[-1]:
                self._tables[-1].append([])
            self._tables[-1][-1].append([])
        elif tag in _BLOCK:
            self._sink().append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._chrome is not None:
            if tag == self._chrome[0]:
                depth = self._chrome[1] - 1
                self._chrome = (tag, depth) if depth else None
            return
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "table" and self._tables:
            rows = [["".join(cell).strip() for cell in row] for row in self._tables.pop()]
            self._sink().append("\n" + "\n".join(table_lines(rows)) + "\n")
        elif tag in _BLOCK and tag not in ("tr", "td", "th"):
            self._sink().append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth and self._chrome is None:
            self._sink().append(data.replace("\n", " "))

    def text(self) -> str:
        """The page's text, closing tables a sloppy page left open."""
        while self._tables:
            self.handle_endtag("table")
        return "".join(self.parts)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its <meta>, if any."""
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def html_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return collector.text()
