"""Web-page furniture and metadata lines.

The documents Ducha reads are often saved pages of a government site: besides the document
they hold a metadata block ("• 索 引 号:…", "发布机构:…"), toolbar lines ("字号: 分享到:",
"打印本页", "关闭窗口") and footers ("责任编辑:…", "手机扫一扫"). Furniture is dropped;
metadata is parsed (issuer, date, 文号, title) so a single-document page keeps what its
header says, then dropped from the body.
"""

from __future__ import annotations

import re

# Tokens that only page chrome prints; a short line holding one of them is furniture.
_TOKENS = (
    "分享到", "打印本页", "关闭窗口", "手机扫一扫", "扫一扫在手机", "我要打印", "【打印",
    "【关闭", "阅读次数", "浏览次数", "访问次数", "【信息来源", "【字体", "【字号", "[字号",
    "当前位置:", "您现在的位置", "您当前的位置", "上一篇:", "下一篇:", "收藏本页",
    "首页 >", "首页>", "首页 »", "首页»",  # a breadcrumb: 首页 > 政务公开 > 督查通报
    "网站标识码", "ICP备", "公网安备", "版权所有",  # a site's footer
)
_PREFIXES = ("字号", "责任编辑", "编辑:", "来源:", "信息来源:", "点击数", "打印 关闭")
_EXACT = frozenset({
    "附件:", "Baidu", "map", "官方微博 官方微博", "微信公众号 微信公众号", "官方微博",
    "微信公众号", "打印", "关闭", "【打印】", "【关闭】", "返回顶部", "分享", "字号", "大 中 小",
})
_SHORT = 80
_TOKEN = re.compile("|".join(re.escape(token) for token in _TOKENS))
FURNITURE_EXACT = _EXACT

_META_KEYS = {
    "索引号": "index", "文号": "doc_number", "发布机构": "issuer", "发文机关": "issuer",
    "发文单位": "issuer", "发布单位": "issuer", "主办单位": "site", "主题分类": "topic",
    "有效性": "validity",
    "发布日期": "published", "发布时间": "published", "发文日期": "date", "成文日期": "date",
    "名称": "title", "标题": "title", "公报年份": "year", "总号": "serial", "期号": "issue",
}
# Keys may be printed with blanks between their characters ("索 引 号", "文  号").
_KEY_ALT = "|".join(" ?".join(key) for key in sorted(_META_KEYS, key=len, reverse=True))
_META_KEY = re.compile(rf"(?:^|(?<=\s)|(?<=[•·]))(?P<key>{_KEY_ALT}) ?:")
_META_START = re.compile(rf"[•·]? ?(?:{_KEY_ALT}) ?:")
# Pre-scans of the parser: a line can only be furniture by a token or a prefix, and only a
# metadata line when it holds a key and its colon.
FURNITURE_HINT = re.compile("|".join(re.escape(text) for text in (*_TOKENS, *_PREFIXES)))
META_HINT = re.compile(rf"(?:{_KEY_ALT}) ?:")


def is_furniture(line: str) -> bool:
    """Tell page chrome (toolbars, footers, share buttons) from document text."""
    if not line or line in _EXACT:
        return bool(line)
    if line.startswith(_PREFIXES) and len(line) <= _SHORT:
        return True
    return len(line) <= _SHORT and _TOKEN.search(line) is not None


def lone_meta_key(line: str) -> str | None:
    """The field of a metadata key printed without its value ("文号:"), else None.

    A page that lays its header out as a table gives each key and value a line of its own.
    """
    found = _META_KEY.fullmatch(line.strip(" •·"))
    return _META_KEYS[found.group("key").replace(" ", "")] if found else None


def parse_meta_line(line: str) -> dict[str, str] | None:
    """Read a metadata line ("• 文 号:咸政办发〔2021〕1号") into {field: value}, else None.

    A line may hold several pairs ("索引号 : 7641/2021-1 文 号 : 无"). Values are kept as
    printed; empty values and "无" are left out.
    """
    if not _META_START.match(line):
        return None
    hits = list(_META_KEY.finditer(line))
    meta: dict[str, str] = {}
    for hit, nxt in zip(hits, [*hits[1:], None], strict=True):
        value = line[hit.end(): nxt.start() if nxt else len(line)].strip(" •·")
        field = _META_KEYS[hit.group("key").replace(" ", "")]
        if value and value != "无" and field not in meta:
            meta[field] = value
    return meta
