"""Data-quality metrics of a run, whole and per source: pure functions over Polars frames.

A run's documents are described by one row each (`document_rows`): its status and, for those
that were cleaned and enriched, its source and the figures analysts' numbers rest on. The
metrics (`run_metrics`) summarise them: volume, quarantine and duplicate rates, median words
and furniture share, entities, date mentions and quotes per article, the share with a
publication date, the language mix, null rates of the columns analysts use, and the hours since
each source's last new article. `expectations/anomalies.py` judges each series against its own
history. No clock: the run's time is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

import polars as pl

from transforms.frames import BatchFrames

WHOLE_RUN = ""  # the source of a whole-run metric
UNKNOWN_LANGUAGE = "unknown"
FRESHNESS = "hours_since_new_article"

# How each metric is judged (expectations/anomalies.py): a count (volume), a rate (a share of
# `n` things), a share that is no count (a median of shares), a level (a median or a mean per
# article), or a gap (hours of silence).
COUNT, RATE, SHARE, LEVEL, GAP = "count", "rate", "share", "level", "gap"
KINDS: dict[str, str] = {
    "files": COUNT,
    "articles": COUNT,
    "quarantine_rate": RATE,
    "duplicate_rate": RATE,
    "median_words": LEVEL,
    "median_furniture_share": SHARE,
    "entities_per_article": LEVEL,
    "dates_per_article": LEVEL,
    "quotes_per_article": LEVEL,
    "published_share": RATE,
    FRESHNESS: GAP,
}
FAMILIES: dict[str, str] = {"language_share:": RATE, "null_rate:": RATE}

DOCUMENT_SCHEMA = pl.Schema(
    {
        "status": pl.String(),  # loaded, quarantined, duplicate
        "source": pl.String(),  # null when the file was refused before cleaning
        "language": pl.String(),
        "words": pl.Int64(),
        "furniture_share": pl.Float64(),
        "entity_mentions": pl.Int64(),
        "date_mentions": pl.Int64(),
        "date_values_null": pl.Int64(),
        "quotes": pl.Int64(),
        "quotes_unattributed": pl.Int64(),
        "published": pl.Boolean(),
        "has_title": pl.Boolean(),
    }
)
METRIC_SCHEMA = pl.Schema(
    {"source": pl.String(), "metric": pl.String(), "value": pl.Float64(), "n": pl.Int64()}
)


def kind(metric: str) -> str:
    """How a metric is judged: count, rate, level or gap."""
    if metric in KINDS:
        return KINDS[metric]
    return next((k for prefix, k in FAMILIES.items() if metric.startswith(prefix)), LEVEL)


def document_rows(
    frames: BatchFrames, statuses: Mapping[str, str], other_statuses: Iterable[str] = ()
) -> pl.DataFrame:
    """One row per file of a batch: its enriched articles with the status each got (sha256 ->
    loaded or quarantined), then the files that never reached cleaning (refused or duplicate),
    by status alone."""
    a = frames.articles
    dates = frames.date_mentions.group_by("sha256").agg(
        pl.col("value").is_null().sum().cast(pl.Int64).alias("date_values_null")
    )
    quotes = frames.quotes.group_by("sha256").agg(
        pl.col("speaker").is_null().sum().cast(pl.Int64).alias("quotes_unattributed")
    )
    status = pl.DataFrame(
        {"sha256": list(statuses), "status": list(statuses.values())},
        schema={"sha256": pl.String, "status": pl.String},
    )
    enriched = (
        a.join(status, on="sha256", how="inner")
        .join(dates, on="sha256", how="left")
        .join(quotes, on="sha256", how="left")
        .select(
            "status",
            "source",
            "language",
            pl.col("word_count").alias("words"),
            "furniture_share",
            pl.col("entity_mention_count").alias("entity_mentions"),
            pl.col("date_mention_count").alias("date_mentions"),
            pl.col("date_values_null").fill_null(0),
            pl.col("quote_count").alias("quotes"),
            pl.col("quotes_unattributed").fill_null(0),
            pl.col("published_date").is_not_null().alias("published"),
            pl.col("title").is_not_null().alias("has_title"),
        )
        .cast(dict(DOCUMENT_SCHEMA))  # type: ignore[arg-type]
    )
    others = pl.DataFrame({"status": list(other_statuses)}, schema={"status": pl.String})
    return pl.concat([enriched, others], how="diagonal_relaxed").select(DOCUMENT_SCHEMA.names())


def _rows(source: str, values: Iterable[tuple[str, float | None, int | None]]) -> list[tuple]:
    """Metric rows of one source, leaving out values that could not be computed."""
    return [(source, m, float(v), n) for m, v, n in values if v is not None]


def _share(part: int, whole: int) -> float | None:
    """part / whole, None when there is nothing to divide."""
    return part / whole if whole else None


def article_metrics(loaded: pl.DataFrame, languages: Iterable[str] = ()) -> list[tuple]:
    """(metric, value, n) of loaded articles: medians, means per article, shares and null
    rates; a language share for each language seen here or in `languages` (0 when absent)."""
    n = loaded.height
    if n == 0:
        return []
    s = loaded.select(
        pl.col("words").median(),
        pl.col("furniture_share").median(),
        pl.col("entity_mentions").mean(),
        pl.col("date_mentions").mean(),
        pl.col("quotes").mean(),
        pl.col("published").sum(),
        pl.col("has_title").not_().sum().alias("untitled"),
        pl.col("date_mentions").sum().alias("dates"),
        pl.col("date_values_null").sum(),
        pl.col("quotes").sum().alias("all_quotes"),
        pl.col("quotes_unattributed").sum(),
    ).row(0, named=True)
    counts = dict(loaded.group_by(pl.col("language").fill_null(UNKNOWN_LANGUAGE)).len().iter_rows())
    out: list[tuple] = [
        ("median_words", s["words"], n),
        ("median_furniture_share", s["furniture_share"], n),
        ("entities_per_article", s["entity_mentions"], n),
        ("dates_per_article", s["date_mentions"], n),
        ("quotes_per_article", s["quotes"], n),
        ("published_share", _share(s["published"], n), n),
        ("null_rate:title", _share(s["untitled"], n), n),
        ("null_rate:date_value", _share(s["date_values_null"], s["dates"]), s["dates"]),
        (
            "null_rate:quote_speaker",
            _share(s["quotes_unattributed"], s["all_quotes"]),
            s["all_quotes"],
        ),
    ]
    for lang in sorted(set(counts) | set(languages)):
        out.append((f"language_share:{lang}", counts.get(lang, 0) / n, n))
    return out


def run_metrics(
    documents: pl.DataFrame,
    at: datetime,
    last_new: Mapping[str, datetime] | None = None,
    languages: Mapping[str, Iterable[str]] | None = None,
) -> pl.DataFrame:
    """The metrics of a run (or a batch) from its `document_rows`, whole-run (source '') and
    per source. `last_new`: when each known source last had a new article before this run
    (hours since it are measured at `at`; 0 for a source with articles loaded now); every
    known source gets its volume and freshness, so silence shows. `languages`: per source,
    the languages its history has shares of (they get a 0 when absent now)."""
    last_new = last_new or {}
    languages = languages or {}
    files = documents.height
    statuses = dict(documents.group_by("status").len().iter_rows())
    loaded = documents.filter(pl.col("status") == "loaded")
    rows = _rows(
        WHOLE_RUN,
        [
            ("files", files, None),
            ("articles", loaded.height, None),
            ("quarantine_rate", _share(statuses.get("quarantined", 0), files), files),
            ("duplicate_rate", _share(statuses.get("duplicate", 0), files), files),
            (
                "null_rate:source",
                _share(loaded["source"].null_count(), loaded.height),
                loaded.height,
            ),
        ],
    )
    rows += _rows(WHOLE_RUN, article_metrics(loaded, languages.get(WHOLE_RUN, ())))
    cleaned = documents.filter(pl.col("source").is_not_null())
    sources = sorted(set(cleaned["source"].to_list()) | set(last_new))
    for source in sources:
        mine = cleaned.filter(pl.col("source") == source)
        ok = mine.filter(pl.col("status") == "loaded")
        quarantined = mine.filter(pl.col("status") == "quarantined").height
        rows += _rows(
            source,
            [
                ("articles", ok.height, None),
                ("quarantine_rate", _share(quarantined, mine.height), mine.height),
            ],
        )
        rows += _rows(source, article_metrics(ok, languages.get(source, ())))
        if ok.height:
            rows += _rows(source, [(FRESHNESS, 0.0, None)])
        elif source in last_new:
            hours = max((at - last_new[source]).total_seconds() / 3600.0, 0.0)
            rows += _rows(source, [(FRESHNESS, hours, None)])
    return pl.DataFrame(rows, schema=METRIC_SCHEMA, orient="row")


def last_new_articles(history: pl.DataFrame) -> dict[str, datetime]:
    """When each source last had a new article, from its latest freshness value in a history
    of metrics (source, metric, value, measured_at): that run's time less the hours."""
    latest = (
        history.filter(pl.col("metric") == FRESHNESS).sort("measured_at").group_by("source").last()
    )
    return {
        source: at - timedelta(hours=hours)
        for source, hours, at in latest.select("source", "value", "measured_at").iter_rows()
    }


def history_languages(history: pl.DataFrame) -> dict[str, set[str]]:
    """Per source, the languages a history of metrics has shares of."""
    prefix = "language_share:"
    rows = history.filter(pl.col("metric").str.starts_with(prefix)).select("source", "metric")
    out: dict[str, set[str]] = {}
    for source, metric in rows.unique().iter_rows():
        out.setdefault(source, set()).add(metric.removeprefix(prefix))
    return out
