"""Run metrics from document rows: exact values on small hand-made batches."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import polars as pl

from tests.factories import make_article, sha
from transforms.frames import batch_frames
from transforms.monitoring import (
    COUNT,
    GAP,
    LEVEL,
    RATE,
    SHARE,
    document_rows,
    history_languages,
    kind,
    last_new_articles,
    run_metrics,
)
from transforms.records import DateMention

AT = datetime(2026, 11, 23, 12, 0)


def _batch() -> pl.DataFrame:
    """Three enriched articles of two sources (one quarantined), a refused file, a duplicate."""
    a = make_article(sha(1))
    b = replace(
        make_article(sha(2), body="Short body " * 30, furniture_share=0.5, published=None),
        dates=[DateMention(0, 5, "Short", None, None)],
    )
    c = make_article(sha(3))
    c = replace(c, meta=replace(c.meta, source="Other Wire", language="fr"))
    statuses = {sha(1): "loaded", sha(2): "loaded", sha(3): "quarantined"}
    return document_rows(batch_frames([a, b, c]), statuses, ["quarantined", "duplicate"])


def metric(frame: pl.DataFrame, source: str, name: str) -> tuple[float, int | None]:
    """(value, n) of one metric."""
    row = frame.filter((pl.col("source") == source) & (pl.col("metric") == name))
    assert row.height == 1, (source, name, row)
    return row["value"][0], row["n"][0]


def test_document_rows_keep_status_source_and_counts() -> None:
    rows = _batch()
    assert rows["status"].to_list() == [
        "loaded",
        "loaded",
        "quarantined",
        "quarantined",
        "duplicate",
    ]
    assert rows["source"].to_list() == ["Example News", "Example News", "Other Wire", None, None]
    assert rows["date_values_null"].to_list()[:3] == [0, 1, 0]
    assert rows["published"].to_list()[:3] == [True, False, True]
    assert rows["words"].to_list()[:3] == [44, 60, 44]


def test_whole_run_and_per_source_metrics() -> None:
    m = run_metrics(_batch(), AT)
    assert metric(m, "", "files") == (5.0, None)
    assert metric(m, "", "articles") == (2.0, None)
    assert metric(m, "", "quarantine_rate") == (0.4, 5)
    assert metric(m, "", "duplicate_rate") == (0.2, 5)
    assert metric(m, "", "published_share") == (0.5, 2)
    assert metric(m, "", "null_rate:date_value") == (0.5, 2)  # 1 of the 2 date mentions
    assert metric(m, "", "entities_per_article") == (3.0, 2)
    assert metric(m, "Example News", "median_words") == ((44 + 60) / 2, 2)
    assert metric(m, "Example News", "median_furniture_share") == (0.375, 2)
    assert metric(m, "Example News", "language_share:en") == (1.0, 2)
    assert metric(m, "Example News", "hours_since_new_article") == (0.0, None)
    assert metric(m, "Other Wire", "articles") == (0.0, None)
    assert metric(m, "Other Wire", "quarantine_rate") == (1.0, 1)
    assert m.filter(pl.col("source") == "Other Wire").height == 2  # nothing loaded to measure


def test_a_silent_source_gets_its_volume_and_freshness() -> None:
    last = {"Silent Times": datetime(2026, 11, 23, 9, 30)}
    m = run_metrics(_batch(), AT, last_new=last, languages={"Example News": {"de"}})
    assert metric(m, "Silent Times", "articles") == (0.0, None)
    assert metric(m, "Silent Times", "hours_since_new_article") == (2.5, None)
    assert metric(m, "Example News", "language_share:de") == (0.0, 2)


def test_an_empty_run_has_volume_only() -> None:
    m = run_metrics(_batch().head(0), AT)
    assert m.rows() == [("", "files", 0.0, None), ("", "articles", 0.0, None)]


def test_history_gives_last_new_articles_and_languages() -> None:
    history = pl.DataFrame(
        {
            "source": ["A", "A", "B", "A"],
            "metric": ["hours_since_new_article"] * 3 + ["language_share:fr"],
            "value": [0.0, 3.0, 1.5, 1.0],
            "measured_at": [datetime(2026, 11, 23, h) for h in (6, 9, 9, 9)],
        }
    )
    assert last_new_articles(history) == {
        "A": datetime(2026, 11, 23, 6),
        "B": datetime(2026, 11, 23, 7, 30),
    }
    assert history_languages(history) == {"A": {"fr"}}


def test_kinds() -> None:
    assert [kind(m) for m in ("files", "quarantine_rate", "median_furniture_share")] == [
        COUNT,
        RATE,
        SHARE,
    ]
    assert [kind(m) for m in ("median_words", "hours_since_new_article", "null_rate:x")] == [
        LEVEL,
        GAP,
        RATE,
    ]
