"""End to end in Debian's chromium: a reporter fills and submits its period report (htmx),
the office sees it in the queue and accepts it with a status, and the task page shows the
status and its history. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()
TEXT = "《实施方案》已于2026年3月1日印发,项目已正式通车,完成投资2.1亿元。"


def _open(browser, base: str, user, password: str, errors: list[str]):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=page-title]")
    return context, page


def test_reporter_submits_office_accepts_and_task_page_shows_status_and_history(
        live_server, world, password, browser, screenshot_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base, task, period = live_server.url, world.task_a, world.period
    errors: list[str] = []

    # 1. the reporter of unit A fills and submits its report on the period's sheet
    context, page = _open(browser, base, world.reporter_a, password, errors)
    page.goto(f"{base}/duban/periods/{period.pk}/report/")
    assert "乙局独办事项" not in page.content()
    card = page.locator(f"[data-testid=task-card-{task.pk}]")
    card.locator("[data-testid=report-text]").fill(TEXT)
    card.locator(f"select[name=t{task.pk}-confidence]").select_option("high")
    card.locator(f"input[name=t{task.pk}-next_milestone]").fill("4月底前完成竣工验收")
    card.locator("input[type=file]").set_input_files(
        files=[{"name": "通车证明.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    card.locator("[data-testid=submit-report]").click()
    notice = page.locator(f"[data-testid=task-card-{task.pk}] [data-testid=card-notice]")
    notice.wait_for()
    assert "已报送" in notice.inner_text()
    assert page.locator(f"[data-testid=task-card-{task.pk}] [data-testid=report-state]"
                        ).inner_text() == "已报送"
    page.screenshot(path=str(screenshot_dir / "workflow-1-reporter-submitted.png"),
                    full_page=True)
    context.close()

    # 2. the office sees it in the queue with a suggested status, and decides
    context, page = _open(browser, base, world.supervisor, password, errors)
    page.goto(f"{base}/duban/periods/{period.pk}/queue/")
    row = page.locator("[data-testid=queue-table] tbody tr", has_text="甲局独办事项")
    assert row.count() == 1
    assert row.locator("[data-testid=suggested-status]").inner_text() == "已落实"
    page.screenshot(path=str(screenshot_dir / "workflow-2-queue.png"), full_page=True)
    row.locator("a").first.click()
    page.wait_for_selector("[data-testid=decide-form]")
    assert page.locator("mark.ev").count() > 0  # the suggestion's evidence is highlighted
    page.select_option("#id_status", "done")
    page.select_option("#id_light", "green")
    page.fill("#id_note", "材料齐全,同意销号。")
    page.click("[data-testid=decide-submit]")
    page.wait_for_selector("[data-testid=current-assessment]")
    assert "已落实" in page.locator("[data-testid=current-assessment]").inner_text()
    page.screenshot(path=str(screenshot_dir / "workflow-3-decided.png"), full_page=True)

    # 3. the task page shows the status and the history of report and assessment
    page.goto(f"{base}/duban/tasks/{task.pk}/")
    assert page.locator("[data-testid=assessment-status]").first.inner_text() == "已落实"
    history = page.locator("[data-testid=history]").inner_text()
    assert "状态:— → 已报送" in history and "已报送 → 已采纳" in history
    assert "评定状态:— → 已落实" in history
    assert world.supervisor.username in history and world.reporter_a.username in history
    page.screenshot(path=str(screenshot_dir / "workflow-4-task-page.png"), full_page=True)
    context.close()

    assert errors == []
