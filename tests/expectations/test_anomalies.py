"""Anomaly bands on hand-made histories: exact bands, seasonality, silences, blocking."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import polars as pl
import pytest

from expectations.anomalies import (
    RECENT,
    SAME_HOUR,
    SAME_WEEKDAY_HOUR,
    Rules,
    Series,
    band,
    baseline_points,
    binomial_quantile,
    blocking_metrics,
    detect,
    judge,
    quartiles,
    rate_band,
)
from transforms.monitoring import COUNT, LEVEL

AT = datetime(2026, 11, 23, 14, 0)  # a Monday
RULES = Rules()


def history(source: str, metric: str, values: list[float], n: int | None = 20) -> pl.DataFrame:
    """Hourly values of one series up to the hour before AT."""
    count = len(values)
    return pl.DataFrame(
        {
            "source": [source] * count,
            "metric": [metric] * count,
            "value": values,
            "n": [n] * count,
            "measured_at": [AT - timedelta(hours=count - i) for i in range(count)],
        },
        schema={
            "source": pl.String,
            "metric": pl.String,
            "value": pl.Float64,
            "n": pl.Int64,
            "measured_at": pl.Datetime("us"),
        },
    )


def now(source: str, metric: str, value: float, n: int | None = 20) -> pl.DataFrame:
    """The current run's value of one series."""
    return pl.DataFrame(
        [(source, metric, value, n)],
        schema={"source": pl.String, "metric": pl.String, "value": pl.Float64, "n": pl.Int64},
        orient="row",
    )


def test_quartiles_and_binomial_quantiles() -> None:
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert binomial_quantile(100, 0.0, 0.99) == 0
    assert binomial_quantile(10, 0.5, 0.5) == 5
    assert binomial_quantile(45, 0.01, 1 - 5e-6) == 6  # 1% of 45: P(X > 6) < 5e-6 < P(X > 5)
    assert binomial_quantile(45, 1.0, 0.5) == 45


def test_count_band_is_tukeys_far_out_fences_on_a_square_root_scale() -> None:
    low, centre, high = band(COUNT, [16.0, 16.0, 25.0, 25.0, 36.0], [None] * 5, None, RULES)
    # sqrt: 4, 4, 5, 5, 6 -> quartiles 4, 5, 5; IQR 1 -> fences 4 - 3 and 5 + 3
    assert (low, centre, high) == (1.0, 25.0, 64.0)


def test_level_band_is_relative_and_widens_for_fewer_articles() -> None:
    values = [math.expm1(6.0)] * 30
    low, centre, high = band(LEVEL, values, [20] * 30, 20, RULES)
    spread = 1.349 * RULES.level_floor  # a steady history: the floor
    assert centre == pytest.approx(math.expm1(6.0))
    assert high == pytest.approx(math.expm1(6.0 + 3 * spread))
    assert low == pytest.approx(math.expm1(6.0 - 3 * spread))
    wide = band(LEVEL, values, [20] * 30, 5, RULES)
    assert wide[2] == pytest.approx(math.expm1(6.0 + 3 * spread * 2))  # sqrt(20 / 5)


def test_rate_band_pools_the_history_and_uses_binomial_quantiles() -> None:
    low, p0, high = rate_band([0.0] * 20 + [0.05] * 10, [20] * 30, 40, RULES)
    assert p0 == pytest.approx((10 + 0.5) / 601)
    assert low == 0.0 and high == binomial_quantile(40, p0, 1 - 5e-6) / 40


def test_twenty_runs_of_history_before_judging() -> None:
    steady = [100.0 + i % 3 for i in range(19)]
    assert judge(now("A", "files", 0.0), history("A", "files", steady), AT, RULES) == []
    found = detect(now("A", "files", 0.0), history("A", "files", [*steady, 101.0]), AT, RULES)
    assert [(a.source, a.metric, a.observed, a.baseline, a.history) for a in found] == [
        ("A", "files", 0.0, RECENT, 20)
    ]
    assert found[0].expected_low > 0 and found[0].expected == 101.0


def test_values_over_too_few_articles_are_neither_judged_nor_used() -> None:
    past = history("A", "median_words", [500.0] * 25, n=3)
    assert judge(now("A", "median_words", 50.0, n=20), past, AT, RULES) == []
    past = history("A", "median_words", [500.0] * 25)
    assert judge(now("A", "median_words", 50.0, n=3), past, AT, RULES) == []
    assert detect(now("A", "median_words", 50.0), past, AT, RULES)[0].observed == 50.0


def test_seasonality_by_hour_then_by_weekday_and_hour() -> None:
    # 15 days hourly: busy afternoons (100 files at 14:00), 10 files otherwise
    values = [100.0 if (AT - timedelta(hours=360 - i)).hour == 14 else 10.0 for i in range(360)]
    past = history("", "files", values)
    series = {("", "files"): Series(values, [None] * 360, past["measured_at"].to_list())}
    name, points = baseline_points(series["", "files"], AT, RULES)
    assert name == SAME_HOUR and len(points) == 14
    assert detect(now("", "files", 95.0), past, AT, RULES) == []  # usual for 14:00
    assert detect(now("", "files", 95.0), past, AT.replace(hour=15), RULES)  # not at 15:00
    weekly = [AT - timedelta(weeks=w) for w in range(10, 0, -1)]
    name, points = baseline_points(Series([1.0] * 10, [None] * 10, weekly), AT, RULES)
    assert (name, len(points)) == (SAME_WEEKDAY_HOUR, 10)


def test_a_source_silent_longer_than_its_usual_gap_is_flagged() -> None:
    gaps = history("A", "hours_since_new_article", [0.0] * 25, n=None)
    volume = history("A", "articles", [12.0] * 25, n=None)
    past = pl.concat([gaps, volume])
    found = detect(now("A", "hours_since_new_article", 1.0, None), past, AT, RULES)
    assert [(a.metric, a.expected_high) for a in found] == [
        ("hours_since_new_article", pytest.approx(math.log(1000) / 12))
    ]  # 12 articles an hour: an hour's silence has a chance of e^-12
    quiet = pl.concat([gaps, history("A", "articles", [2.0] * 25, n=None)])
    assert detect(now("A", "hours_since_new_article", 1.0, None), quiet, AT, RULES) == []
    assert detect(now("A", "hours_since_new_article", 4.0, None), quiet, AT, RULES)


def test_blocking_marks_only_anomalies_of_blocking_metrics_in_a_batch() -> None:
    rules = Rules(blocking=frozenset({"median_words"}))
    past = history("A", "median_words", [500.0] * 25)
    found = detect(now("A", "median_words", 50.0), past, AT, rules, batch=3)
    assert [(a.batch, a.blocked) for a in found] == [(3, True)]
    assert [a.blocked for a in detect(now("A", "median_words", 50.0), past, AT, rules)] == [False]
    within = judge(now("A", "median_words", 500.0), past, AT, rules, batch=3)
    assert [(a.outside, a.blocked) for a in within] == [(False, False)]
    assert blocking_metrics(["median_words", "files", "", "null_rate:title"]) == (
        frozenset({"median_words", "null_rate:title"}),
        ["files"],
    )
