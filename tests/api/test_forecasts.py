"""Forecasts (下期预计值) through the API: saved with their measure, returned on the report,
and last period's forecast shown against this period's actual."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ducha.choices import PeriodKind, ReportState
from ducha.reporting.models import IndicatorForecast, Period, Report

pytestmark = pytest.mark.django_db


def _return(world, objects) -> None:
    from ducha.reporting.services import report_return

    report = Report.objects.get(pk=objects["report_a"])
    report_return(report=report, note="请补充指标", by=world.supervisor, now=report.updated_at)


def _body(world, objects, **actual):
    return {"period_id": world.period.pk, "task_id": world.task_a.pk, "text": "已新增就业 300 人",
            "actuals": [{"indicator_id": objects["indicator_a"], **actual}]}


def test_forecast_is_saved_and_returned_on_the_report(api, world, objects):
    _return(world, objects)
    body = api.post("reporter_a", "/api/reports", _body(
        world, objects, value="300", measure="人", forecast_value="0.06",
        forecast_measure="万人")).json()
    assert body["forecasts"] == [{"indicator_id": objects["indicator_a"], "value": "0.0600",
                                  "measure": "万人"}]
    assert body["forecast_checks"] == []  # nothing was forecast for this period
    again = api.get("leader", f"/api/reports/{body['id']}").json()
    assert again["forecasts"] == body["forecasts"]
    # forecast_value not sent: the forecast stays; sent as null: it is withdrawn (archived)
    kept = api.post("reporter_a", "/api/reports", _body(world, objects, value="310",
                                                        measure="人")).json()
    assert kept["forecasts"] == body["forecasts"]
    gone = api.post("reporter_a", "/api/reports", _body(world, objects, value="310", measure="人",
                                                        forecast_value=None)).json()
    assert gone["forecasts"] == []
    assert IndicatorForecast.objects.get().archived_at is not None


def test_forecast_in_a_measure_that_cannot_be_reconciled_is_a_chinese_field_error(
        api, world, objects, expect_error):
    _return(world, objects)
    response = api.post("reporter_a", "/api/reports", _body(
        world, objects, value="300", measure="人", forecast_value="5", forecast_measure="吨"))
    error = expect_error(response, 422)
    assert error["fields"] == [{"field": f"actuals.{objects['indicator_a']}.forecast_measure",
                                "message": error["fields"][0]["message"]}]
    assert "无法换算" in error["fields"][0]["message"]
    assert not IndicatorForecast.objects.exists()


def test_report_shows_last_periods_forecast_against_its_actual(api, world, objects):
    earlier = Period.objects.create(year=2025, kind=PeriodKind.QUARTER, index=4,
                                    due_date=dt.date(2025, 12, 31))
    before = Report.objects.create(unit=world.unit_a, task=world.task_a, period=earlier,
                                   text="四季度", state=ReportState.ACCEPTED)
    IndicatorForecast.objects.create(report=before, indicator_id=objects["indicator_a"],
                                     value=Decimal(250), measure="人")
    _return(world, objects)
    body = api.post("reporter_a", "/api/reports", _body(world, objects, value="236",
                                                        measure="人")).json()
    assert body["forecast_checks"] == [{
        "indicator_id": objects["indicator_a"], "forecast_period_id": earlier.pk,
        "forecast": "250.0000", "forecast_measure": "人", "actual": "236.0000", "measure": "人",
        "difference": -14.0, "error": pytest.approx(-0.056), "accurate": True,
        "text": "上期预计 250人,实际 236人,差 14人(-5.6%)"}]
    other = api.get("reporter_b", f"/api/reports/{body['id']}")
    assert other.status_code == 404  # another unit's report, forecasts and all
