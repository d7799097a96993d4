"""Monitoring in a run: history read at its start, batches judged before their commit, metrics
and anomalies recorded at its end (under the run lock), one Prefect event per anomaly.

How blocking fits batches that commit one by one: a metric named in `anomaly_blocking` is a
rate or a level (a share, a median, a mean per article), which a batch measures as its whole
run would. Each batch is judged on those metrics before its commit, against the history read
at the start of the run; an anomaly of one blocks that batch as a failed batch-level
expectation does (its files quarantined as `batch blocked: anomaly ...`, the run failed, exit
1), and is recorded as blocked. Volumes and silences belong to the whole run: they are judged at
its end, after the batches committed, and only warn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext

from expectations.anomalies import Anomaly, Rules, Series, detect, histories, judge
from expectations.runner import Verdict
from flows.tasks import ReadBatch
from transforms.frames import BatchFrames
from transforms.monitoring import (
    DOCUMENT_SCHEMA,
    document_rows,
    history_languages,
    last_new_articles,
    run_metrics,
)
from warehouse import monitoring

EVENT = "newsetl.dq.anomaly"
IO_RETRIES = 2


@dataclass
class RunMonitor:
    """What monitoring knows during a run: the history it is judged against and what its
    batches did (one small row per file: status, source and a few counts)."""

    run_id: str
    at: datetime  # the run's start: its place on every series' time axis
    rules: Rules
    series: dict[tuple[str, str], Series]
    last_new: dict[str, datetime]
    languages: dict[str, set[str]]
    already: set[tuple[str, str]] = field(default_factory=set)  # anomalous in the last run
    documents: list[pl.DataFrame] = field(default_factory=list)
    gated: list[Anomaly] = field(default_factory=list)  # anomalies of batches, before commit

    def observe(self, documents: pl.DataFrame) -> None:
        """Keep a batch's document rows for the run's metrics."""
        if documents.height:
            self.documents.append(documents)

    def gate(self, kept: BatchFrames, batch: int) -> list[Anomaly]:
        """Judge a batch's blocking metrics before its commit; returns the anomalies that
        block it (all the batch's anomalies are kept for the run's record)."""
        if not self.rules.blocking or kept.articles.is_empty():
            return []
        shas = kept.articles["sha256"].to_list()
        metrics = run_metrics(document_rows(kept, dict.fromkeys(shas, "loaded")), self.at)
        found = detect(
            metrics, self.series, self.at, self.rules, metrics=self.rules.blocking, batch=batch
        )
        self.gated += found
        return [a for a in found if a.blocked]

    def metrics(self) -> pl.DataFrame:
        """The run's metrics from every batch's documents."""
        documents = (
            pl.concat(self.documents) if self.documents else pl.DataFrame(schema=DOCUMENT_SCHEMA)
        )
        return run_metrics(documents, self.at, self.last_new, self.languages)


def start(con: duckdb.DuckDBPyConnection, run_id: str, at: datetime, rules: Rules) -> RunMonitor:
    """Read the history a run at `at` is judged against (bounded, see warehouse/monitoring.py)
    and when each known source last had a new article."""
    history = monitoring.read_history(con, at, rules)
    last_new = last_new_articles(history)
    untracked = [s for s in monitoring.known_sources(con) if s not in last_new]
    last_new |= monitoring.last_articles(con, untracked)
    return RunMonitor(
        run_id=run_id,
        at=at,
        rules=rules,
        series=histories(history, rules),
        last_new=last_new,
        languages=history_languages(history),
        already=monitoring.previous_anomalies(con, at),
    )


def finish(
    con: duckdb.DuckDBPyConnection, monitor: RunMonitor
) -> tuple[pl.DataFrame, list[Anomaly]]:
    """Compute the run's metrics, judge them, and record both in one commit; returns the
    metrics and every anomaly (the run's, then the batches' judged before their commit)."""
    metrics = monitor.metrics()
    judged = judge(metrics, monitor.series, monitor.at, monitor.rules)
    metrics = with_bands(metrics, judged)
    found = [a for a in judged if a.outside] + monitor.gated
    monitoring.record(con, monitor.run_id, metrics, found, monitor.at)
    return metrics, found


def with_bands(metrics: pl.DataFrame, judged: list[Anomaly]) -> pl.DataFrame:
    """The metrics with the band each judged value was held to (null where not judged)."""
    bands = pl.DataFrame(
        [(a.source, a.metric, a.expected_low, a.expected_high) for a in judged],
        schema={
            "source": pl.String,
            "metric": pl.String,
            "expected_low": pl.Float64,
            "expected_high": pl.Float64,
        },
        orient="row",
    )
    return metrics.join(bands, on=["source", "metric"], how="left")


def observe_batch(monitor: RunMonitor, frames: BatchFrames, read: ReadBatch) -> None:
    """Keep a settled batch's document rows: each enriched document with the status its file
    got, and the files refused or found duplicate before cleaning (files only touched, whose
    content was seen before, are not new and do not count)."""
    enriched = {d.file for d in read.documents}
    statuses = {d.sha256: read.files[d.file].status for d in read.documents}
    others = [
        f.status
        for path, f in read.files.items()
        if path not in enriched and not f.touched and f.status in ("quarantined", "duplicate")
    ]
    monitor.observe(document_rows(frames, statuses, others))


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The flow run's logger inside a run, the module's outside one."""
    return get_run_logger() if FlowRunContext.get() else logging.getLogger("newsetl")


@task(retries=IO_RETRIES, retry_delay_seconds=1, cache_policy=NO_CACHE)
def start_monitoring(
    con: duckdb.DuckDBPyConnection, run_id: str, at: datetime, rules: Rules
) -> RunMonitor:
    """Read the run's baselines from the warehouse."""
    return start(con, run_id, at, rules)


def gate_batch(monitor: RunMonitor, kept: BatchFrames, verdict: Verdict, batch: int) -> None:
    """Block a batch whose blocking metric is anomalous (before its commit)."""
    for anomaly in monitor.gate(kept, batch):
        reason = f"anomaly: {anomaly.describe()}"
        verdict.blocked.append(reason)
        _logger().error("batch %d blocked: %s", batch, reason)


@task(cache_policy=NO_CACHE)
def finish_monitoring(con: duckdb.DuckDBPyConnection, monitor: RunMonitor) -> list[Anomaly]:
    """Record the run's metrics and anomalies; log each anomaly, and emit a Prefect event for
    each that opens now (a series anomalous in the previous run too says so in the log, not
    again as an event: a source silent for a day does not notify every 15 minutes)."""
    metrics, found = finish(con, monitor)
    log = _logger()
    log.info("monitoring: %d metrics, %d anomalies", metrics.height, len(found))
    for anomaly in found:
        still = (anomaly.source, anomaly.metric) in monitor.already and anomaly.batch is None
        log.warning("anomaly%s: %s", " (still open)" if still else "", anomaly.describe())
        if not still:
            emit(anomaly, monitor.run_id)
    return found


def event_payload(anomaly: Anomaly, run_id: str) -> dict[str, Any]:
    """The Prefect event of an anomaly: its series as the resource, the figures as payload."""
    series = f"{anomaly.source or '(whole run)'}/{anomaly.metric}"
    return {
        "event": EVENT,
        "resource": {
            "prefect.resource.id": f"newsetl.series.{anomaly.source or '_run'}.{anomaly.metric}",
            "prefect.resource.name": series,
            "newsetl.source": anomaly.source,
            "newsetl.metric": anomaly.metric,
        },
        "payload": {
            "run_id": run_id,
            "source": anomaly.source,
            "metric": anomaly.metric,
            "observed": anomaly.observed,
            "expected_low": anomaly.expected_low,
            "expected_high": anomaly.expected_high,
            "expected": anomaly.expected,
            "baseline": anomaly.baseline,
            "batch": anomaly.batch,
            "blocked": anomaly.blocked,
            "message": anomaly.describe(),
        },
    }


def emit(anomaly: Anomaly, run_id: str) -> None:
    """Emit the anomaly's Prefect event (automations can notify on it)."""
    from prefect.events import emit_event

    emit_event(**event_payload(anomaly, run_id))
