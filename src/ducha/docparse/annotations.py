"""Task annotations: who leads, who is responsible, by when, where.

Documents print the assignment of an item in a trailing parenthesis, keys in any order and
mix: "(牵头单位:市发改委;责任单位:市财政局、各县市区人民政府;完成时限:2021年12月底)".
Unit names may hold brackets of their own (咸宁职教(集团)学校, 各县(市、区)人民政府), so
brackets are matched by depth, never by a regex. A note such as "以下均需各县市区人民政府
负责落实,不再列出" assigns units to every later item; it is read separately (find_note).

Other offices print the same keys bare after the sentence ("…。牵头单位:…") or one per line
(tasks.py joins those), and without keys: the short form "(市发改委牵头,市财政局配合)" in
any bracket, before or after the item or bare after its sentence, and, in minutes only, the
prose "由…牵头,…配合" / "市财政局要…". A form without keys counts only when its words read
as units (``unitnames``), so "(试行)" or "由各地负责" assign nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

from ducha.docparse.unitnames import all_units
from ducha.docparse.wordsre import words_pattern

ROLE_OF_KEY = {
    "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead",
    "牵头科室": "lead", "牵头处室": "lead", "挂牌督办单位": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "配合单位": "responsible",
    "承办单位": "host", "配合部门": "responsible", "协办单位": "host_helper",
    "参与单位": "responsible", "责任站所": "responsible", "责任科室": "responsible",
    "责任处室": "responsible",
    "牵头领导": "leaders", "责任领导": "leaders", "分管领导": "leaders",
    "牵头市领导": "leaders", "牵头区领导": "leaders", "牵头县领导": "leaders",
    "责任市领导": "leaders", "责任区领导": "leaders", "责任县领导": "leaders",
    "包抓领导": "leaders", "包村领导": "leaders", "包保领导": "leaders", "包联领导": "leaders",
    "包保市领导": "leaders", "包保县领导": "leaders", "包保区领导": "leaders",
    "竣工时间": "deadline", "计划竣工时间": "deadline", "计划完成时间": "deadline",
    "完成时限": "deadline", "完成时间": "deadline", "时限要求": "deadline",
    "办理时限": "deadline", "完成期限": "deadline", "时限": "deadline", "办结时限": "deadline",
    "整改时限": "deadline", "整改期限": "deadline", "办结期限": "deadline", "督办时限": "deadline",
    "办理期限": "deadline", "时间节点": "deadline", "办理要求": "request",
    "督办要求": "request", "答复时限": "deadline", "办结要求": "request",
    "序时进度": "schedule",
    "推广范围": "scope", "实施范围": "scope",
    "责任人": "person", "联系人": "person",  # a contact, not an assignment: read and left out
    "开工时间": "start", "计划开工时间": "start",  # when work starts: read and left out
    "主办单位": "host_lead",
}
_UNIT_ROLES = frozenset({"lead", "responsible", "leaders"})
# 主办单位 leads, 协办单位 helps; 承办单位 leads unless someone else does (resolve_hosts),
# and with marks (承办单位:甲局(牵头),乙局(配合)) the marks decide.
_HOST_ROLES = {"host_lead": "lead", "host_helper": "responsible", "host": "responsible"}
_KEYS = words_pattern(ROLE_OF_KEY)
_KEY = re.compile(rf"({_KEYS}) ?:")  # group 1: the key without blank or colon
# A key starts a text or follows one of these; words just before a key ("督办时限:") are a
# longer key of the same kind, and are not kept in the value before it.
_KEY_BOUNDARY = frozenset(" ;;,,、。([【〔\t")
_OPENER = re.compile(rf"[(\[【〔](?= ?(?:{_KEYS}) ?:)")
_STARTS_WITH_KEY = re.compile(rf"(?:{_KEYS}) ?:")
# Keys printed without a bracket after the item's sentence: "…增长8%。牵头单位:…;责任单位:…".
# A bracket closing before a key ends a sentence too: "…(牵头单位:甲局)完成时限:12月底前".
_KEYED_TAIL = re.compile(rf"[。;!?)\]】〕]( ?(?:{_KEYS}) ?:)")  # group 1: the tail's start
STARTS_WITH_KEY = _STARTS_WITH_KEY
# A cheap pre-check: every key and every short-form verb holds one of these words.
_HINT = re.compile(r"单位|部门|领导|时限|期限|时间|范围|牵头|配合|参与|协助|负责|落实|站所|科室|"
                   r"处室|要求|序时进度|责任人|联系人")
_OPEN, _CLOSE = "([【〔(", ")]】〕)"
_CLOSERS = frozenset(_CLOSE)
# For pre-scans: a line can hold an annotation only where these match.
ANNOTATION_HINT, ANNOTATION_OPENER = _HINT, _OPENER
_UNIT_SEPARATORS = frozenset("、,,;;")
_BRACKET = re.compile(r"[(\[【〔()\]】〕)]")
# From just after an opening bracket, the closing one when no bracket opens before it.
_FLAT_CLOSE = re.compile(r"[^(\[【〔()\]】〕)]*[)\]】〕)]")
_STRUCTURE = re.compile(r"[(\[【〔()\]】〕)、,,;;]")  # brackets and every separator
# Text without brackets splits on every separator: one re.split for the sets in use (a
# separator outside _STRUCTURE is never split on, so it is left out of its splitter).
_SPLITTERS = {
    separators: re.compile("[" + "".join(sorted(ch for ch in separators if _STRUCTURE.match(ch)
                                                and not _BRACKET.match(ch))) + "]")
    for separators in (frozenset("、,;"), frozenset(",;"), frozenset("、"))
}
_UNIT_SPLITTER = _SPLITTERS[_UNIT_SEPARATORS]
_NOTE = re.compile(
    r"以下(?P<body>[^。;]{1,80}?)[,,]?(?:均|都)?不再(?:一一|单独|重复)?(?:列出|列明)"
)
# "注:各县(市、区)人民政府为所有任务的责任单位": a note for every task, wherever it stands.
_ALL_NOTE = re.compile(
    r"(?P<units>[^。;:]{2,80}?)(?:均|都)?为(?:所有|全部|各项)(?:任务|事项|工作)的?(?:责任单位|责任主体)"
)
ALL_TASKS_WORDS = ("所有任务", "全部任务", "各项任务")
_DATE_THEN_MORE = re.compile(
    r"(?:请|务必|须)?于?(?P<date>(?=\d|年底)(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日|底|中旬|上旬|下旬)?"
    r"前)[^,,。;;]{4,}"
)
_SCHEDULE_DATE = re.compile(
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|中旬|上旬|下旬)?前|(?:\d{4}年)?年底前"
)
_EDGES = re.compile(r"^[\s;;,,。]+|[\s;;,,。]+$")
_NOTE_FILLER = re.compile(
    r"^(?:各项|所有|的|工作|任务|事项|内容|均|都|需|须|由|要|请|为|[,,])*(?P<units>.+?)"
    r"(?:(?:均|都)?为(?:责任单位|责任主体|牵头单位)|负责落实|抓好落实|负责实施|组织实施|具体落实|"
    r"负责|落实|参与|配合)?$"
)
# Prose that assigns an item: "由市城管局牵头,市财政局、各区人民政府配合,年底前完成";
# minutes also write "请市水利局牵头,…配合" and, at a clause's start, "市林业局牵头,…配合".
_CLAUSE_START = r"(?:^|(?<=[。;;,,:]))"
_PROSE_FORM = re.compile(
    rf"(?:由|请|{_CLAUSE_START})(?P<lead>[^,,。;;:由请]{{2,60}}?)(?:牵头|负责(?!同志|人))(?!的)"
    r"(?:[,,](?:会同|联合)?"
    r"(?P<others>[^,,。;;:]{2,80}?)(?:配合|参与|协助|协同))?"
)
# "由市住建局根据会议意见修改完善", "请市文旅局会同市国资委于7月底前…": 由 or 请, a unit,
# the units it works with, and what it is to do.
# A verb may also end a unit's name (组织部, 研究室, 推进中心): those continuations are no verb,
# and 于/在 count only before a date ("于7月底前", not 在建项目, 所在地).
_PROSE_VERBS = (r"(?:于|在)(?=\d|本月|年底|月底)|根据|按照|按程序|按规定|抓紧|组织(?!部)|结合|"
                r"进一步|做好|统筹|开展|研究(?!室|院|中心|会)|制定|推进(?!中心|办)|加快|落实|积极|"
                r"争取|加强|完善|督促|指导|协调(?!办|中心|委)|编制(?!委|办)|完成|(?:牵头|负责)(?!的)")
_PROSE_BY = re.compile(
    rf"(?:由|(?<![申邀])请)(?P<lead>[^,,。;;:由请]{{2,40}}?)"
    rf"(?:会同(?P<others>[^,,。;;:]{{2,40}}?)(?={_PROSE_VERBS})|(?={_PROSE_VERBS}|会同))"
)
# Minutes also name the unit as the subject: "市财政局要统筹安排…", "会议要求,市发展改革委要…".
_PROSE_SUBJECT = re.compile(
    r"(?:会议(?:要求|强调|明确|议定|决定|同意)[,,:]?|^|(?<=[。;;,,]))"
    r"(?P<lead>[^,,。;;:由请]{2,40}?)(?:要(?!素|求|点|闻|害|件|务|是)|负责(?!同志|人|的)|牵头(?!的)|"
    rf"按程序|按规定)(?:会同(?P<others>[^,,。;;:]{{2,40}}?)(?={_PROSE_VERBS}))?"
)
# Units that help in minutes' prose: "…牵头,荆州区政府、沙市区政府具体实施",
# "…负责组织实施,市发改委、市生态环境局做好审批服务".
_PROSE_HELPERS = re.compile(
    rf"{_CLAUSE_START}(?P<units>[^,,。;;:由请]{{2,60}}?)(?:具体实施|具体负责|配合落实|配合|协助|"
    r"做好[^,,。;;]{0,10}?(?:服务|保障|支持|衔接)(?:工作)?)(?=[,,。;;]|$)"
)
# Units that share the work: "市水利和湖泊局、市住房和城乡建设局按职责分工负责".
_PROSE_SHARED = re.compile(
    rf"{_CLAUSE_START}(?:会议(?:要求|强调|明确|议定|决定)[,,:]?)?(?P<units>[^,,。;;:由请]{{2,80}}?)"
    r"(?:按职责分工|按照职责分工|按职责|分别|共同)(?:负责|落实|抓好落实)(?!的|同志|人)"
)
# Words a clause may open with before the unit it names: "要求甲局…", "同时乙区政府要…".
_CLAUSE_VERBS = re.compile(r"^(?:要求|责成|支持|同意|明确|同时|确保|帮助|鼓励|督促|指导|推动|"
                           r"积极|主动|并|为)+")
# What a sentence of minutes opens with when it reports or appraises rather than decides.
_TOLD_REACH = 60  # how far before a phrase its sentence's opening is looked for
_TOLD = re.compile(r"会议(?:指出|认为|肯定|听取|感谢|赞扬|总结|回顾|通报)|听取了")
_PROSE_DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月(?:底|中旬|上旬|下旬|\d{1,2}日)?|年底|年内|年中|底)前"
    r"|每(?:季度|半年|年|月|周)(?=.{0,8}?(?:报送|通报|调度|报告|汇报))"
)
PROSE_DEADLINE = _PROSE_DEADLINE
# "责任单位:市发改委(牵头)、市统计局": the unit marked 牵头 leads, the others are responsible.
LEAD_MARK = re.compile(r"[(\[〔(](?:牵头|牵头单位|主责|主责单位|主办)[)\]〕)]$")
_HOST_MARKED = re.compile(r"[(\[〔(](?:牵头|主办|配合|协办)[)\]〕)]")
# "市公安局、甲区人民政府(配合)": a mark that says what the rest of the list says already.
_HELPER_MARK = re.compile(r"[(\[〔(](?:配合|协办|参与|配合单位)[)\]〕)]$")
# The short form printed bare after the item's sentence: "…增长8%。市商务局牵头,市统计局配合。"
_SHORT_TAIL = re.compile(
    r"(?<=[。;])(?P<lead>[^,,。;;:()()]{2,60}?)牵头(?:[,,](?P<others>[^,,。;;:()()]{2,80}?)"
    r"(?:配合|参与|协助|协同|负责))?(?:[,,](?P<deadline>[^,,。;;]{2,20}))?[。;]?$"
)
_SHORT_CLOSERS = (")", "〕", "】", "]")
_SHORT_FORM_PART = re.compile(
    r"(?P<units>.+?)(?:按职责分工|按职责|分别|共同)?(?P<verb>牵头|配合|参与|协助|负责落实|负责|落实)$"
)
# A leader named in a short form: "(县农业农村局牵头,…,副县长钱某某负责)".
_LEADER_TITLE = re.compile(
    r"(?:常务)?副?(?:市|县|区|镇|乡)长|(?:副)?书记|(?:副)?主任|(?:副)?秘书长"
)
# Roles keyed inside a unit list: "责任单位:牵头:甲局;配合:乙局".
_SUB_KEY = re.compile(r"(?:^|(?<=[;;,,、 ]))(牵头|主办|配合|协办|参与) ?:")
# A part of a short form that says by when: "(市工信局牵头,市科技局配合,长期坚持)".
_DEADLINE_PART = re.compile(
    r"长期坚持|持续推进|长期|常态化|每(?:年|季度|季|月|周)|(?:\d{4}年)?\d{1,2}月(?:底|中旬|上旬|下旬|"
    r"\d{1,2}日)?前?(?:完成)?|\d{4}年(?:底|内)?前?(?:完成)?|年底前?(?:完成)?|年内(?:完成)?"
)


@dataclass(slots=True)
class Annotation:
    """What an annotation assigns; lists keep the units as printed, in order."""

    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    lead_leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    scope: str | None = None
    note_units: list[str] | None = None  # units a "以下…不再列出" note assigns to later items
    host_units: list[str] = field(default_factory=list)  # 承办单位 as printed, not yet placed

    @property
    def assigns_units(self) -> bool:
        """True when the annotation names a lead or responsible unit (what makes a task)."""
        return bool(self.lead_units or self.responsible_units or self.host_units)

    def absorb(self, other: Annotation) -> None:
        """Add ``other``'s units and take its deadline and scope where unset.

        The unit lists are extended in place: a task built from this annotation shares them.
        """
        self.lead_units += other.lead_units
        self.responsible_units += other.responsible_units
        self.lead_leaders += other.lead_leaders
        self.host_units += other.host_units
        self.deadline = self.deadline or other.deadline
        self.scope = self.scope or other.scope
        if other.note_units is not None:
            self.note_units = other.note_units

    def resolve_hosts(self) -> None:
        """Place 承办单位: they lead when no unit leads, else they are responsible."""
        if self.host_units:
            target = self.responsible_units if self.lead_units else self.lead_units
            target[:0] = self.host_units
            self.host_units = []


def split_outside(value: str, separators: frozenset[str]) -> list[str]:
    """Split ``value`` on separators that stand outside any bracket; pieces are stripped."""
    splitter = _SPLITTERS.get(separators)
    if splitter is not None and _BRACKET.search(value) is None:  # the common, flat case
        return [piece.strip() for piece in splitter.split(value)]
    pieces: list[str] = []
    depth, start = 0, 0
    for found in _STRUCTURE.finditer(value):
        char = found.group()
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            pieces.append(value[start:found.start()].strip())
            start = found.end()
    pieces.append(value[start:].strip())
    return pieces


def split_units(value: str) -> list[str]:
    """Split "市发改委、市财政局,各县(市、区)人民政府" on 、,; outside brackets."""
    pieces = (_UNIT_SPLITTER.split(value) if _BRACKET.search(value) is None
              else split_outside(value, _UNIT_SEPARATORS))
    return [unit for piece in pieces if (unit := piece.strip().strip(" 。.:"))]


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (len(text) when never closed)."""
    flat = _FLAT_CLOSE.match(text, start + 1)
    if flat is not None:  # the common case: no bracket inside
        return flat.end() - 1
    depth = 0
    for found in _BRACKET.finditer(text, start):
        if found.group() in _OPEN:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return found.start()
    return len(text)


def annotation_cut(text: str) -> int | None:
    """Where the words before the first annotation end, when there are any, else None: at the
    bracket that opens it ("推动发展(牵头区领导:周某)" is cut at 4), at the 。 before a keyed
    tail, or after a bracket closing just before the tail (an annotation opening the text is
    no cut)."""
    spans = annotation_spans(text)
    if not spans or spans[0][0] <= 1:
        return None
    cut = spans[0][0] - 1  # the bracket opening, or the 。 before a keyed tail
    return cut + 1 if text[cut] in _CLOSERS else cut  # a bracket closing before the tail stays


def annotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each keyed annotation: a bracket opening on a key, or a keyed line."""
    return _spans(text) if _HINT.search(text) else []


def _spans(text: str) -> list[tuple[int, int]]:
    """annotation_spans for a text known to hold a hint word.

    Keyed brackets first; keys printed bare after a sentence that follows them (a keyed
    tail: "…】新建学校3所。完成时限:8月底前") run to the end of the text.
    """
    if _STARTS_WITH_KEY.match(text):
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    position = 0
    while (found := _OPENER.search(text, position)) is not None:
        end = _closing(text, found.start())
        spans.append((found.start() + 1, end))
        position = end + 1
    # from the last bracket's closing on, which may end the sentence before a keyed tail
    if text.find(":", position) >= 0 and (tail := _KEYED_TAIL.search(text, max(position - 1, 0))):
        spans.append((tail.start(1), len(text)))
    return spans


def find_note(text: str) -> list[str] | None:
    """Units of a "以下均需…负责落实,不再列出" note in ``text``, else None."""
    found = _NOTE.search(text)
    if not found:
        return None
    body = _EDGES.sub("", found.group("body"))
    units = _NOTE_FILLER.match(body)
    return split_units(units.group("units")) if units else None


def find_all_note(text: str) -> list[str] | None:
    """Units of a note naming them responsible for every task ("…为所有任务的责任单位")."""
    found = _ALL_NOTE.search(text)
    units = split_units(found.group("units")) if found else []
    return units if all_units(units) else None


def _sub_keyed(value: str) -> tuple[list[str], list[str]] | None:
    """"牵头:甲局;配合:乙局、丙局" inside one key (a table cell's two lines): (lead, others)."""
    found = list(_SUB_KEY.finditer(value))
    if not found or found[0].start() != 0:
        return None
    lead: list[str] = []
    others: list[str] = []
    for hit, nxt in zip(found, [*found[1:], None], strict=True):
        part = _EDGES.sub("", value[hit.end(): nxt.start() if nxt else len(value)]).strip("、")
        (lead if hit.group(1) in ("牵头", "主办") else others).extend(split_units(part))
    return lead, others


def _apply(annotation: Annotation, role: str, value: str) -> None:
    """Record one key's value on the annotation."""
    first = value.split("。", 1)[0]  # the units of a key end with its sentence
    if role in ("lead", "responsible") and (sub := _sub_keyed(first)):
        annotation.lead_units += sub[0]
        annotation.responsible_units += sub[1]
    elif role in ("lead", "responsible") and ("牵头" in value or "配合" in value) \
            and (short := _short_content(first)) is not None:
        annotation.absorb(short)  # "责任单位:甲局牵头,乙局、丙局配合"
    elif role in _UNIT_ROLES:
        units = split_units(first)
        if role == "leaders":
            annotation.lead_leaders += units
        elif any(bracket in value for bracket in _OPEN):
            _apply_marked(annotation, role, units)  # a unit may end in a mark: (牵头), (配合)
        else:
            target = annotation.lead_units if role == "lead" else annotation.responsible_units
            target.extend(units)
    elif role in ("schedule", "request") and annotation.deadline is None:
        dated = _SCHEDULE_DATE.search(value)  # "序时进度:8月底前投入使用", "请于6月25日前办结"
        annotation.deadline = dated.group() if dated else None  # "请认真办理" names no date
    elif role == "deadline" and annotation.deadline is None:
        value = _EDGES.sub("", _before_next_key(value))
        dated = _DATE_THEN_MORE.match(value)  # "(请于)8月20日前将办理情况报送…": 8月20日前
        annotation.deadline = (dated.group(dated.lastgroup or 0) if dated else value) or None
    elif role == "scope" and annotation.scope is None:
        annotation.scope = _EDGES.sub("", value) or None


def _before_next_key(value: str) -> str:
    """A value up to a sentence that starts another (unknown) key: "6月30日。备注:…"."""
    stop = value.find("。")
    return value[:stop] if stop >= 0 and ":" in value[stop:] else value


def _apply_marked(annotation: Annotation, role: str, units: list[str]) -> None:
    """Units some of which end in a mark: (牵头) leads, (配合) says nothing more."""
    for unit in units:
        unit = _HELPER_MARK.sub("", unit)
        marked = LEAD_MARK.sub("", unit)
        if role == "lead" or marked != unit:
            annotation.lead_units.append(marked)
        else:
            annotation.responsible_units.append(unit)


def _read_keyed(content: str, annotation: Annotation, hosts: bool = True) -> None:
    """Read "key:value;key:value" content into the annotation."""
    parts = _KEY.split(content)  # text before the first key, then each key and its value
    for index in range(1, len(parts), 2):
        before = parts[index - 1]
        if before and before[-1] not in _KEY_BOUNDARY:  # "…;整改时限:": 整改 is the key's own
            cut = max(map(before.rfind, _KEY_BOUNDARY))
            if cut >= 0:  # without a separator the words may be a whole unit's name: kept
                parts[index - 1] = before[:cut + 1]
    for index in range(1, len(parts), 2):
        role = ROLE_OF_KEY[parts[index]]
        value = parts[index + 1].strip()
        if role.startswith("host") and not hosts:
            continue  # an event's 主办/承办/协办单位 (培训班, 大赛) host it: no one is assigned
        if role == "host" and not _HOST_MARKED.search(value):
            annotation.host_units += split_units(value.split("。", 1)[0])
            continue
        _apply(annotation, _HOST_ROLES.get(role, role), value)


def short_form(text: str) -> Annotation | None:
    """Read a trailing "(市发改委牵头,市财政局、市住建局配合)", or one opening the item;
    None when it is not one."""
    stripped = _EDGES.sub("", text)
    if stripped.endswith(_SHORT_CLOSERS):
        depth, start = 0, -1
        for index in range(len(stripped) - 1, -1, -1):
            char = stripped[index]
            depth += char in _CLOSE
            depth -= char in _OPEN
            if depth == 0:
                start = index
                break
        if start >= 0 and (found := _short_content(stripped[start + 1: -1])) is not None:
            return found
    if stripped[:1] in _OPEN and (end := _closing(stripped, 0)) < len(stripped):
        return _short_content(stripped[1:end])
    return None


def _short_content(content: str) -> Annotation | None:
    """The units (and deadline) of a short form's bracket content, else None."""
    annotation = Annotation()
    for part in re.split(r"[,,;;]", content):
        part = part.strip()
        found = _SHORT_FORM_PART.fullmatch(part)
        if not found:
            if part and annotation.deadline is None and _DEADLINE_PART.fullmatch(part):
                annotation.deadline = part
                continue
            return None
        units = split_units(found.group("units"))
        leaders = [unit for unit in units if _LEADER_TITLE.match(unit)]
        annotation.lead_leaders.extend(leaders)
        units = [unit for unit in units if unit not in leaders]
        if found.group("verb") == "牵头":
            annotation.lead_units.extend(units)
        else:
            annotation.responsible_units.extend(units)
    # the words must read as units: "(市商务局负责)", not "(各地负责)" or "(妇联系统牵头)"
    units = annotation.lead_units + annotation.responsible_units
    return annotation if all_units(units) else None


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` starts."""
    return max(text.rfind("。", 0, position), text.rfind(";", 0, position)) + 1


def prose_form(text: str) -> Annotation | None:
    """Read "由市城管局牵头,市财政局配合,年底前完成" or "市财政局要…,9月底前…" in an item's
    prose; None when no phrase names only units (由各地负责, 会议要求 assign nobody).

    Every phrase counts: "各县市区政府要…,市林业局要…" assigns both, and units that help
    ("…具体实施", "…做好审批服务", "…按职责分工负责") are responsible.
    """
    lead: list[str] = []
    others: list[str] = []
    first_end: int | None = None
    phrases = sorted(chain(_PROSE_FORM.finditer(text), _PROSE_BY.finditer(text),
                           _PROSE_SUBJECT.finditer(text)), key=re.Match.start)
    for found in phrases:
        if _told(text, found.start()):
            continue  # "会议指出,由…负责的平台运行平稳" tells, it does not assign
        units = split_units(_CLAUSE_VERBS.sub("", found.group("lead")))
        if all_units(units):  # "会同有关部门" names no one more: the lead alone is assigned
            lead += [unit for unit in units if unit not in lead]
            helpers = split_units(found.groupdict().get("others") or "")
            others += helpers if all_units(helpers) else []
            first_end = found.end() if first_end is None else first_end
    for found in chain(_PROSE_HELPERS.finditer(text), _PROSE_SHARED.finditer(text)):
        units = split_units(_CLAUSE_VERBS.sub("", found.group("units")))
        if not _told(text, found.start()) and all_units(units):
            others += units
            first_end = found.end() if first_end is None else first_end
    if first_end is None:
        return None
    deadline = _PROSE_DEADLINE.search(text, first_end if lead else 0)
    return Annotation(lead_units=lead,
                      responsible_units=[unit for unit in dict.fromkeys(others)
                                         if unit not in lead],
                      deadline=deadline.group() if deadline else None)


def _told(text: str, position: int) -> bool:
    """True when the sentence holding ``position`` reports or appraises (会议指出/认为…)."""
    start = max(_sentence_start(text, position), position - _TOLD_REACH)
    return _TOLD.search(text, start, position) is not None


def short_tail(text: str) -> Annotation | None:
    """Read "…。市商务局牵头,市统计局配合。" ending an item; None unless all are units."""
    found = _SHORT_TAIL.search(text) if "牵头" in text else None
    if found is None:
        return None
    lead = split_units(found.group("lead"))
    others = split_units(found.group("others") or "")
    deadline = found.group("deadline")
    if deadline is not None and not _DEADLINE_PART.fullmatch(deadline):
        return None  # "…牵头,各地要加强协调" is prose going on, not a short form
    if all_units(lead) and (not others or all_units(others)):
        return Annotation(lead_units=lead, responsible_units=others, deadline=deadline)
    return None


def parse_annotation(text: str, *, prose: bool = False, keyless: bool = True,
                     hosts: bool = True) -> Annotation | None:
    """The annotation a paragraph carries (all its keyed brackets merged), else None.

    Without a keyed bracket, line or tail, the short forms are tried (unless ``keyless`` is
    off), and with ``prose`` the prose form ("由…牵头,…配合"). Prose assigns work only in the
    decided items of meeting minutes; in a regulation, a contingency plan or a work summary
    even the short forms describe standing arrangements or past work, so the caller turns
    ``keyless`` off there. ``hosts`` off reads 承办单位 as an event's host, not an assignee.
    """
    if not _HINT.search(text):
        return prose_form(text) if prose else None
    spans = _spans(text)
    if not spans:
        if not keyless:
            return None
        return (short_form(text) or short_tail(text)
                or (prose_form(text) if prose else None))
    annotation = Annotation()
    for start, end in spans:
        content = text[start:end]
        note = _NOTE.search(content) if "以下" in content else None
        if note:
            annotation.note_units = find_note(content)
            content = content[: note.start()] + content[note.end():]
        _read_keyed(content, annotation, hosts)
    return annotation


def leading_annotation_end(text: str) -> int:
    """Where an item's own words begin after the annotations that open it (0 when none):
    "【牵头单位:区教育局】新建学校3所" and "(区卫健局牵头,区医保局配合)建成…" open with one."""
    position = 0
    while text[position:position + 1] in _OPEN:
        end = _closing(text, position)
        content = text[position + 1:end].lstrip()
        if end >= len(text) or not (_STARTS_WITH_KEY.match(content) or _short_content(content)):
            break
        position = end + 1
    return position


def open_annotation(text: str) -> bool:
    """True when a line opens a keyed bracket it does not close (a wrapped PDF line).

    A keyed line is no bracket; a bracket opening on a key holds a hint word, so the walk
    over the keyed brackets (as in ``_spans``) needs no hint pre-check.
    """
    if _STARTS_WITH_KEY.match(text):
        return False
    position = 0
    while (found := _OPENER.search(text, position)) is not None:
        position = _closing(text, found.start()) + 1
        if position > len(text):  # never closed
            return True
    return False
