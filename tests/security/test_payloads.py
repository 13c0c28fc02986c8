"""Hostile input (issue 9, point 4): classic payloads through every form, page and export.

Sixteen classic payloads — XSS, template injection, SQL injection, path traversal and
spreadsheet formulas — are fed through every form a user of each role can reach: the login,
the reporter's card (progress text, next milestone, evidence file names), review notes
(退回意见, 评定意见 and 佐证, 审批意见), change-request reasons, lag causes, the reason of a
reopened period, the ledger's task forms and filters, the document importer (a .txt whose task
titles and unit names are the payloads), the import review's corrections, the unknown-unit
queue, bulletin subjects and section edits, the administrators' account and unit forms, and
the cockpit's search box. Then the exports (audit log .csv/.xlsx, the cockpit's ranking, the
Excel ledger, the reminder list) are opened and every cell is read.

Each try must end *stored as plain text* (the value in the database is the text sent, at most
trimmed) or *refused* (a form error or a Chinese message) — and never:

* a server error (HTTP 500);
* executed: in every page that shows it, no ``<script>alert``, no tag with ``onerror=``, no
  ``javascript:`` URL in an attribute, and a payload holding ``< > "`` never appears raw
  (escaped, so attribute values stay quoted);
* a formula: no cell of an export is a formula or starts with ``= + - @`` or a tab unquoted.

Every try is counted; each test asserts that nothing got through on its surfaces, and a
module fixture prints the table (tried / got through, per surface; also written to
``test-output/payload-table.txt``) after whichever of them ran. Runs through Django's test client — the full middleware and view stack — on the
suite's database (PostgreSQL in CI).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from ducha.accounts.models import User
from ducha.bulletins.models import Bulletin
from ducha.ledger.models import ImportDraft, Task
from ducha.org.models import Unit, UnknownUnitName
from ducha.reporting.models import Assessment, ChangeRequest, Evidence, LagCause, Report
from ducha.security.cells import FORMULA_STARTS

pytestmark = pytest.mark.django_db

PAYLOADS: list[tuple[str, str]] = [
    ("xss-script", "<script>alert(1)</script>"),
    ("xss-img", '"><img src=x onerror=alert(1)>'),
    ("xss-js-url", "javascript:alert(1)"),
    ("template", "{{7*7}}"),
    ("xss-textarea", "</textarea><script>alert(2)</script>"),
    ("sqli-or", "' OR '1'='1"),
    ("sqli-drop", "1; DROP TABLE reporting_report;--"),
    ("sqli-paren", '") OR 1=1--'),
    ("path-unix", "../../etc/passwd"),
    ("path-win", "..\\..\\windows\\win.ini"),
    ("path-encoded", "%2e%2e%2f"),
    ("formula-link", '=HYPERLINK("http://x","y")'),
    ("formula-dde", "+cmd|' /C calc'!A0"),
    ("formula-minus", "-2+3"),
    ("formula-at", "@SUM(A1)"),
    ("formula-tab", "\t=1+1"),
]
PNG = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (1).to_bytes(4, "big") * 2
       + b"\x08\x02\x00\x00\x00" + b"\x00" * 4)
DANGER = [
    (re.compile(r"<script>alert", re.I), "a live <script>"),
    (re.compile(r"<img\b[^>]*\bonerror\s*=", re.I), "a live onerror handler"),
    (re.compile(r"""\b(?:href|src|action|formaction|data|srcdoc)\s*=\s*["']?\s*javascript:""",
                re.I), "a javascript: URL in an attribute"),
]
#: surface -> payload name -> list of problems ([] = stored as text or refused, safely)
RESULTS: dict[str, dict[str, list[str]]] = defaultdict(dict)
#: surface -> payload names seen (escaped) in a page that was checked
SHOWN: dict[str, set[str]] = defaultdict(set)


def tried(surface: str, name: str, problems: list[str] | None = None) -> None:
    RESULTS[surface].setdefault(name, []).extend(problems or [])


def page_problems(response, payload: str) -> list[str]:
    """What is wrong with a response that may show the payload."""
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}"]
    if "html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode("utf-8", "replace")
    out = [what for rx, what in DANGER if rx.search(html)]
    if any(c in payload for c in '<>"') and payload in html:
        out.append("shown raw (unescaped)")
    return out


def seen(surface: str, name: str, payload: str, response) -> None:
    if escape(payload.strip()) in response.content.decode("utf-8", "replace"):
        SHOWN[surface].add(name)


def check(surface: str, name: str, payload: str, client: Client, *paths: str,
          response=None) -> list[str]:
    """Record a try: the response to the write (if given) and every page that shows it."""
    problems = page_problems(response, payload) if response is not None else []
    for path in paths:
        page = client.get(path)
        problems += [f"{path}: {p}" for p in page_problems(page, payload)]
        if escape(payload.strip()) in page.content.decode("utf-8", "replace"):
            SHOWN[surface].add(name)
    tried(surface, name, problems)
    return problems


def stored_as_text(value: str | None, payload: str) -> bool:
    return value is None or value in (payload, payload.strip())


def client_for(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def card(period: int, task: int, text: str, action: str, milestone: str = "",
         files: list[tuple[str, bytes]] = ()) -> dict:  # type: ignore[assignment]
    return {f"t{task}-text": text, f"t{task}-confidence": "low",
            f"t{task}-next_milestone": milestone, f"t{task}-next_milestone_date": "",
            "action": action,
            f"t{task}-evidence": [SimpleUploadedFile(n, b, "image/png") for n, b in files]}


def url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


# ---------------------------------------------------------------------------------------------
# Forms


def test_login_form(world, admins):
    for i, (name, payload) in enumerate(PAYLOADS):
        client = Client(raise_request_exception=False)
        response = client.post("/accounts/login/", {"username": payload, "password": payload},
                               REMOTE_ADDR=f"10.77.{i}.1")  # its own address: no lockout
        problems = page_problems(response, payload)
        seen("登录", name, payload, response)
        if response.status_code not in (200, 429):
            problems.append(f"login answered {response.status_code}")
        tried("登录", name, problems)
    auditor = client_for(admins.auditor)
    for name, payload in PAYLOADS:  # the failed logins are in the audit log with their names
        check("审计日志页", name, payload, auditor, "/audit/")
    assert not [p for r in RESULTS["登录"].values() for p in r]


def test_reporter_card_and_review_notes(world):
    reporter, office = client_for(world.reporter_a), client_for(world.supervisor)
    period, task = world.period.pk, world.task_a.pk
    save_url = f"/duban/periods/{period}/report/{task}/"
    pages = [f"/duban/periods/{period}/report/", f"/duban/tasks/{task}/",
             f"/duban/periods/{period}/tasks/{task}/", f"/duban/periods/{period}/queue/"]
    for name, payload in PAYLOADS:
        r1 = reporter.post(save_url, card(period, task, payload, "save", payload),
                           HTTP_HX_REQUEST="true")
        r2 = reporter.post(save_url, card(period, task, payload, "submit", payload),
                           HTTP_HX_REQUEST="true")
        report = Report.objects.get(task=world.task_a, unit=world.unit_a, period=world.period)
        problems = page_problems(r1, payload) + page_problems(r2, payload)
        if not (stored_as_text(report.text, payload)
                and stored_as_text(report.next_milestone, payload)):
            problems.append(f"stored altered: {report.text!r}")
        tried("报送表:进展与节点", name, problems)
        back = office.post(f"/duban/reports/{report.pk}/return/", {"note": payload})
        report.refresh_from_db()
        if report.state == "returned" and not stored_as_text(report.review_note, payload):
            tried("退回意见", name, ["stored altered"])
        check("退回意见", name, payload, office, *pages[1:], response=back)
        check("退回意见", name, payload, reporter, pages[0])  # shows the 退回意见
        check("报送表:进展与节点", name, payload, reporter, pages[0], pages[1])
    assert not [p for s in ("报送表:进展与节点", "退回意见") for r in RESULTS[s].values()
                for p in r]


def test_assessment_notes_and_citations(world):
    office = client_for(world.supervisor)
    period, task = world.period.pk, world.task_a.pk
    for name, payload in PAYLOADS:
        current = Assessment.objects.filter(task=world.task_a, period=world.period).first()
        response = office.post(f"/duban/periods/{period}/tasks/{task}/decide/", {
            "status": "in_progress", "light": "green", "cause": "", "note": payload,
            "evidence_citation": payload, "version": str(current.version if current else 0)})
        saved = Assessment.objects.get(task=world.task_a, period=world.period)
        tried("评定意见与佐证", name, [] if stored_as_text(saved.note, payload)
              and stored_as_text(saved.evidence_citation, payload) else ["stored altered"])
        check("评定意见与佐证", name, payload, office, f"/duban/periods/{period}/tasks/{task}/",
              f"/duban/tasks/{task}/", response=response)
    assert not [p for r in RESULTS["评定意见与佐证"].values() for p in r]


def test_change_request_reasons_and_decision_notes(world):
    reporter, office = client_for(world.reporter_a), client_for(world.supervisor)
    task = world.task_a.pk
    for name, payload in PAYLOADS:
        r1 = reporter.post(f"/duban/tasks/{task}/requests/",
                           {"kind": "dispute", "reason": payload, "new_deadline": ""})
        request = ChangeRequest.objects.filter(task=world.task_a, state="pending").first()
        problems = page_problems(r1, payload)
        if request is not None and not stored_as_text(request.reason, payload):
            problems.append("reason stored altered")
        tried("延期/退办申请理由", name, problems)
        check("延期/退办申请理由", name, payload, office, "/duban/requests/")
        if request is not None:
            r2 = office.post(f"/duban/requests/{request.pk}/decide/",
                             {"decision": "reject", "note": payload})
            check("审批意见", name, payload, reporter,
                  f"/duban/periods/{world.period.pk}/report/", response=r2)
    assert not [p for s in ("延期/退办申请理由", "审批意见") for r in RESULTS[s].values()
                for p in r]


def test_lag_causes_and_period_reopen_reasons(world):
    office = client_for(world.supervisor)
    period = world.period.pk
    for name, payload in PAYLOADS:
        r1 = office.post("/duban/causes/", {"name": payload})
        cause = LagCause.objects.filter(name=payload.strip()).first()
        problems = [] if cause is None or stored_as_text(cause.name, payload) else ["altered"]
        tried("滞后原因", name, problems)
        check("滞后原因", name, payload, office, "/duban/causes/",
              f"/duban/periods/{period}/tasks/{world.task_a.pk}/", response=r1)
        office.post(f"/duban/periods/{period}/close/")
        r2 = office.post(f"/duban/periods/{period}/reopen/", {"reason": payload})
        check("周期重新开启原因", name, payload, office, "/duban/periods/", response=r2)
    assert not [p for s in ("滞后原因", "周期重新开启原因") for r in RESULTS[s].values()
                for p in r]


def test_status_vocabulary_page(world):
    """Payloads as the source kind or as status codes: refused, nothing stored, no 500."""
    from ducha.reporting.models import StatusVocabulary

    office = client_for(world.supervisor)
    for name, payload in PAYLOADS:
        r1 = office.post("/duban/vocabulary/", {"source_kind": payload,
                                                "statuses": ["done", "in_progress"]})
        r2 = office.post("/duban/vocabulary/", {"source_kind": "work_report",
                                                "statuses": ["done", payload]})
        problems = ["stored"] if StatusVocabulary.objects.exists() else []
        tried("本室使用的状态", name, problems)
        check("本室使用的状态", name, payload, office, "/duban/vocabulary/", response=r1)
        check("本室使用的状态", name, payload, office, response=r2)
    assert not [p for r in RESULTS["本室使用的状态"].values() for p in r]


def test_ledger_task_forms_and_filters(world):
    office, reporter = client_for(world.supervisor), client_for(world.reporter_a)
    for i, (name, payload) in enumerate(PAYLOADS):
        response = office.post("/ledger/tasks/new/", {
            "number": f"P{i}", "title": payload, "text": payload, "chapter": payload,
            "deadline": "", "category": "annual", "lead_leaders": payload, "source": "",
            "new_source_kind": "instruction", "new_source_title": payload,
            "lead_units": [world.unit_a.pk], "responsible_units": [world.unit_b.pk]})
        task = Task.objects.filter(number=f"P{i}").first()
        problems = page_problems(response, payload)
        if task is not None and not all(stored_as_text(v, payload) for v in
                                        (task.title, task.text, task.chapter)):
            problems.append(f"stored altered: {task.title!r}")
        tried("台账事项表单", name, problems)
        if task is None:
            continue
        edit = office.post(f"/ledger/tasks/{task.pk}/edit/", {
            "number": f"P{i}", "title": payload + "(改)", "text": payload,
            "chapter": payload, "deadline": "", "category": "annual", "lead_leaders": payload})
        check("台账事项表单", name, payload, office, "/ledger/tasks/",
              f"/ledger/tasks/{task.pk}/edit/", f"/duban/tasks/{task.pk}/", response=edit)
        check("台账事项表单", name, payload, reporter, f"/duban/periods/{world.period.pk}/report/")
        query = {"chapter": payload, "unit": payload, "source": payload}
        filtered = office.get("/ledger/tasks/", query)
        seen("台账筛选", name, payload, filtered)
        tried("台账筛选", name, page_problems(filtered, payload))
    assert Task.objects.filter(number__startswith="P").count() == len(PAYLOADS)
    assert not [p for s in ("台账事项表单", "台账筛选") for r in RESULTS[s].values() for p in r]


def _document() -> bytes:
    """A decomposition whose task titles and unit names are the payloads."""
    lines = ["示例市人民政府办公室关于印发压测事项分解方案的通知", "示政办发〔2026〕99号",
             "各县市区人民政府,市政府各部门:", "现将方案印发给你们,请认真贯彻执行。",
             "示例市人民政府办公室", "2026年3月2日", "压测事项分解方案", "一、重点任务"]
    for i, (_name, payload) in enumerate(PAYLOADS, start=1):
        flat = payload.replace("\t", " ")
        lines.append(f"{i}.{flat}。推进相关工作{flat}。(牵头单位:{flat};责任单位:市{flat}局;"
                     f"完成时限:2026年12月底)")
    lines += ["示例市人民政府办公室", "2026年3月2日"]
    return "\n".join(lines).encode("utf-8")


def test_document_import_review_corrections_and_unknown_units(world):
    office = client_for(world.supervisor)
    upload = SimpleUploadedFile("压测方案.txt", _document(), "text/plain")
    response = office.post("/ledger/import/", {"file": upload})
    for name, payload in PAYLOADS:
        tried("公文导入(.txt)", name, page_problems(response, payload))
    draft = ImportDraft.objects.order_by("-pk").first()
    assert draft is not None, response.content.decode()[:2000]
    review = office.get(f"/ledger/import/{draft.pk}/")
    for name, payload in PAYLOADS:
        tried("公文导入(.txt)", name, page_problems(review, payload))
    html = review.content.decode()
    keys = sorted(set(re.findall(r'name="(d\d+-t\d+)-title"', html)))
    corrections = {}
    for key, (_name, payload) in zip(keys, PAYLOADS, strict=False):
        corrections[f"{key}-title"] = payload
        corrections[f"{key}-lead"] = f"{payload}、测试市甲局"
    confirm = office.post(f"/ledger/import/{draft.pk}/", {**corrections, "confirm": "1"})
    for name, payload in PAYLOADS:
        check("导入校对修改", name, payload, office, f"/ledger/import/{draft.pk}/",
              "/ledger/tasks/", "/org/unknown/", response=confirm)
    entries = list(UnknownUnitName.objects.filter(state="pending")[:len(PAYLOADS)])
    for entry, (name, payload) in zip(entries, PAYLOADS, strict=False):
        r = office.post("/org/unknown/", {"action": "create", "entry": entry.pk,
                                          "name": payload, "kind": "department"})
        unit = Unit.objects.filter(name=payload.strip()).first()
        problems = [] if unit is None or stored_as_text(unit.name, payload) else ["altered"]
        tried("未识别单位名称", name, problems)
        check("未识别单位名称", name, payload, office, "/org/unknown/", "/ledger/tasks/",
              response=r)
    assert entries, "the importer queued the payload unit names"
    surfaces = ("公文导入(.txt)", "导入校对修改", "未识别单位名称")
    assert not [p for s in surfaces for r in RESULTS[s].values() for p in r]


def test_bulletin_subject_and_section_edits(world):
    office = client_for(world.supervisor)
    for name, payload in PAYLOADS:
        response = office.post("/bulletins/new/", {"kind": "work_report",
                                                   "period": world.period.pk,
                                                   "layout": "official", "subject": payload})
        bulletin = Bulletin.objects.active().order_by("-pk").first()
        if bulletin is None:
            tried("通报编辑", name, page_problems(response, payload))
            continue
        edit = office.post(f"/bulletins/{bulletin.pk}/", {"index": "0", "heading": payload,
                                                           "text": payload})
        check("通报编辑", name, payload, office, f"/bulletins/{bulletin.pk}/",
              f"/bulletins/{bulletin.pk}/download.html", "/bulletins/", response=edit)
        for fmt in ("md", "txt", "docx"):
            got = office.get(f"/bulletins/{bulletin.pk}/download.{fmt}")
            tried("通报编辑", name, [f"{fmt}: HTTP {got.status_code}"]
                  if got.status_code >= 500 else [])
    assert Bulletin.objects.count() == len(PAYLOADS), "every draft was written"
    assert not [p for r in RESULTS["通报编辑"].values() for p in r]


def test_administrator_account_and_unit_forms(world, admins):
    sysadmin, secadmin = client_for(admins.sysadmin), client_for(admins.secadmin)
    auditor = client_for(admins.auditor)
    for i, (name, payload) in enumerate(PAYLOADS):
        r1 = sysadmin.post("/security/sys/accounts/new/", {
            "username": payload, "display_name": payload[:50], "phone": payload[:30],
            "role": "reporter", "unit": world.unit_a.pk})
        problems = page_problems(r1, payload)  # a username is stored as text or refused
        odd = User.objects.filter(username=payload.strip()).first()
        if odd is not None and odd.username != payload.strip():
            problems.append("username stored altered")
        r2 = sysadmin.post("/security/sys/accounts/new/", {
            "username": f"payload{i}", "display_name": payload[:50], "phone": payload[:30],
            "role": "reporter", "unit": world.unit_a.pk})
        user = User.objects.filter(username=f"payload{i}").first()
        if user is not None and not stored_as_text(user.display_name, payload[:50]):
            problems.append("display name stored altered")
        r3 = sysadmin.post("/security/sys/units/new/", {"name": payload,
                                                        "short_name": payload[:50],
                                                        "kind": "department"})
        problems += page_problems(r2, payload) + page_problems(r3, payload)
        tried("管理员:账户与单位", name, problems)
        pages = ["/security/sys/"]
        if user is not None:
            r4 = sysadmin.post(f"/security/sys/accounts/{user.pk}/edit/",
                               {"display_name": payload[:50], "phone": payload[:30]})
            tried("管理员:账户与单位", name, page_problems(r4, payload))
            pages.append(f"/security/sys/accounts/{user.pk}/edit/")
            check("管理员:账户与单位", name, payload, secadmin, "/security/sec/",
                  f"/security/sec/accounts/{user.pk}/role/")
        check("管理员:账户与单位", name, payload, sysadmin, *pages)
        check("管理员:账户与单位", name, payload, auditor, "/audit/")
    assert not [p for r in RESULTS["管理员:账户与单位"].values() for p in r]


def test_cockpit_search_box(world):
    leader, office = client_for(world.leader), client_for(world.supervisor)
    for name, payload in PAYLOADS:
        for who in (leader, office):
            found = who.get("/cockpit/search/", {"q": payload})
            seen("驾驶舱搜索框", name, payload, found)
            tried("驾驶舱搜索框", name, page_problems(found, payload))
            tried("驾驶舱搜索框", name, page_problems(
                who.get("/cockpit/tasks/", {"q": payload, "unit": payload}), payload))
    assert not [p for r in RESULTS["驾驶舱搜索框"].values() for p in r]


def test_upload_file_names(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    reporter, office = client_for(world.reporter_a), client_for(world.supervisor)
    period, task = world.period.pk, world.task_a.pk
    for i, (name, payload) in enumerate(PAYLOADS):
        filename = payload.replace("\t", " ") + ".png"
        before = Evidence.objects.count()
        response = reporter.post(f"/duban/periods/{period}/report/{task}/",
                                 card(period, task, f"第{i}次上传", "save",
                                      files=[(filename, PNG + bytes([i]))]),
                                 HTTP_HX_REQUEST="true")
        problems = page_problems(response, payload)
        doc = office.post("/ledger/import/", {
            "file": SimpleUploadedFile(filename.replace(".png", ".txt"), _document(),
                                       "text/plain")})
        tried("上传文件名", name, page_problems(doc, payload))
        check("上传文件名", name, payload, office, "/ledger/import/")
        if Evidence.objects.count() == before:  # refused: it must say why, in Chinese
            if "未能上传" not in response.content.decode():
                problems.append("neither stored nor refused with a message")
            tried("上传文件名", name, problems)
            continue
        evidence = Evidence.objects.order_by("-pk").first()
        if evidence is not None and evidence.sha256 and evidence.size == len(PNG) + 1:
            stored = Path(evidence.file.path).resolve()
            if not (stored.is_relative_to((tmp_path / "media" / "evidence").resolve())
                    and ".." not in evidence.file.name and "\\" not in evidence.file.name):
                problems.append(f"stored outside the evidence folder: {evidence.file.name}")
            download = reporter.get(f"/duban/evidence/{evidence.pk}/")
            disposition = download.get("Content-Disposition", "")
            if download.status_code >= 500 or re.search(r"[\r\n]", disposition):
                problems.append(f"download: {download.status_code} {disposition!r}")
            if '"' in payload and f'filename="{filename}"' in disposition:
                problems.append("quote of the name breaks the Content-Disposition header")
        tried("上传文件名", name, problems)
        check("上传文件名", name, payload, office, f"/duban/tasks/{task}/")
        check("上传文件名", name, payload, reporter, f"/duban/periods/{period}/report/")
    assert Evidence.objects.count() >= len(PAYLOADS) - 2, "the files were stored (or refused)"
    assert not [p for r in RESULTS["上传文件名"].values() for p in r]


# ---------------------------------------------------------------------------------------------
# Exports


def _cells_xlsx(data: bytes) -> list[tuple[str, object]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [(cell.data_type, cell.value) for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _formula_problems(cells: list[tuple[str, object]], payload: str) -> list[str]:
    core = payload.strip()
    out = []
    for kind, value in cells:
        text = str(value)
        if core not in text:
            continue
        if kind == "f":
            out.append(f"formula cell {text[:40]!r}")
        elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
            out.append(f"cell starts like a formula {text[:40]!r}")
    return out


def _cells_csv(data: bytes) -> list[tuple[str, object]]:
    text = data.decode("utf-8-sig", "replace")
    return [("s", field) for row in csv.reader(io.StringIO(text)) for field in row if field]


def test_exports_neutralise_formulas(world, admins):
    office, leader = client_for(world.supervisor), client_for(world.leader)
    auditor, sysadmin = client_for(admins.auditor), client_for(admins.sysadmin)
    reporter = client_for(world.reporter_a)
    period = world.period.pk
    for i, (_name, payload) in enumerate(PAYLOADS):  # payloads everywhere an export reads
        Client(raise_request_exception=False).post(
            "/accounts/login/", {"username": payload, "password": "x"},
            REMOTE_ADDR=f"10.78.{i}.1")
        sysadmin.post("/security/sys/units/new/", {"name": payload, "short_name": "",
                                                   "kind": "county"})
        office.post("/ledger/tasks/new/", {
            "number": f"X{i}", "title": payload, "text": payload, "chapter": payload,
            "deadline": "", "category": "annual", "lead_leaders": payload, "source": "",
            "new_source_kind": "instruction", "new_source_title": payload,
            "lead_units": [world.unit_a.pk]})
    task = Task.objects.filter(number="X0").first()
    if task is not None:
        reporter.post(f"/duban/periods/{period}/report/{task.pk}/",
                      card(period, task.pk, PAYLOADS[11][1], "submit", PAYLOADS[13][1]),
                      HTTP_HX_REQUEST="true")
    exports = [("审计日志 .xlsx", auditor, "/audit/export.xlsx", _cells_xlsx),
               ("审计日志 .csv", auditor, "/audit/export.csv", _cells_csv),
               ("驾驶舱排名 .xlsx", leader, "/cockpit/ranking.xlsx", _cells_xlsx),
               ("催办清单 .xlsx", office, url_or_none("reminders:export"), _cells_xlsx),
               ("Excel 台账", office, url_or_none("reporting:ledger_xlsx_export",
                                                 period_id=period), _cells_xlsx)]
    for label, client, path, reader in exports:
        if path is None:
            continue
        response = client.get(path)
        if response.status_code >= 500:
            for name, _payload in PAYLOADS:
                tried(f"导出:{label}", name, [f"HTTP {response.status_code}"])
            continue
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        cells = reader(body)
        for name, payload in PAYLOADS:
            if any(payload.strip() in str(v) for _k, v in cells):
                tried(f"导出:{label}", name, _formula_problems(cells, payload))
    assert not [p for s, r in RESULTS.items() if s.startswith("导出") for v in r.values()
                for p in v]
    assert any(s.startswith("导出") for s in RESULTS), "no export held any payload"


# ---------------------------------------------------------------------------------------------
# The table


@pytest.fixture(scope="module", autouse=True)
def _payload_table(request: pytest.FixtureRequest):
    """After this module's tests (whichever ran), print and save tried / got through per surface.

    A fixture rather than a last test, so the table never depends on the order tests run in;
    each payload test already asserts that nothing got through on its own surfaces.
    """
    yield
    if not RESULTS:
        return
    table = _table()
    out = Path(__file__).resolve().parents[2] / "test-output"
    out.mkdir(exist_ok=True)
    (out / "payload-table.txt").write_text(table + "\n", encoding="utf-8")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + table)


def _table() -> str:
    """The payload table: per surface, how many payloads were tried and how many got through."""
    lines = [f"{'surface':<22} {'tried':>6} {'got through':>12} {'shown escaped':>14}"]
    total = through = 0
    for surface, by_payload in RESULTS.items():
        bad = sum(1 for problems in by_payload.values() if problems)
        shown = len(SHOWN[surface]) if not surface.startswith("导出") else "—"
        lines.append(f"{surface:<22} {len(by_payload):>6} {bad:>12} {shown:>14}")
        total += len(by_payload)
        through += bad
        for name, problems in by_payload.items():
            if problems:
                lines.append(f"    ! {name}: {'; '.join(problems)[:200]}")
    lines.append(f"{'total':<22} {total:>6} {through:>12}   ({len(PAYLOADS)} payloads)")
    return "\n".join(lines)
