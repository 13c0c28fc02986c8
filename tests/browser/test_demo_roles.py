"""`ducha demo` serves the product; each printed demo login lands on its role's page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
DUCHA = str(Path(sys.executable).with_name("ducha"))
LOGIN_LINE = re.compile(r"^\s+(?P<role>\S+?): 用户名 (?P<user>\S+)\s+密码 (?P<pw>\S+)$")
HOME_TITLES = {"督查室": "督查室工作台", "领导": "领导驾驶舱", "联络员": "单位工作台"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen[str], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"ducha demo exited early:\n{proc.stdout.read() if proc.stdout else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"ducha demo did not start serving within {seconds:.0f} s")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DUCHA_DATABASE_URL"}
    env["DUCHA_VAR_DIR"] = str(tmp_path_factory.mktemp("demo-var"))
    log = tmp_path_factory.mktemp("demo-log") / "out.txt"
    with log.open("w+", encoding="utf-8") as out:
        proc = subprocess.Popen([DUCHA, "demo", "--port", str(port)], env=env, stdout=out,
                                stderr=subprocess.STDOUT, text=True)
        try:
            _wait_for(port, proc)
            logins = [m.groupdict() for line in log.read_text(encoding="utf-8").splitlines()
                      if (m := LOGIN_LINE.match(line))]
            yield f"http://127.0.0.1:{port}", logins
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_demo_prints_one_login_per_role(demo_server):
    _url, logins = demo_server
    roles = {login["role"].split("(")[0] for login in logins}
    assert roles == set(HOME_TITLES)


def test_each_demo_login_lands_on_its_roles_page(demo_server, browser, screenshot_dir):
    url, logins = demo_server
    for login in logins:
        role = login["role"].split("(")[0]
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg, errors=errors: msg.type == "error" and errors.append(
            msg.text))
        page.goto(url + "/")
        assert "登录" in page.title()
        page.fill("#id_username", login["user"])
        page.fill("#id_password", login["pw"])
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=page-title]")
        assert HOME_TITLES[role] in page.inner_text("[data-testid=page-title]")
        assert role[:2] in page.inner_text("[data-testid=whoami]")
        page.screenshot(path=str(screenshot_dir / f"home-{login['user']}.png"), full_page=True)
        assert errors == []
        context.close()


def test_wrong_password_shows_chinese_error_in_browser(demo_server, browser):
    url, _logins = demo_server
    page = browser.new_page()
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", "duchashi")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text(".error[role=alert]")
    page.close()
