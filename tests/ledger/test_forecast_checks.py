"""Forecast against actual (docparse.pace): the numbers and sentences, and their properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ducha.docparse.indicators import match_actual, parse_actuals, parse_targets
from ducha.docparse.measures import MeasureMismatch
from ducha.docparse.pace import (
    FORECAST_TOLERANCE,
    ForecastCheck,
    check_forecast,
    summarise_forecasts,
)

values = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2,
                     allow_nan=False, allow_infinity=False)
any_values = st.decimals(min_value=Decimal(0), max_value=Decimal("1e9"), places=2,
                         allow_nan=False, allow_infinity=False)


def test_the_sentence_the_report_form_prints():
    check = check_forecast(Decimal(250), "座", Decimal(236), "座")
    assert check.text == "上期预计 250座,实际 236座,差 14座(-5.6%)"
    assert check.difference == pytest.approx(-14) and check.error == pytest.approx(-0.056)
    assert check.accurate


def test_forecast_in_another_magnitude_is_converted_into_the_actuals_measure():
    check = check_forecast(Decimal("2.5"), "万人", Decimal(23600), "人")
    assert check.text == "上期预计 2.5万人,实际 23600人,差 1400人(-5.6%)"
    assert check.forecast == pytest.approx(25000)


def test_percentages_differ_in_points_and_overshoot_says_so():
    assert (check_forecast(10, "%", Decimal("8.3"), "%").text
            == "上期预计 10%,实际 8.3%,差 1.7个百分点(-17%)")
    over = check_forecast(200, "座", 236, "座")
    assert over.text == "上期预计 200座,实际 236座,超 36座(+18%)" and not over.accurate


def test_a_zero_forecast_has_no_percentage():
    check = check_forecast(0, "座", 5, "座")
    assert check.error is None and not check.accurate and check.text.endswith("超 5座")
    assert check_forecast(0, "座", 0, "座").accurate


def test_measures_that_cannot_be_reconciled_are_refused():
    with pytest.raises(MeasureMismatch) as err:
        check_forecast(5, "吨", 5, "座")
    assert "无法换算" in err.value.message


def test_summary_of_no_forecasts_is_empty_not_zero():
    summary = summarise_forecasts([])
    assert (summary.count, summary.within, summary.share, summary.mape) == (0, 0, None, None)


@given(values, st.sampled_from(["座", "万人", "%", "亿元"]))
def test_a_perfect_forecast_always_counts_as_accurate(value, measure):
    check = check_forecast(value, measure, value, measure)
    assert check.accurate and check.error == 0 and check.text.endswith("与预计一致")


@given(values, st.integers(min_value=1, max_value=4))
def test_the_same_figure_in_a_larger_magnitude_is_a_perfect_forecast(value, power):
    check = check_forecast(value, "万人", value * 10_000, "人")
    assert check.accurate and abs(check.error) < 1e-9


@given(st.lists(st.tuples(any_values, any_values), max_size=30),
       st.floats(min_value=0, max_value=2))
def test_accuracy_is_a_share_and_the_error_is_never_negative(pairs, tolerance):
    checks = [check_forecast(f, "座", a, "座", tolerance=tolerance) for f, a in pairs]
    summary = summarise_forecasts(checks)
    assert summary.count == len(pairs) and 0 <= summary.within <= summary.count
    if pairs:
        assert summary.share is not None and 0 <= summary.share <= 1
    if summary.mape is not None:
        assert summary.mape >= 0


@given(values, values, st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_a_wider_tolerance_never_makes_a_forecast_inaccurate(forecast, actual, low, extra):
    narrow = check_forecast(forecast, "座", actual, "座", tolerance=low)
    wide = check_forecast(forecast, "座", actual, "座", tolerance=low + extra)
    assert wide.accurate or not narrow.accurate


@given(values, st.floats(min_value=-0.5, max_value=0.5))
def test_accurate_exactly_within_the_default_tolerance(forecast, miss):
    actual = Decimal(str(round(float(forecast) * (1 + miss), 6)))
    check: ForecastCheck = check_forecast(forecast, "座", actual, "座")
    if abs(miss) < FORECAST_TOLERANCE - 1e-6:
        assert check.accurate
    if abs(miss) > FORECAST_TOLERANCE + 1e-6:
        assert not check.accurate


def test_a_units_progress_text_reports_throughout_but_not_its_restated_target():
    text = "已新建5G基站236座,全年目标新建5G基站1000座,计划二季度再建300座。"
    assert parse_actuals(text) == []  # a bulletin paragraph with no period marker
    found = parse_actuals(text, report=True)
    assert [(a.name, a.actual, a.measure) for a in found] == [("新建5G基站", 236.0, "座")]
    target = parse_targets("全年新建5G基站1000座")[0]
    assert match_actual(target, found).actual == 236
