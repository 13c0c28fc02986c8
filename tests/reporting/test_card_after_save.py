"""The card an htmx save answers with is the card the sheet shows afterwards.

After a save the view does not read the whole row again: it takes the report as stored and
marks the assignment acknowledged (``sheet.row_after_save``). These tests compare that card,
byte for byte apart from its notice and the CSRF tokens, with the same card on the sheet
read afresh — with indicators, last period's actuals and forecast, a partner's report and
evidence on both sides.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from ducha.choices import Comparator, IndicatorKind, ReportState
from ducha.ledger.models import Indicator
from ducha.reporting.models import Evidence, IndicatorActual, IndicatorForecast, Report

from .conftest import PNG, upload

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
NOTICE = re.compile(r'<p class="notice ok" role="status" data-testid="card-notice">[^<]*</p>')


def _card(html: str, task_id: int) -> str:
    found = re.search(rf'<article class="card task-card" id="task-{task_id}".*?</article>', html,
                      re.DOTALL)
    assert found is not None, html[:2000]
    return NOTICE.sub("", TOKEN.sub(r'\1…"', found.group(0)))


@pytest.fixture
def rich(world, earlier):
    """task_shared (甲局 leads, 乙局 responsible) with an indicator, last period's report of 甲局
    with an actual and a forecast of this period, and 乙局's report with evidence."""
    task = world.task_shared
    indicator = Indicator.objects.create(task=task, name="新建5G基站", kind=IndicatorKind.COUNT,
                                         comparator=Comparator.AT_LEAST, value=Decimal(1000),
                                         measure="座")
    last = Report.objects.create(unit=world.unit_a, task=task, period=earlier, text="上期进展",
                                 state=ReportState.ACCEPTED, next_milestone="一季度开工",
                                 next_milestone_date=dt.date(2026, 3, 1))
    IndicatorActual.objects.create(report=last, indicator=indicator, value=Decimal(300),
                                   measure="座")
    IndicatorForecast.objects.create(report=last, indicator=indicator, value=Decimal(500),
                                     measure="座")
    partner = Report.objects.create(unit=world.unit_b, task=task, period=world.period,
                                    text="乙局配合完成选址", state=ReportState.SUBMITTED)
    Evidence.objects.create(report=partner, file="evidence/x.png", original_name="选址.png",
                            kind="png", content_type="image/png", size=10, sha256="0" * 64,
                            uploaded_by=world.reporter_b,
                            uploaded_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    return task, indicator


def _post(client: Client, world, task, indicator, action: str, **extra) -> str:
    prefix = f"t{task.pk}"
    data = {f"{prefix}-text": "本期新建基站520座,完成年度目标的一半。",
            f"{prefix}-confidence": "high", f"{prefix}-next_milestone": "二季度完成验收",
            f"{prefix}-next_milestone_date": "2026-06-30",
            f"{prefix}-ind-{indicator.pk}-value": "520",
            f"{prefix}-ind-{indicator.pk}-measure": "座",
            f"{prefix}-ind-{indicator.pk}-forecast": "700",
            f"{prefix}-ind-{indicator.pk}-forecast_measure": "座", "action": action, **extra}
    response = client.post(f"/duban/periods/{world.period.pk}/report/{task.pk}/", data,
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_the_saved_card_is_the_sheets_card(world, rich):
    task, indicator = rich
    client = Client()
    client.force_login(world.reporter_a)
    sheet = f"/duban/periods/{world.period.pk}/report/"
    assert "未签收" in _card(client.get(sheet).content.decode(), task.pk)

    draft = _post(client, world, task, indicator, "save",
                  **{f"t{task.pk}-evidence": upload("现场照片.png", PNG)})
    assert "草稿已保存。" in draft and "现场照片.png" in draft and "未签收" not in draft
    assert _card(draft, task.pk) == _card(client.get(sheet).content.decode(), task.pk)

    done = _post(client, world, task, indicator, "submit")
    assert "已报送,等待督查室审核。" in done and "下期预计:700座" in done
    assert _card(done, task.pk) == _card(client.get(sheet).content.decode(), task.pk)


def test_a_refused_save_shows_the_card_as_before(world, rich):
    """A refusal (a measure that cannot be reconciled) keeps the card as it was read."""
    task, indicator = rich
    client = Client()
    client.force_login(world.reporter_a)
    body = _post(client, world, task, indicator, "submit",
                 **{f"t{task.pk}-ind-{indicator.pk}-measure": "公里"})
    assert 'data-testid="card-error"' in body and "未签收" in body
    assert not Report.objects.filter(unit=world.unit_a, period=world.period).exists()
