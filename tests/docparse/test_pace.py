"""Judging actuals against targets: verdicts, lights, explanations, and their monotonicity."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ducha.docparse.indicators import Target
from ducha.docparse.measures import MeasureMismatch
from ducha.docparse.pace import (
    LIGHTS,
    VERDICT_RANK,
    elapsed_share,
    evaluate,
    is_cumulative,
    month_elapsed,
    quarter_elapsed,
    target_sense,
)

STATIONS = Target("新建公共充电桩", "count", "=", 1000, "座")
JOBS = Target("新增城镇就业", "count", "=", 2.4, "万人")
GDP = Target("地区生产总值增长", "growth", ">=", 8.5, "%")
UNEMPLOYMENT = Target("城镇调查失业率", "rate", "<=", 5.5, "%")
ACCIDENTS = Target("较大安全事故", "count", "<=", 40, "起")


# --- cumulative counts -----------------------------------------------------------------------


def test_count_below_time_elapsed_pace_is_behind_with_the_gap_in_points():
    result = evaluate(STATIONS, 236, elapsed=0.25, cumulative=True)
    assert (result.verdict, result.light) == ("behind", "yellow")
    assert result.explanation == "完成236座,占年度目标23.6%,低于序时进度1.4个百分点"
    assert result.share == pytest.approx(0.236)
    assert result.pace == 0.25


def test_count_ahead_of_pace_is_on_pace():
    result = evaluate(STATIONS, 320, elapsed=0.25, cumulative=True)
    assert (result.verdict, result.light) == ("on_pace", "green")
    assert result.explanation == "完成320座,占年度目标32%,超过序时进度7个百分点"


def test_count_exactly_on_pace():
    result = evaluate(STATIONS, 500, elapsed=month_elapsed(6), cumulative=True)
    assert result.verdict == "on_pace"
    assert result.explanation.endswith("与序时进度持平")


def test_count_that_reached_the_year_target_early_is_met():
    result = evaluate(Target("投资5亿元以上项目", "count", "=", 8, "个"), 12, elapsed=0.25,
                      cumulative=True)
    assert (result.verdict, result.light) == ("met", "green")
    assert result.explanation == "完成12个,占年度目标150%,已完成全年目标"


def test_count_short_at_the_end_of_the_year_is_missed():
    result = evaluate(STATIONS, 960, elapsed=1, cumulative=True, final=True)
    assert (result.verdict, result.light) == ("missed", "red")
    assert result.explanation == "完成960座,占年度目标96%,未完成年度目标"


def test_count_reported_in_a_smaller_magnitude_is_converted():
    result = evaluate(JOBS, 4210, measure="人", elapsed=0.25, cumulative=True)
    assert result.verdict == "behind"
    assert result.share == pytest.approx(4210 / 24000)
    assert result.explanation == "完成4210人,占年度目标17.5%,低于序时进度7.5个百分点"


def test_count_in_an_unconvertible_measure_is_refused():
    with pytest.raises(MeasureMismatch, match="请按目标单位“万人”填写"):
        evaluate(JOBS, 4210, measure="个", elapsed=0.25, cumulative=True)


def test_at_most_count_above_its_ceiling_is_missed_even_mid_year():
    result = evaluate(ACCIDENTS, 41, elapsed=0.5, cumulative=True)
    assert result.verdict == "missed"
    assert result.explanation == "完成41起,占年度上限102.5%,已超过年度上限"


def test_at_most_count_within_the_time_budget_is_on_pace():
    assert evaluate(ACCIDENTS, 9, elapsed=0.25, cumulative=True).verdict == "on_pace"
    assert evaluate(ACCIDENTS, 12, elapsed=0.25, cumulative=True).verdict == "behind"
    assert evaluate(ACCIDENTS, 39, elapsed=1, cumulative=True, final=True).verdict == "met"


def test_about_count_overshooting_its_band_is_missed():
    about = Target("改造老旧小区", "count", "~", 40, "个")
    assert evaluate(about, 45, elapsed=0.5, cumulative=True).verdict == "missed"
    assert evaluate(about, 40, elapsed=0.5, cumulative=True).verdict == "met"
    assert evaluate(about, 25, elapsed=0.5, cumulative=True).verdict == "on_pace"


# --- levels: growths, rates, stocks --------------------------------------------------------


def test_growth_above_an_at_least_target_is_met():
    result = evaluate(GDP, 9.1, elapsed=0.25, cumulative=False)
    assert (result.verdict, result.light) == ("met", "green")
    assert result.explanation == "实际9.1%,目标8.5%以上,高于目标0.6个百分点"
    assert result.share is None and result.pace is None


def test_growth_below_target_is_behind_mid_year_and_missed_at_the_end():
    assert evaluate(GDP, 7.9, elapsed=0.5, cumulative=False).verdict == "behind"
    final = evaluate(GDP, 7.9, elapsed=1, cumulative=False, final=True)
    assert (final.verdict, final.light) == ("missed", "red")
    assert final.explanation == "实际7.9%,目标8.5%以上,低于目标0.6个百分点"


def test_unqualified_growth_target_is_met_when_reached():
    plain = Target("社会消费品零售总额增长", "growth", "=", 9, "%")
    assert evaluate(plain, 9, elapsed=0.25, cumulative=False).explanation.endswith("与目标持平")
    assert evaluate(plain, 14, elapsed=0.25, cumulative=False).verdict == "met"


def test_at_most_rate():
    assert evaluate(UNEMPLOYMENT, 4.1, elapsed=0.25, cumulative=False).verdict == "met"
    result = evaluate(UNEMPLOYMENT, 5.8, elapsed=0.25, cumulative=False)
    assert result.verdict == "behind"
    assert result.explanation == "实际5.8%,目标5.5%以内,高于目标0.3个百分点"


def test_about_rate_without_direction_is_a_symmetric_band():
    band = Target("森林覆盖率", "rate", "~", 52, "%")
    assert evaluate(band, 52.4, elapsed=0.5, cumulative=False).verdict == "met"
    assert evaluate(band, 51.6, elapsed=0.5, cumulative=False).verdict == "met"
    result = evaluate(band, 53, elapsed=0.5, cumulative=False)
    assert result.verdict == "behind"
    assert result.explanation == "实际53%,目标52%左右,偏离1个百分点,超出允许范围(±0.5个百分点)"


def test_about_rate_worded_as_a_ceiling_accepts_any_lower_value():
    ceiling = Target("商品房价格涨幅", "rate", "~", 2, "%", sense="ceiling")
    assert evaluate(ceiling, -0.4, elapsed=0.25, cumulative=False).verdict == "met"
    assert evaluate(ceiling, 2.4, elapsed=0.25, cumulative=False).verdict == "met"
    assert evaluate(ceiling, 2.6, elapsed=0.25, cumulative=False).verdict == "behind"


def test_about_growth_is_a_floor_softened_by_the_tolerance():
    about = Target("外贸进出口总额增长", "growth", "~", 12.5, "%")
    assert evaluate(about, 12.1, elapsed=0.25, cumulative=False).verdict == "met"
    assert evaluate(about, 30, elapsed=0.25, cumulative=False).verdict == "met"
    assert evaluate(about, 11.9, elapsed=0.25, cumulative=False).verdict == "behind"


def test_stock_count_is_judged_as_a_level():
    stock = Target("规上企业总数", "count", ">=", 120, "家")
    assert not is_cumulative(stock)
    result = evaluate(stock, 96, elapsed=0.25, cumulative=False)
    assert result.verdict == "behind"
    assert result.share == pytest.approx(0.8)
    assert result.explanation == "实际96家,目标120家以上,低于目标24家"


def test_cumulative_flag_is_ignored_for_rates():
    assert evaluate(GDP, 9.1, elapsed=0.25, cumulative=True).pace is None


def test_qualitative_targets_cannot_be_evaluated():
    with pytest.raises(ValueError, match="定性目标"):
        evaluate(Target("农村居民收入持续增长", "qualitative"), 1, elapsed=0.5, cumulative=False)


@pytest.mark.parametrize("elapsed", [-0.1, 1.5])
def test_elapsed_outside_the_year_is_refused(elapsed):
    with pytest.raises(ValueError, match="序时进度"):
        evaluate(STATIONS, 10, elapsed=elapsed, cumulative=True)


def test_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="允许偏差"):
        evaluate(GDP, 9, elapsed=0.5, cumulative=False, tolerance=-1)


# --- defaults --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (STATIONS, True),
        (JOBS, True),
        (Target("蔬菜产量", "count", "=", 86, "万吨"), False),
        (Target("省级专精特新企业总数", "count", "=", 18, "家"), False),
        (GDP, False),
    ],
)
def test_is_cumulative_defaults(target, expected):
    assert is_cumulative(target) is expected


def test_target_sense_defaults_from_kind_and_comparator():
    assert target_sense(GDP) == "floor"
    assert target_sense(UNEMPLOYMENT) == "ceiling"
    assert target_sense(Target("森林覆盖率", "rate", "~", 52, "%")) == "band"
    assert target_sense(Target("出口增长", "growth", "~", 12, "%")) == "floor"


# --- elapsed share ---------------------------------------------------------------------------


def test_quarter_and_month_shares():
    assert [quarter_elapsed(q) for q in range(1, 5)] == [0.25, 0.5, 0.75, 1.0]
    assert month_elapsed(3) == 0.25
    assert elapsed_share(2024, quarter=2) == 0.5
    assert elapsed_share(2024, month=9) == 0.75


def test_day_share_counts_leap_years_and_clamps_outside_the_year():
    assert elapsed_share(2024, as_of=date(2024, 12, 31)) == 1.0
    assert elapsed_share(2024, as_of=date(2024, 3, 31)) == pytest.approx(91 / 366)
    assert elapsed_share(2023, as_of=date(2023, 3, 31)) == pytest.approx(90 / 365)
    assert elapsed_share(2024, as_of=date(2023, 12, 31)) == 0.0
    assert elapsed_share(2024, as_of=date(2025, 1, 1)) == 1.0


@pytest.mark.parametrize("kwargs", [{}, {"quarter": 1, "month": 3}])
def test_elapsed_share_needs_exactly_one_period(kwargs):
    with pytest.raises(ValueError, match="请只指定"):
        elapsed_share(2024, **kwargs)


@pytest.mark.parametrize(("func", "bad"), [(quarter_elapsed, 5), (month_elapsed, 0)])
def test_out_of_range_periods_are_refused(func, bad):
    with pytest.raises(ValueError, match="请检查督办周期"):
        func(bad)


# --- properties ------------------------------------------------------------------------------

# Dyadic values (multiples of 1/4) are exact in binary floating point, so symmetric
# differences are compared without rounding noise.
quarters = st.integers(min_value=0, max_value=4000).map(lambda n: n / 4)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
targets_at_least = st.builds(
    Target, name=st.just("新建公共充电桩"), kind=st.just("count"),
    comparator=st.sampled_from([">=", "="]), value=st.integers(1, 2000).map(float),
    measure=st.just("个"),
)
levels_at_least = st.builds(
    Target, name=st.just("地区生产总值增长"), kind=st.just("growth"),
    comparator=st.sampled_from([">=", "=", "~"]), value=quarters, measure=st.just("%"),
)


def _rank(target, actual, **kwargs):
    return VERDICT_RANK[evaluate(target, actual, **kwargs).verdict]


@given(target=st.one_of(targets_at_least, levels_at_least), a=quarters, b=quarters,
       elapsed=shares, cumulative=st.booleans(), final=st.booleans())
def test_a_larger_actual_never_worsens_an_at_least_verdict(target, a, b, elapsed,
                                                          cumulative, final):
    low, high = sorted((a, b))
    kwargs = {"elapsed": elapsed, "cumulative": cumulative, "final": final}
    assert _rank(target, high, **kwargs) >= _rank(target, low, **kwargs)


@given(target=targets_at_least, actual=quarters, e1=shares, e2=shares, final=st.booleans())
def test_later_elapsed_share_never_improves_a_cumulative_at_least_verdict(target, actual, e1,
                                                                         e2, final):
    early, late = sorted((e1, e2))
    kwargs = {"cumulative": True, "final": final}
    assert _rank(target, actual, elapsed=late, **kwargs) <= _rank(
        target, actual, elapsed=early, **kwargs)


@given(value=st.integers(1, 2000).map(float), a=quarters, b=quarters, elapsed=shares,
       cumulative=st.booleans(), final=st.booleans())
def test_at_most_is_monotone_the_other_way(value, a, b, elapsed, cumulative, final):
    ceiling = Target("较大安全事故", "count", "<=", value, "起")
    low, high = sorted((a, b))
    kwargs = {"elapsed": elapsed, "cumulative": cumulative, "final": final}
    assert _rank(ceiling, high, **kwargs) <= _rank(ceiling, low, **kwargs)


@given(value=st.integers(1, 2000).map(float), actual=quarters, e1=shares, e2=shares)
def test_later_elapsed_share_never_worsens_a_cumulative_at_most_verdict(value, actual, e1, e2):
    ceiling = Target("较大安全事故", "count", "<=", value, "起")
    early, late = sorted((e1, e2))
    assert _rank(ceiling, actual, elapsed=late, cumulative=True) >= _rank(
        ceiling, actual, elapsed=early, cumulative=True)


@given(value=quarters, delta=quarters, tolerance=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
       elapsed=shares, final=st.booleans())
def test_about_without_direction_is_symmetric(value, delta, tolerance, elapsed, final):
    band = Target("森林覆盖率", "rate", "~", value, "%")
    kwargs = {"elapsed": elapsed, "cumulative": False, "final": final, "tolerance": tolerance}
    above = evaluate(band, value + delta, **kwargs)
    below = evaluate(band, value - delta, **kwargs)
    assert above.verdict == below.verdict
    assert (above.verdict == "met") == (delta <= tolerance)


@given(target=st.one_of(targets_at_least, levels_at_least), actual=quarters,
       cumulative=st.booleans())
def test_a_closed_period_is_either_met_or_missed(target, actual, cumulative):
    result = evaluate(target, actual, elapsed=1, cumulative=cumulative, final=True)
    assert result.verdict in {"met", "missed"}


@given(target=st.one_of(targets_at_least, levels_at_least), actual=quarters, elapsed=shares,
       cumulative=st.booleans(), final=st.booleans())
def test_light_follows_verdict_and_explanation_is_one_line(target, actual, elapsed,
                                                          cumulative, final):
    result = evaluate(target, actual, elapsed=elapsed, cumulative=cumulative, final=final)
    assert result.light == LIGHTS[result.verdict]
    assert result.explanation and "\n" not in result.explanation


@given(target=targets_at_least, actual=quarters, elapsed=shares)
def test_met_mid_year_stays_met_when_the_period_closes(target, actual, elapsed):
    if evaluate(target, actual, elapsed=elapsed, cumulative=True).verdict == "met":
        assert evaluate(target, actual, elapsed=1, cumulative=True, final=True).verdict == "met"
