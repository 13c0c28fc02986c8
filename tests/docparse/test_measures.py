"""Measure normalisation: magnitudes, base measures, and refusing to guess between measures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ducha.docparse.measures import (
    MEASURE_WORDS,
    MeasureMismatch,
    compatible,
    reconcile,
    split_measure,
    to_base,
)


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("万吨", (10_000, "吨")),
        ("亿元", (100_000_000, "元")),
        ("万元", (10_000, "元")),
        ("万人", (10_000, "人")),
        ("万平方米", (10_000, "平方米")),
        ("千万元", (10_000_000, "元")),
        ("百万人", (1_000_000, "人")),
        ("万亿元", (10**12, "元")),
        ("座", (1, "座")),
        ("%", (1, "%")),
        ("万", (10_000, "")),
        (None, (1, "")),
        ("", (1, "")),
    ],
)
def test_split_measure_separates_magnitude_from_measure_word(measure, expected):
    assert split_measure(measure) == expected


@pytest.mark.parametrize("unit", ["千米", "千克", "千瓦", "千瓦时", "个百分点"])
def test_units_that_start_with_a_magnitude_character_are_not_split(unit):
    assert split_measure(unit) == (1, unit)


def test_magnitude_before_a_whole_unit_scales_that_unit():
    assert split_measure("万千瓦") == (10_000, "千瓦")


def test_synonyms_share_one_base_measure():
    assert split_measure("公里") == (1, "千米")
    assert split_measure("公斤") == (1, "千克")


def test_more_than_marker_does_not_change_the_measure():
    assert split_measure("余人") == (1, "人")
    assert split_measure("万余名") == (10_000, "名")


@pytest.mark.parametrize(
    ("value", "measure", "expected"),
    [
        (3.7, "万人", (37_000.0, "人")),
        (86, "万吨", (860_000.0, "吨")),
        (5.19, "万亩", (51_900.0, "亩")),
        (2.5, "亿元", (250_000_000.0, "元")),
        (600, "个", (600.0, "个")),
        (-0.4, "%", (-0.4, "%")),
    ],
)
def test_to_base_is_exact_for_printed_decimals(value, measure, expected):
    assert to_base(value, measure) == expected


def test_reconcile_converts_between_magnitudes_of_one_measure():
    assert reconcile(4210, "人", "万人") == pytest.approx(0.421)
    assert reconcile(2.4, "万人", "人") == 24_000
    assert reconcile(350, "万元", "亿元") == pytest.approx(0.035)
    assert reconcile(12, "%", "%") == 12


def test_reconcile_refuses_measures_that_cannot_be_converted():
    with pytest.raises(MeasureMismatch) as caught:
        reconcile(12, "吨", "个")
    assert caught.value.message == "计量单位“吨”与目标的“个”无法换算,请按目标单位“个”填写"
    assert caught.value.measure == "吨"
    assert caught.value.target_measure == "个"
    assert caught.value.code == "measure_mismatch"


def test_reconcile_refuses_a_missing_measure_and_says_what_to_write():
    with pytest.raises(MeasureMismatch, match=r"未填写计量单位.*请按目标单位“座”填写"):
        reconcile(150, None, "座")


def test_reconcile_refuses_a_measure_when_the_target_has_none():
    with pytest.raises(MeasureMismatch, match="请只填写数值"):
        reconcile(3, "个", None)


def test_percent_and_count_are_not_compatible():
    assert not compatible("%", "个")
    assert compatible("万人", "人")


def test_measure_words_are_longest_first_for_the_regex_alternation():
    lengths = [len(w) for w in MEASURE_WORDS]
    assert lengths == sorted(lengths, reverse=True)


@given(
    value=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    magnitude=st.sampled_from(["", "万", "亿", "千", "百"]),
    other=st.sampled_from(["", "万", "亿", "千", "百"]),
)
def test_reconcile_round_trips_between_magnitudes(value, magnitude, other):
    there = reconcile(value, f"{magnitude}吨", f"{other}吨")
    back = reconcile(there, f"{other}吨", f"{magnitude}吨")
    assert back == pytest.approx(float(value), rel=1e-9, abs=1e-9)
