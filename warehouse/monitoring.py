"""The monitoring tables (migration 002): a run's metrics and anomalies in, history out.

The history a run is judged against is read in one bounded query: the last `window` runs, the
runs of the same hour of day over `season_days` and of the same weekday and hour over
`season_weeks` (expectations/anomalies.py says how each is used). However long the warehouse's
history grows, a run reads at most about window + 6 * season_days + season_weeks runs' metrics.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import duckdb
import polars as pl

from expectations.anomalies import HISTORY_SCHEMA, Anomaly, Rules
from warehouse.loader import COMMIT_ATTEMPTS, transaction, transient

HISTORY_SQL = """
WITH recent AS (
    SELECT coalesce(min(measured_at), TIMESTAMP '9999-12-31') AS since FROM (
        SELECT DISTINCT measured_at FROM dq_metric
        WHERE measured_at < $at AND measured_at >= $oldest
        ORDER BY measured_at DESC LIMIT $window
    )
)
SELECT source, metric, value, n, measured_at
FROM dq_metric, recent
WHERE measured_at < $at AND measured_at >= $oldest AND (
    measured_at >= recent.since
    OR (hour(measured_at) = $hour AND measured_at >= $days_from)
    OR (hour(measured_at) = $hour AND isodow(measured_at) = $dow AND measured_at >= $weeks_from)
)
"""
LAST_ARTICLE_SQL = """
SELECT s.name, max(f.loaded_at)
FROM fact_article AS f JOIN dim_source AS s USING (source_key)
WHERE s.name IN (SELECT unnest($names))
GROUP BY s.name
"""
OPEN_SQL = """
WITH latest AS (
    SELECT source, metric, max(measured_at) AS at FROM dq_metric GROUP BY source, metric
)
SELECT a.run_id, a.measured_at, a.source, a.metric, a.observed, a.expected_low,
       a.expected_high, a.baseline, a.blocked
FROM dq_anomaly AS a
JOIN latest AS l ON l.source = a.source AND l.metric = a.metric AND l.at = a.measured_at
ORDER BY a.measured_at DESC, a.source, a.metric
"""
ANOMALY_COLUMNS = (
    "run_id",
    "source",
    "metric",
    "expected_low",
    "expected_high",
    "observed",
    "expected",
    "baseline",
    "history",
    "batch",
    "blocked",
    "measured_at",
)


def read_history(con: duckdb.DuckDBPyConnection, at: datetime, rules: Rules) -> pl.DataFrame:
    """The metrics of earlier runs that the baselines of a run at `at` may use."""
    params = {
        "at": at,
        "oldest": rules.history_from(at),
        "window": rules.window,
        "hour": at.hour,
        "dow": at.isoweekday(),
        "days_from": at - timedelta(days=rules.season_days),
        "weeks_from": at - timedelta(weeks=rules.season_weeks),
    }
    frame = con.execute(HISTORY_SQL, params).pl()
    return frame.cast(dict(HISTORY_SCHEMA)) if frame.height else pl.DataFrame(schema=HISTORY_SCHEMA)  # type: ignore[arg-type]


PREVIOUS_SQL = """
SELECT DISTINCT source, metric FROM dq_anomaly
WHERE measured_at = (SELECT max(measured_at) FROM dq_metric WHERE measured_at < $at)
"""


def previous_anomalies(con: duckdb.DuckDBPyConnection, at: datetime) -> set[tuple[str, str]]:
    """The series (source, metric) that were anomalous in the last monitored run before `at`."""
    return {(s, m) for s, m in con.execute(PREVIOUS_SQL, {"at": at}).fetchall()}


def known_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every source the warehouse has articles from."""
    return [name for (name,) in con.execute("SELECT name FROM dim_source ORDER BY name").fetchall()]


def last_articles(con: duckdb.DuckDBPyConnection, names: Sequence[str]) -> dict[str, datetime]:
    """When each of these sources last had an article loaded (sources the history does not
    track yet, such as on the first monitored run of an older warehouse)."""
    if not names:
        return {}
    rows = con.execute(LAST_ARTICLE_SQL, {"names": list(names)}).fetchall()
    return {name: at for name, at in rows if at is not None}


def anomaly_frame(run_id: str, anomalies: Iterable[Anomaly], at: datetime) -> pl.DataFrame:
    """dq_anomaly rows of a run."""
    rows = [
        (
            run_id,
            a.source,
            a.metric,
            a.expected_low,
            a.expected_high,
            a.observed,
            a.expected,
            a.baseline,
            a.history,
            a.batch,
            a.blocked,
            at,
        )
        for a in anomalies
    ]
    schema = pl.Schema(
        {
            "run_id": pl.String(),
            "source": pl.String(),
            "metric": pl.String(),
            "expected_low": pl.Float64(),
            "expected_high": pl.Float64(),
            "observed": pl.Float64(),
            "expected": pl.Float64(),
            "baseline": pl.String(),
            "history": pl.Int32(),
            "batch": pl.Int32(),
            "blocked": pl.Boolean(),
            "measured_at": pl.Datetime("us"),
        }
    )
    return pl.DataFrame(rows, schema=schema, orient="row")


def record(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    metrics: pl.DataFrame,
    anomalies: Sequence[Anomaly],
    at: datetime,
) -> int:
    """Store a run's metrics (source, metric, value, n, and their bands expected_low and
    expected_high where judged) and anomalies in one commit named
    `run RUN_ID monitoring`; returns its snapshot. A commit the catalog refuses for a moment
    is made again."""
    found = anomaly_frame(run_id, anomalies, at)
    for column in ("expected_low", "expected_high"):
        if column not in metrics.columns:
            metrics = metrics.with_columns(pl.lit(None, dtype=pl.Float64).alias(column))
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            con.register("run_metrics", metrics)
            con.register("run_anomalies", found)
            extra = {"run_id": run_id, "metrics": metrics.height, "anomalies": found.height}
            with transaction(con, f"run {run_id} monitoring", extra) as snapshot:
                con.execute(
                    "INSERT INTO dq_metric SELECT ?, source, metric, value, n, expected_low, "
                    "expected_high, ? FROM run_metrics",
                    [run_id, at],
                )
                con.execute(
                    f"INSERT INTO dq_anomaly SELECT {', '.join(ANOMALY_COLUMNS)} FROM run_anomalies"
                )
            return snapshot[0]
        except duckdb.Error as exc:
            if attempt == COMMIT_ATTEMPTS or not transient(exc):
                raise
            time.sleep(0.2 * attempt)
        finally:
            con.unregister("run_metrics")
            con.unregister("run_anomalies")
    raise AssertionError("unreachable")


def open_anomalies(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Anomalies still open: found in the latest value of their series (a later value within
    its band, or a later run without the anomaly, closes one). Each row: run_id, measured_at,
    source, metric, observed, expected_low, expected_high, baseline, blocked."""
    return con.execute(OPEN_SQL).fetchall()
