"""Build the data-quality dashboards from the analysts' warehouse (read-only).

`build_dashboards` queries the warehouse without ever writing it, finds the Great
Expectations Data Docs pages of each run, and writes a self-contained overview page
(`index.html`), the monitoring page (`monitoring.html`: each monitored metric's series per
source with its expected band and anomalies) and one page per recent run (`runs/RUN_ID.html`).
The HTML and SVG come from
the pure functions of `expectations/charts.py`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from expectations import charts
from expectations.charts import (
    AnomalyRow,
    ArticleRow,
    DocsLinks,
    FailedRow,
    FileRow,
    MetricRow,
    NullRow,
    PassRow,
    RunRow,
)
from warehouse.lakehouse import Lakehouse, connect, reading

# The queries take no parameters: their limits are part of the SQL (the latest 100 runs, with
# a page each; 500 quarantined files; 120 publication days; 15 entities; 20 articles). Binding
# any parameter makes DuckDB's Python client import pandas, which costs ~2 s per process.
RUNS_FOLDER = "runs"

TOTALS_SQL = """
SELECT
    (SELECT count(*) FROM fact_article) AS articles,
    (SELECT count(*) FROM dim_entity) AS entities,
    (SELECT count(*) FROM fact_entity_mention) AS entity_mentions,
    (SELECT count(*) FROM fact_date_mention) AS date_mentions,
    (SELECT count(*) FROM fact_quote) AS quotes,
    (SELECT count(*) FROM dim_source) AS sources,
    (SELECT count(*) FROM etl_run) AS runs,
    (SELECT count(*) FROM etl_file WHERE status = 'quarantined') AS quarantined
"""
RUN_LIMIT = 100  # runs on the dashboard, each with its page
RUNS_SQL = f"""
SELECT run_id, started_at, finished_at, status, seconds, files_seen, files_unchanged,
       files_loaded, files_quarantined, files_duplicate, batches, batches_blocked, error
FROM etl_run
ORDER BY started_at DESC, run_id DESC
LIMIT {RUN_LIMIT}
"""
# The same runs, for the per-run queries below.
RECENT_RUNS = f"""
WITH recent AS (
    SELECT run_id FROM etl_run ORDER BY started_at DESC, run_id DESC LIMIT {RUN_LIMIT}
)"""
SUITE_PASS_SQL = """
SELECT suite, count(*) AS checks, count(*) FILTER (WHERE success) AS passed
FROM dq_result
GROUP BY suite
ORDER BY suite
"""
EXPECTATION_PASS_SQL = """
SELECT suite || '.' || expectation || coalesce('(' || column_name || ')', '') AS name,
       count(*) AS checks, count(*) FILTER (WHERE success) AS passed
FROM dq_result
GROUP BY name
ORDER BY name
"""
REASONS_SQL = """
SELECT coalesce(reason, '(no reason recorded)') AS reason, count(*) AS files
FROM etl_file
WHERE status = 'quarantined'
GROUP BY 1
ORDER BY files DESC, reason
"""
QUARANTINED_SQL = """
SELECT path, status, reason, run_id, seen_at
FROM etl_file
WHERE status = 'quarantined'
ORDER BY seen_at DESC, path
LIMIT 500
"""
SOURCES_SQL = """
SELECT coalesce(s.name, '(no source)') AS source, count(*) AS articles
FROM fact_article AS f
LEFT JOIN dim_source AS s USING (source_key)
GROUP BY 1
ORDER BY articles DESC, source
"""
DAYS_SQL = """
SELECT strftime(d.date, '%Y-%m-%d') AS day, count(*) AS articles
FROM fact_article AS f
JOIN dim_date AS d USING (date_key)
GROUP BY 1
ORDER BY day DESC
LIMIT 120
"""
DAY_COUNT_SQL = """
SELECT count(DISTINCT date_key), count(*) FILTER (WHERE date_key IS NULL)
FROM fact_article
"""
NULLS_SQL = """
SELECT 'fact_article', 'date_key', count(*), count(*) - count(date_key) FROM fact_article
UNION ALL
SELECT 'fact_article', 'source_key', count(*), count(*) - count(source_key) FROM fact_article
UNION ALL
SELECT 'dim_article', 'title', count(*), count(*) - count(title) FROM dim_article
UNION ALL
SELECT 'dim_article', 'language', count(*), count(*) - count(language) FROM dim_article
UNION ALL
SELECT 'fact_date_mention', 'value', count(*), count(*) - count(value) FROM fact_date_mention
UNION ALL
SELECT 'fact_date_mention', 'date_key', count(*), count(*) - count(date_key)
FROM fact_date_mention
UNION ALL
SELECT 'fact_quote', 'speaker_entity_key', count(*), count(*) - count(speaker_entity_key)
FROM fact_quote
"""
ENTITIES_SQL = """
SELECT e.canonical_name || ' (' || e.label || ')' AS entity, count(*) AS mentions
FROM fact_entity_mention AS m
JOIN dim_entity AS e USING (entity_key)
GROUP BY e.entity_key, e.canonical_name, e.label
ORDER BY mentions DESC, entity
LIMIT 15
"""
ARTICLES_SQL = """
SELECT a.title, s.name, d.date, f.word_count, f.entity_mention_count, f.date_mention_count,
       a.path, f.run_id
FROM fact_article AS f
JOIN dim_article AS a USING (article_key)
LEFT JOIN dim_source AS s USING (source_key)
LEFT JOIN dim_date AS d ON d.date_key = f.date_key
ORDER BY f.loaded_at DESC, f.article_key DESC
LIMIT 20
"""
RUN_SUITES_SQL = (
    RECENT_RUNS
    + """
SELECT run_id, suite, count(*) AS checks, count(*) FILTER (WHERE success) AS passed
FROM dq_result
JOIN recent USING (run_id)
GROUP BY run_id, suite
ORDER BY run_id, suite
"""
)
RUN_FAILED_SQL = (
    RECENT_RUNS
    + """
SELECT run_id, batch, suite, expectation, column_name, severity, element_count,
       unexpected_count, observed
FROM dq_result
JOIN recent USING (run_id)
WHERE NOT success
ORDER BY run_id, batch, suite, expectation, column_name
"""
)
RUN_FILES_SQL = (
    RECENT_RUNS
    + """
SELECT run_id, path, status, reason, seen_at
FROM etl_file
JOIN recent USING (run_id)
WHERE status <> 'loaded'
ORDER BY run_id, path
"""
)


MONITOR_RUNS = 100  # runs on the monitoring page
MONITOR_METRICS_SQL = f"""
WITH recent AS (
    SELECT DISTINCT measured_at FROM dq_metric ORDER BY measured_at DESC LIMIT {MONITOR_RUNS}
)
SELECT m.run_id, m.measured_at, m.source, m.metric, m.value, m.expected_low, m.expected_high,
       EXISTS (
           SELECT 1 FROM dq_anomaly AS a
           WHERE a.run_id = m.run_id AND a.source = m.source AND a.metric = m.metric
       ) AS anomaly
FROM dq_metric AS m JOIN recent USING (measured_at)
ORDER BY m.measured_at, m.source, m.metric
"""
MONITOR_ANOMALIES_SQL = f"""
WITH recent AS (
    SELECT DISTINCT measured_at FROM dq_metric ORDER BY measured_at DESC LIMIT {MONITOR_RUNS}
),
latest AS (
    SELECT source, metric, max(measured_at) AS at FROM dq_metric GROUP BY source, metric
)
SELECT a.run_id, a.measured_at, a.source, a.metric, a.observed, a.expected_low,
       a.expected_high, a.baseline, a.batch, a.blocked, l.at IS NOT NULL AS open
FROM dq_anomaly AS a
JOIN recent USING (measured_at)
LEFT JOIN latest AS l
    ON l.source = a.source AND l.metric = a.metric AND l.at = a.measured_at
ORDER BY a.measured_at DESC, a.source, a.metric
"""
MONITOR_PAGE = "monitoring.html"


def monitoring(con: duckdb.DuckDBPyConnection) -> tuple[list[MetricRow], list[AnomalyRow]]:
    """The monitored series of the latest runs and their anomalies (none before monitoring)."""
    try:
        metrics = [MetricRow(*r) for r in rows(con, MONITOR_METRICS_SQL)]
        anomalies = [AnomalyRow(*r) for r in rows(con, MONITOR_ANOMALIES_SQL)]
    except duckdb.CatalogException:  # a warehouse no run has migrated to monitoring yet
        return [], []
    return metrics, anomalies


def default_docs_dir(lake: Lakehouse) -> Path:
    """Where runs build their Data Docs: `dq/data_docs` beside the warehouse (Settings.docs_dir)."""
    return lake.work_dir / "dq" / "data_docs"


def run_page_name(run_id: str) -> str:
    """A safe file name for a run's page; ids with other characters get a hash suffix."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", run_id).lstrip(".") or "run"
    if safe != run_id:
        safe += "-" + hashlib.sha1(run_id.encode("utf-8")).hexdigest()[:8]
    return f"{safe}.html"


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[Any]:
    """All rows of a query."""
    return con.execute(sql).fetchall()


def snapshot(con: duckdb.DuckDBPyConnection) -> charts.Snapshot:
    """Every figure the overview page shows, queried from the warehouse."""
    totals_row = con.execute(TOTALS_SQL).fetchone() or ()
    names = [d[0] for d in con.description or []]
    day_count, undated = con.execute(DAY_COUNT_SQL).fetchone() or (0, 0)
    return charts.Snapshot(
        totals=dict(zip(names, totals_row, strict=True)),
        runs=[RunRow(*r) for r in reversed(rows(con, RUNS_SQL))],
        suites=[PassRow(*r) for r in rows(con, SUITE_PASS_SQL)],
        expectations=[PassRow(*r) for r in rows(con, EXPECTATION_PASS_SQL)],
        reasons=[(r, n) for r, n in rows(con, REASONS_SQL)],
        quarantined=[FileRow(*r) for r in rows(con, QUARANTINED_SQL)],
        sources=[(s, n) for s, n in rows(con, SOURCES_SQL)],
        days=[(d, n) for d, n in reversed(rows(con, DAYS_SQL))],
        day_count=int(day_count),
        undated=int(undated),
        nulls=[NullRow(*r) for r in rows(con, NULLS_SQL)],
        entities=[(e, n) for e, n in rows(con, ENTITIES_SQL)],
        articles=[ArticleRow(*r) for r in rows(con, ARTICLES_SQL)],
        countries=country_rows(con),
    )


COUNTRIES_SQL = """
SELECT country_code, sum(mentions) AS mentions FROM v_country_mentions_daily
GROUP BY country_code ORDER BY mentions DESC, country_code
"""


def country_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Mentions per country for the map (none in a warehouse from before places)."""
    try:
        return [(c, int(n)) for c, n in rows(con, COUNTRIES_SQL)]
    except duckdb.CatalogException:
        return []


def run_details(
    con: duckdb.DuckDBPyConnection, run_ids: Sequence[str]
) -> dict[str, charts.RunDetail]:
    """Per recent run: pass rate per suite, failed expectations and refused files."""
    suites: dict[str, list[PassRow]] = defaultdict(list)
    failed: dict[str, list[FailedRow]] = defaultdict(list)
    files: dict[str, list[FileRow]] = defaultdict(list)
    ids = list(run_ids)  # every recent run gets an entry, with results or not
    for run_id, *rest in rows(con, RUN_SUITES_SQL):
        suites[run_id].append(PassRow(*rest))
    for run_id, *rest in rows(con, RUN_FAILED_SQL):
        failed[run_id].append(FailedRow(*rest))
    for run_id, path, status, reason, seen_at in rows(con, RUN_FILES_SQL):
        files[run_id].append(FileRow(path, status, reason, run_id, seen_at))
    return {r: charts.RunDetail(suites=suites[r], failed=failed[r], files=files[r]) for r in ids}


def relative(target: Path, base: Path) -> str:
    """`target` as a POSIX path relative to the folder `base`."""
    return Path(os.path.relpath(target.resolve(), base.resolve())).as_posix()


def docs_label(parts: Sequence[str], run_id: str) -> str:
    """A short name for a Data Docs page of a run: `suite (pass)` for GX validation pages."""
    run_part = next((p for p in parts if run_id in p), "")
    suffix = run_part.replace(run_id, "").strip("-_. ")
    if len(parts) >= 3 and parts[0] == "validations":
        return f"{parts[1]} ({suffix})" if suffix else parts[1]
    rest = "/".join(p for p in parts if p != run_part).removesuffix(".html")
    return rest or run_part.removesuffix(".html")


def find_docs(docs_dir: Path, out_dir: Path, run_ids: Sequence[str]) -> DocsLinks:
    """The Data Docs index and, per run, the pages whose path names the run (relative links)."""
    if not docs_dir.is_dir():
        return DocsLinks(folder=str(docs_dir), exists=False)
    index = docs_dir / "index.html"
    wanted = sorted(set(run_ids), key=len, reverse=True)
    runs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for page in sorted(docs_dir.rglob("*.html")):
        parts = page.relative_to(docs_dir).parts
        run_id = next((r for r in wanted if any(r in part for part in parts)), None)
        if run_id is not None:
            runs[run_id].append((docs_label(parts, run_id), relative(page, out_dir)))
    return DocsLinks(
        folder=str(docs_dir),
        exists=True,
        index=relative(index, out_dir) if index.is_file() else None,
        runs=dict(runs),
    )


def connect_read_only(lake: Lakehouse) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the analysts' warehouse; a clear error when it is missing."""
    if not lake.exists:
        raise FileNotFoundError(f"no warehouse at {lake.catalog}: run `newsetl run` first")
    return connect(lake, read_only=True)


def write_text(path: Path, text: str) -> None:
    """Write a page in UTF-8 through a temporary file renamed into place."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


def prune_run_pages(folder: Path, keep: set[str]) -> None:
    """Delete pages of runs that dropped out of the latest runs, so the folder stays bounded."""
    for page in folder.glob("*.html"):
        if page.name not in keep:
            page.unlink(missing_ok=True)


def build_dashboards(lake: Lakehouse, out_dir: Path, docs_dir: Path | None = None) -> Path:
    """Write the data-quality dashboard of the warehouse into `out_dir`; returns its index.html.

    `docs_dir` is the Great Expectations Data Docs folder to link to (default: `dq/data_docs`
    beside the warehouse); when it does not exist the page says so.
    """
    con = connect_read_only(lake)
    try:
        with reading(lake):
            snap = snapshot(con)
            details = run_details(con, [r.run_id for r in snap.runs])
            metrics, anomalies = monitoring(con)
    except duckdb.CatalogException as exc:
        raise ValueError(f"{lake.catalog} is not a newsetl warehouse: {exc}") from exc
    finally:
        con.close()
    generated = datetime.now().replace(microsecond=0)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / RUNS_FOLDER).mkdir(exist_ok=True)
    docs = docs_dir if docs_dir is not None else default_docs_dir(lake)
    links = find_docs(docs, out_dir, [r.run_id for r in snap.runs])
    run_pages = {r.run_id: f"{RUNS_FOLDER}/{run_page_name(r.run_id)}" for r in snap.runs}
    run_links = charts.up(links)
    for run in snap.runs:
        html = charts.render_run(run, details[run.run_id], run_links, generated)
        write_text(out_dir / run_pages[run.run_id], html)
    write_text(out_dir / MONITOR_PAGE, charts.render_monitoring(metrics, anomalies, generated))
    index = out_dir / "index.html"
    write_text(index, charts.render_index(snap, links, run_pages, generated))
    prune_run_pages(out_dir / RUNS_FOLDER, {Path(p).name for p in run_pages.values()})
    return index
