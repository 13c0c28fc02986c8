"""Indicator forecasts (下期预计值) in the Excel ledger: exported beside the actual, filled
offline, imported through the same rules as the web form; a ledger exported before the
forecast column existed still imports."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ducha.choices import IndicatorKind
from ducha.ledger.models import Indicator
from ducha.reporting.models import IndicatorActual, IndicatorForecast, Report
from ducha.reporting.services import ForecastInput, report_save

from .conftest import NOW
from .test_xlsx_roundtrip import Filled, export, run_import, values

pytestmark = pytest.mark.django_db

FORECAST = "指标1下期预计值"


def test_forecast_round_trip_then_reexport_changes_nothing(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    letter = filled.sheet.cell(1, filled.headers[FORECAST]).column_letter
    assert filled.sheet.column_dimensions[letter].protection.locked is False  # open to typing
    filled.fill(world.task_a, world.unit_a, **values(
        本期进展="已建成基站350座", 指标1本期完成值="350", 指标1下期预计值="0.05万座"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert result.ok and result.written
    assert ("新建5G基站下期预计值", "", "0.05万座") in result.changes[0].fields
    forecast = IndicatorForecast.objects.get()
    assert (forecast.value, forecast.measure) == (Decimal("0.05"), "万座")
    assert forecast.report.task_id == world.task_a.pk
    again = Filled(export(world, world.reporter_a))
    assert again.cell(world.task_a, world.unit_a, FORECAST).value == "0.05万座"
    unchanged = run_import(again.bytes(), world.reporter_a)
    assert unchanged.ok and not unchanged.changes
    assert IndicatorForecast.objects.count() == 1


def test_an_empty_forecast_cell_keeps_the_forecast_on_record(world, indicator):
    report_save(period=world.period, task=world.task_a, unit=world.unit_a, by=world.reporter_a,
                now=NOW, text="进展", forecasts=[ForecastInput(indicator, Decimal(480), "座")])
    filled = Filled(export(world, world.reporter_a))
    filled.fill(world.task_a, world.unit_a, **values(本期进展="新的进展", 指标1下期预计值=None))
    assert run_import(filled.bytes(), world.reporter_a).written
    forecast = IndicatorForecast.objects.get()
    assert (forecast.value, forecast.archived_at) == (Decimal(480), None)


def test_a_forecast_in_a_measure_that_cannot_be_converted_names_row_and_column(world,
                                                                                indicator):
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="进展", 指标1下期预计值="420吨"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert not result.written and result.error_total == 1
    error = result.errors[0]
    assert (error.row, error.column) == (row, FORECAST)
    assert "吨" in error.message and "座" in error.message
    assert not Report.objects.exists() and not IndicatorForecast.objects.exists()


def test_a_qualitative_indicator_takes_no_forecast(world):
    Indicator.objects.create(task=world.task_a, name="建立协调机制",
                             kind=IndicatorKind.QUALITATIVE)
    filled = Filled(export(world, world.reporter_a))
    row = filled.fill(world.task_a, world.unit_a, **values(本期进展="进展", 指标1下期预计值="1"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert not result.written
    [error] = result.errors
    assert (error.row, error.column) == (row, FORECAST)
    assert "定性指标" in error.message and "清空" in error.message
    assert not Report.objects.exists()


def test_a_ledger_of_the_first_format_without_forecasts_still_imports(world, indicator):
    filled = Filled(export(world, world.reporter_a))
    filled.sheet.delete_cols(filled.headers[FORECAST])
    meta = filled.book["ducha"]
    [format_row] = [r for r in meta.iter_rows() if r[0].value == "format"]
    format_row[1].value = "ducha-ledger/1"
    filled.headers = {c.value: c.column for c in filled.sheet[1]}
    assert FORECAST not in filled.headers
    filled.fill(world.task_a, world.unit_a, **values(本期进展="旧格式填报", 指标1本期完成值="300"))
    result = run_import(filled.bytes(), world.reporter_a)
    assert result.ok and result.written
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.measure) == (Decimal(300), "座")
    assert not IndicatorForecast.objects.exists()


def test_the_guide_explains_the_forecast_column(world, indicator):
    book = load_workbook(io.BytesIO(export(world, world.reporter_a)))
    text = " ".join(str(c.value) for row in book["填报说明"].iter_rows() for c in row if c.value)
    assert "下期预计值" in text and "定性指标" in text
