"""In Debian's chromium: an htmx request that fails (5xx, network, 403, 409) is never silent.

The live server is real; Playwright's ``page.route`` turns chosen requests into the failure,
so the test does not depend on breaking the server. The page must show a Chinese message in
its alert region, keep what the user typed, and log no console error other than the failed
request itself (Chromium's "Failed to load resource" and htmx's own error line).
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "《实施方案》已印发,项目已完成投资2.1亿元,下一步组织竣工验收。"
EXPECTED_CONSOLE = re.compile(
    r"^(Failed to load resource: (the server responded with a status of (500|401|403|409)"
    r"|net::ERR_INTERNET_DISCONNECTED)"
    r"|Response Status Error Code (500|401|403|409) from /duban/periods/\d+/report/\d+/(check/)?"
    r"|htmx:(sendError|afterRequest))")  # htmx logs both when the network fails


def test_failed_htmx_requests_show_a_chinese_alert_and_keep_the_input(
        live_server, world, password, browser, screenshot_dir):
    base, task, period = live_server.url, world.task_a, world.period
    console: list[str] = []
    page_errors: list[str] = []
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and console.append(msg.text))
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", world.reporter_a.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=page-title]")
    page.goto(f"{base}/duban/periods/{period.pk}/report/")

    alert = page.locator("[data-testid=htmx-error]")
    card = page.locator(f"[data-testid=task-card-{task.pk}]")
    assert alert.get_attribute("role") == "alert" and alert.is_hidden()
    save_url = f"**/duban/periods/{period.pk}/report/{task.pk}/"
    check_url = save_url + "check/"

    # 1. the duplicate check (an htmx post on typing) meets a server error
    page.route(check_url, lambda route: route.fulfill(status=500, body="Internal Server Error"))
    card.locator("[data-testid=report-text]").fill(TEXT)
    card.locator("[data-testid=report-text]").press("End")  # keyup triggers the check
    alert.wait_for(state="visible")
    assert "服务器出错,本次操作没有保存,请稍后重试" in alert.inner_text()
    page.screenshot(path=str(screenshot_dir / "htmx-error-500.png"), full_page=False)
    alert.get_by_role("button", name="关闭").click()
    alert.wait_for(state="hidden")
    page.unroute(check_url)

    # 2. the save itself: the network drops, then a 409 and a 403 from the server
    failures = [
        (lambda route: route.abort("internetdisconnected"),
         "网络中断,本次操作没有保存,请检查网络后重试。"),
        (lambda route: route.fulfill(status=409, body="conflict"),
         "记录已被他人修改,本次操作没有保存"),
        (lambda route: route.fulfill(status=403, body="forbidden"),
         "无权进行此操作,本次操作没有保存"),
    ]
    for handler, message in failures:
        page.route(save_url, handler)
        card.locator("[data-testid=save-draft]").click()
        page.wait_for_function(
            "m => document.getElementById('htmx-error').innerText.includes(m)", arg=message)
        assert alert.is_visible()
        assert card.locator("[data-testid=report-text]").input_value() == TEXT  # kept
        page.unroute(save_url)

    # 2b. the session ended while the unit was writing: 401, the alert, the text kept
    session = [c for c in context.cookies() if c["name"] == "sessionid"]
    context.clear_cookies(name="sessionid")
    card.locator("[data-testid=save-draft]").click()
    page.wait_for_function(
        "m => document.getElementById('htmx-error').innerText.includes(m)",
        arg="登录已超时,本次操作没有保存")
    assert card.locator("[data-testid=report-text]").input_value() == TEXT
    assert page.locator("input[name=password]").count() == 0  # no login form swapped in
    context.add_cookies(session)

    # 3. the retry goes through: the card says so and the alert goes away
    card.locator("[data-testid=save-draft]").click()
    page.locator(f"[data-testid=task-card-{task.pk}] [data-testid=card-notice]").wait_for()
    alert.wait_for(state="hidden")
    context.close()

    assert page_errors == []
    unexpected = [line for line in console if not EXPECTED_CONSOLE.match(line)]
    assert unexpected == [], unexpected
    assert any("Response Status Error Code 500" in line for line in console)
