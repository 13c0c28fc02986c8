"""Forecasts of the next period's value (下期预计值) and actuals suggested from progress text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from ducha.choices import Comparator, IndicatorKind, PeriodKind, ReportState
from ducha.ledger.models import Indicator
from ducha.reporting.models import IndicatorActual, IndicatorForecast, Period, Report
from ducha.reporting.selectors import forecast_accuracy, previous_periods
from ducha.reporting.services import ActualInput, ForecastInput, ReportInputError, report_save

from .conftest import NOW

pytestmark = pytest.mark.django_db

TEXT_5G = "一季度,全市新建5G基站236座,完成年度目标的23.6%。"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _save(world, text="已开工建设", period=None, **kwargs):
    return report_save(period=period or world.period, task=world.task_a, unit=world.unit_a,
                       text=text, by=world.reporter_a, now=NOW, **kwargs)


def _page(world) -> str:
    return _login(world.reporter_a).get(
        f"/duban/periods/{world.period.pk}/report/").content.decode()


def _earlier_forecast(world, earlier, indicator, value="250", measure="座") -> Report:
    report = Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier,
                                   text="四季度已完成选址。", state=ReportState.ACCEPTED)
    IndicatorForecast.objects.create(report=report, indicator=indicator, value=Decimal(value),
                                     measure=measure)
    return report


# ------------------------------------------------------------------ service: validation, history


def test_forecast_in_a_measure_that_cannot_be_reconciled_is_a_chinese_error_and_writes_nothing(
        world, indicator):
    with pytest.raises(ReportInputError) as err:
        _save(world, actuals=[ActualInput(indicator, Decimal(236), "座")],
              forecasts=[ForecastInput(indicator, Decimal(300), "吨")])
    message = err.value.fields[f"ind-{indicator.pk}-forecast_measure"]
    assert "计量单位“吨”与目标的“座”无法换算" in message
    assert not Report.objects.exists()
    assert not IndicatorActual.objects.exists() and not IndicatorForecast.objects.exists()


def test_forecast_of_a_qualitative_indicator_is_refused(world):
    aim = Indicator.objects.create(task=world.task_a, name="城乡居民收入稳步增长",
                                   kind=IndicatorKind.QUALITATIVE)
    with pytest.raises(ReportInputError) as err:
        _save(world, forecasts=[ForecastInput(aim, Decimal(5), "")])
    assert "定性指标" in err.value.fields[f"ind-{aim.pk}-forecast"]
    assert not Report.objects.exists()


def test_forecast_is_kept_in_a_convertible_measure_and_withdrawing_archives_it(world, indicator):
    _save(world, forecasts=[ForecastInput(indicator, Decimal("0.03"), "万座")])
    forecast = IndicatorForecast.objects.get()
    assert (forecast.value, forecast.measure, forecast.text) == (Decimal("0.03"), "万座",
                                                                 "0.03万座")
    _save(world)  # forecasts not given: left as they are
    assert IndicatorForecast.objects.active().count() == 1
    _save(world, forecasts=[ForecastInput(indicator, None)])
    forecast.refresh_from_db()
    assert forecast.archived_at is not None  # withdrawn, not deleted
    _save(world, forecasts=[ForecastInput(indicator, Decimal(300), "座")])
    forecast.refresh_from_db()
    assert forecast.archived_at is None and forecast.value == Decimal(300)
    kinds = list(forecast.history.order_by("history_id").values_list("history_type", "value"))
    assert [k for k, _v in kinds] == ["+", "~", "~"]
    assert kinds[0][1] == Decimal("0.03")


def test_form_post_saves_the_forecast_and_shows_a_measure_error_at_its_field(world, indicator):
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/"
    p = f"t{world.task_a.pk}-ind-{indicator.pk}"
    client = _login(world.reporter_a)
    response = client.post(url, {f"t{world.task_a.pk}-text": "已开工", f"{p}-value": "236",
                                 f"{p}-measure": "座", f"{p}-forecast": "500",
                                 f"{p}-forecast_measure": "个", "action": "save"},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "计量单位“个”与目标的“座”无法换算" in body
    assert not Report.objects.exists()
    client.post(url, {f"t{world.task_a.pk}-text": "已开工", f"{p}-value": "236",
                      f"{p}-measure": "座", f"{p}-forecast": "500",
                      f"{p}-forecast_measure": "座", "action": "save"},
                HTTP_HX_REQUEST="true")
    forecast = IndicatorForecast.objects.get()
    assert (forecast.value, forecast.measure) == (Decimal(500), "座")
    assert forecast.history.get().history_user == world.reporter_a
    page = _page(world)  # the saved forecast is shown in its field again
    assert f'name="{p}-forecast" value="500"' in page


# ------------------------------------------------------------------ the form and the task page


def test_next_form_shows_last_periods_forecast_against_the_actual(world, earlier, indicator):
    _earlier_forecast(world, earlier, indicator)
    page = _page(world)
    assert "上期预计本期 250座" in page
    assert 'data-testid="forecast-check"' not in page  # no actual entered yet
    _save(world, actuals=[ActualInput(indicator, Decimal(236), "座")])
    assert "上期预计 250座,实际 236座,差 14座(-5.6%)" in _page(world)


def test_a_forecast_two_periods_back_is_not_shown_as_last_periods(world, indicator):
    older = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=3,
                                  due_date=dt.date(2025, 9, 30))
    Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                          due_date=dt.date(2025, 12, 31))
    _earlier_forecast(world, older, indicator)
    assert "上期预计本期" not in _page(world)


def test_task_page_shows_forecast_against_actual_and_the_next_forecast(world, earlier,
                                                                       indicator):
    _earlier_forecast(world, earlier, indicator)
    _save(world, actuals=[ActualInput(indicator, Decimal(236), "座")],
          forecasts=[ForecastInput(indicator, Decimal("0.05"), "万座")])
    body = _login(world.supervisor).get(f"/duban/tasks/{world.task_a.pk}/").content.decode()
    table = body.split('data-testid="indicator-table"')[1].split("</table>")[0]
    assert "上期预计 250座,实际 236座,差 14座(-5.6%)" in table
    assert "下期预计 0.05万座" in table
    assert "指标下期预计值" in body  # the history names the forecast


def test_form_offers_the_actual_read_from_the_progress_text(world, indicator):
    _save(world, text=TEXT_5G)
    page = _page(world)
    assert "从进展文字中识别到:<b>236座</b>" in page
    field = f"id_t{world.task_a.pk}-ind-{indicator.pk}-value"
    assert f'data-value-field="{field}"' in page and 'data-fill-value="236"' in page
    tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', page).group()
    assert "value=" not in tag  # offered, never filled silently
    _save(world, text=TEXT_5G, actuals=[ActualInput(indicator, Decimal(236), "座")])
    assert "从进展文字中识别到" not in _page(world)  # the field already says it
    _save(world, text=TEXT_5G, actuals=[ActualInput(indicator, Decimal("0.0236"), "万座")])
    assert "从进展文字中识别到" not in _page(world)  # the same figure in another measure
    _save(world, text=TEXT_5G, actuals=[ActualInput(indicator, Decimal(200), "座")])
    assert "从进展文字中识别到:<b>236座</b>" in _page(world)  # it differs


def test_text_carried_over_from_last_period_offers_nothing(world, earlier, indicator):
    Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier, text=TEXT_5G,
                          state=ReportState.ACCEPTED)
    page = _page(world)
    assert "已按上期内容预填" in page and "从进展文字中识别到" not in page


def test_htmx_check_offers_suggestions_out_of_band_and_writes_nothing(world, indicator):
    url = f"/duban/periods/{world.period.pk}/report/{world.task_a.pk}/check/"
    p = f"t{world.task_a.pk}-ind-{indicator.pk}"
    client = _login(world.reporter_a)
    response = client.post(url, {f"t{world.task_a.pk}-text": TEXT_5G, f"{p}-value": "",
                                 f"{p}-measure": "座"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'id="sugg-{world.task_a.pk}-{indicator.pk}"' in body and 'hx-swap-oob="true"' in body
    assert "从进展文字中识别到:<b>236座</b>" in body
    response = client.post(url, {f"t{world.task_a.pk}-text": TEXT_5G, f"{p}-value": "236",
                                 f"{p}-measure": "座"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "从进展文字中识别到" not in body  # the slot is emptied
    assert f'id="sugg-{world.task_a.pk}-{indicator.pk}"' in body
    assert not Report.objects.exists()


def test_form_posts_the_actual_fields_with_the_text_check(world, indicator):
    page = _page(world)
    p = f"t{world.task_a.pk}-ind-{indicator.pk}"
    assert f'hx-params="t{world.task_a.pk}-text,{p}-value,{p}-measure"' in page


# ------------------------------------------------------------------ the accuracy selector


def test_forecast_accuracy_per_unit_and_period(world, earlier, indicator):
    jobs = Indicator.objects.create(task=world.task_a, name="新增城镇就业",
                                    kind=IndicatorKind.COUNT, comparator=Comparator.AT_LEAST,
                                    value=Decimal("3.7"), measure="万人")
    parks = Indicator.objects.create(task=world.task_a, name="新建产业园", kind=IndicatorKind.COUNT,
                                     comparator=Comparator.AT_LEAST, value=Decimal(10),
                                     measure="个")
    before = _earlier_forecast(world, earlier, indicator)  # 250座 → 236座: -5.6%, accurate
    IndicatorForecast.objects.create(report=before, indicator=jobs, value=Decimal(1),
                                     measure="万人")  # 1万人 → 5000人: -50%
    IndicatorForecast.objects.create(report=before, indicator=parks, value=Decimal(3),
                                     measure="个")  # no actual reported: unchecked
    _save(world, actuals=[ActualInput(indicator, Decimal(236), "座"),
                          ActualInput(jobs, Decimal(5000), "人")])
    rows = forecast_accuracy(periods=[world.period])
    assert len(rows) == 1
    row = rows[0]
    assert (row.unit_id, row.period, row.forecast_period) == (world.unit_a.pk, world.period,
                                                              earlier)
    assert (row.count, row.within, row.unchecked) == (2, 1, 1)
    assert row.share == pytest.approx(0.5)
    assert row.mape == pytest.approx((0.056 + 0.5) / 2)
    assert forecast_accuracy(periods=[world.period], tolerance=0.6)[0].within == 2
    assert forecast_accuracy(periods=[world.period], unit_ids=[world.unit_b.pk]) == []
    assert forecast_accuracy(periods=[earlier]) == []  # nothing was forecast for it


def test_withdrawn_forecasts_and_other_units_actuals_do_not_count(world, earlier, indicator):
    before = _earlier_forecast(world, earlier, indicator)
    IndicatorForecast.objects.filter(report=before).update(archived_at=NOW)
    shared = Indicator.objects.create(task=world.task_shared, name="新建基站", kind="count",
                                      comparator=">=", value=Decimal(10), measure="座")
    theirs = Report.objects.create(unit=world.unit_b, task=world.task_shared, period=earlier,
                                   state=ReportState.ACCEPTED)
    IndicatorForecast.objects.create(report=theirs, indicator=shared, value=Decimal(5),
                                     measure="座")
    mine = Report.objects.create(unit=world.unit_a, task=world.task_shared, period=world.period)
    IndicatorActual.objects.create(report=mine, indicator=shared, value=Decimal(5),
                                   measure="座")
    rows = forecast_accuracy(periods=[world.period])
    assert [(r.unit_id, r.count, r.unchecked) for r in rows] == [(world.unit_b.pk, 0, 1)]
    assert rows[0].share is None and rows[0].mape is None


def test_previous_periods_keep_to_the_same_kind(world, earlier):
    month = Period.objects.create(year=2026, kind=PeriodKind.MONTH, index=2,
                                  due_date=dt.date(2026, 2, 28))
    found = previous_periods([world.period, month, earlier])
    assert found == {world.period.pk: earlier, month.pk: None, earlier.pk: None}


def test_cockpit_overview_shows_how_units_forecasts_came_true(world, earlier, indicator):
    _earlier_forecast(world, earlier, indicator)
    _save(world, actuals=[ActualInput(indicator, Decimal(236), "座")])
    body = _login(world.leader).get(f"/cockpit/?period={world.period.pk}").content.decode()
    table = body.split('data-testid="forecast-accuracy"')[1].split("</table>")[0]
    row = table.split(f'data-unit="{world.unit_a.pk}"')[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells == ["甲局", "1", "1", "100%", "5.6%", "0"]  # display name: the short one
