"""The API docs (/api/docs): Swagger UI from django-ninja's own static files, no inline
script, so the site's CSP (script-src 'self') holds; checked in Debian's chromium too."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from django.utils import timezone

CHROMIUM = os.environ.get("DUCHA_CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db
def test_docs_page_has_no_inline_script_and_the_sites_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, flags=re.S)
    assert scripts
    for attrs, content in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        assert "src=" not in attrs or not content.strip()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


@pytest.fixture
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} 不存在:请运行 make test(会以 root 安装 Debian 的 chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def docs_token(world) -> str:
    """Made before the browser starts: the ORM must not open a connection inside Playwright's
    greenlet, where the test database's teardown would not find and close it."""
    from ducha.api.services import api_token_create

    return api_token_create(user=world.leader, name="文档试用", by=None, now=timezone.now())[1]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_and_calls_the_api_under_the_csp(docs_token, live_server, browser):
    raw = docs_token
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(live_server.url + "/api/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=20000)
        assert "督查督办系统数据接口" in page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector(".opblock", timeout=20000)
        assert page.locator(".opblock").count() >= 11

        page.click("button.authorize")
        page.fill(".auth-container input[type=text], .auth-container input", raw)
        page.click(".auth-btn-wrapper button.authorize")
        page.click("button.btn-done")
        block = page.locator("#operations-督办周期-ducha_api_routers_periods_period_list")
        block.locator(".opblock-summary").click()
        block.locator("button.try-out__btn").click()
        block.locator("button.execute").click()
        status = block.locator(".live-responses-table tbody .response-col_status").first
        status.wait_for(timeout=20000)
        assert status.inner_text().strip().startswith("200")
        assert "2026Q1" in block.locator(".live-responses-table").inner_text()
    finally:
        context.close()
    assert errors == [], errors
