"""An htmx request after the session ended is answered 401, never the login page swapped in."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _save_url(world) -> str:
    return f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/"


def test_an_htmx_post_without_a_session_gets_401_and_writes_nothing(world):
    from ducha.reporting.models import Report

    response = Client().post(_save_url(world), {f"t{world.task_a.pk}-text": "进展"},
                             HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert "登录已超时" in response.content.decode()
    assert not Report.objects.exists()


def test_a_plain_request_still_goes_to_the_login_page(world):
    response = Client().post(_save_url(world), {f"t{world.task_a.pk}-text": "进展"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signed_in_htmx_requests_are_untouched(world):
    client = Client()
    client.force_login(world.reporter_a)
    response = client.post(_save_url(world), {f"t{world.task_a.pk}-text": "本期进展",
                                              "action": "save"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_the_page_script_explains_a_401(world):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    script = Path(finders.find("ducha/app.js")).read_text(encoding="utf-8")
    assert "401:" in script and "登录已超时" in script
