"""Whether printed words name units: the test behind every annotation without a role key.

A keyed annotation (责任单位:…) says by its key that units follow; bare forms do not — a
bracket "(市住建局)", a short form "(市商务局负责)", the prose of minutes "市财政局要…". There
the words count as units only when each one ends on what an organisation is called (局, 委,
办, 政府, 公司, 工商联…) and is no generic address (各地各部门, 有关部门) or note (试行).
"""

from __future__ import annotations

import re

UNIT_NAME = re.compile(
    r"[^\d\s:《》]{1,30}?(?:局|委|办|厅|部|部门|单位|院|所|中心|公司|集团|行|社|会|站|队|处|室|"
    r"馆|校|学|厂|台|场|政府|机关|区|县|市|镇|乡|街道|署|团|企业|联|协)"
)
# Words a name never holds but a sentence does: "会议肯定了市财政局", "由市住建局负责的".
_NOT_IN_NAME = re.compile("了|会议|的|在|把|将|被|向|从|对")
_TRAILING_BRACKET = re.compile(r"[((][^()()]*[))]$")  # 各县(市、区): the name is 各县
# Addresses and notes that end like a unit but assign nobody in particular.
NOT_UNITS = frozenset({
    "试行", "暂行", "修订", "草案", "代拟稿", "征求意见稿", "全市", "全区", "全县", "本市", "本区",
    "本县", "城区", "市区", "县区", "社区", "各地各部门", "各地各单位", "各部门", "各有关部门",
    "有关部门", "相关部门", "各单位", "各有关单位", "有关单位", "相关单位", "各级各部门", "各地",
    "全社会", "社会", "各级党委", "各级政府", "全市上下", "全区上下", "全县上下",
})


def is_unit_name(text: str) -> bool:
    """True when ``text`` reads as one unit's name (市有关部门, 相关单位 name nobody)."""
    core = text.removesuffix("等")  # 市交通局等: a list that trails off still names units
    core = _TRAILING_BRACKET.sub("", core) if core.endswith((")", ")")) else core
    return (core not in NOT_UNITS and "有关" not in core and "相关" not in core
            and _NOT_IN_NAME.search(core) is None and UNIT_NAME.fullmatch(core) is not None)


def all_units(names: list[str]) -> bool:
    """True when there are names and every one reads as a unit's name."""
    return bool(names) and all(map(is_unit_name, names))
