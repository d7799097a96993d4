"""The ingest flow: wiring only. Each stage is a task in flows/tasks.py."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote as _quote

from flows import monitoring, tasks, workers
from flows.settings import Settings, load_settings
from transforms.manifest import FileInfo, chunks, settled, unchanged
from transforms.records import Article
from warehouse import loader


@dataclass
class RunSummary:
    """What one run did."""

    run_id: str
    status: str = "running"
    seen: int = 0
    unchanged: int = 0
    loaded: int = 0
    quarantined: int = 0
    duplicate: int = 0
    deferred: int = 0  # still being written: left for the next run, not recorded
    batches: int = 0
    batches_blocked: int = 0
    seconds: float = 0.0
    commit_seconds: float = 0.0  # the batches' load commits (what analysts wait for)
    maintenance_seconds: float = 0.0
    snapshot: int = 0  # the lake snapshot that closed the run: `newsetl sql --as-of RUN_ID`
    files_done: int = 0  # files of the batches finished so far
    blocked: list[str] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)  # data-quality monitoring's findings

    def add_batch(self, statuses: list[str], touched: int, blocked: list[str]) -> None:
        """Count a batch: each file's status, files only touched, and what blocked it."""
        for status in statuses:
            setattr(self, status, getattr(self, status) + 1)
        self.unchanged += touched
        self.batches += 1
        self.batches_blocked += bool(blocked)
        self.blocked.extend(blocked)

    def counts(self) -> dict[str, int]:
        """The integer counts, as etl_run stores them."""
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}


@dataclass
class Pending:
    """A batch read and sent for enrichment, not yet validated and loaded."""

    batch_no: int
    files: int
    read: tasks.ReadBatch
    enriched: PrefectFuture[list[Article]]


@dataclass
class InFlight:
    """Batches sent for enrichment and not yet loaded, and the content (sha256 -> path) they
    carry: a copy of it in a later batch is a duplicate, as a copy of loaded content is."""

    batches: deque[Pending] = field(default_factory=deque)
    content: dict[str, str] = field(default_factory=dict)

    def add(self, batch: Pending) -> None:
        """Send a batch on its way."""
        self.batches.append(batch)
        self.content.update({d.sha256: d.file for d in batch.read.documents})

    def pop(self) -> Pending:
        """The oldest batch, no longer in flight."""
        batch = self.batches.popleft()
        for d in batch.read.documents:
            self.content.pop(d.sha256, None)
        return batch


def finish_batch(
    batch: Pending,
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    summary: RunSummary,
    started: datetime,
    total: int,
    monitor: monitoring.RunMonitor | None = None,
) -> None:
    """Validate an enriched batch (and judge its blocking metrics), load it in one commit (a
    lake snapshot), and count it."""
    read = batch.read
    frames = tasks.build_frames(quote(batch.enriched.result()))
    verdict, kept = tasks.validate(
        quote(frames), started, settings.min_body_chars, f"{summary.run_id}-b{batch.batch_no}"
    )
    if monitor is not None and not verdict.blocked:
        monitoring.gate_batch(monitor, kept, verdict, batch.batch_no)
    tasks.settle(read, verdict, kept)
    if monitor is not None:
        monitoring.observe_batch(monitor, frames, read)
    clock = time.perf_counter()
    tasks.load(
        con,
        quote(kept),
        quote(read),
        quote(verdict),
        summary.run_id,
        batch.batch_no,
        settings.story_threshold,
    )
    summary.commit_seconds += time.perf_counter() - clock
    summary.add_batch(
        [f.status for f in read.files.values() if not f.touched],
        sum(f.touched for f in read.files.values()),
        verdict.blocked,
    )
    summary.files_done += batch.files
    tasks.report(summary.files_done, total)


T = TypeVar("T")


def quote(value: T) -> T:
    """Pass a large value to a task as it is: Prefect does not walk it looking for futures."""
    return cast(T, _quote(value))


LOOKAHEAD = 1  # batches being enriched while the one before them is validated and loaded
# The last files of a run are a small batch of their own: the batch before them is validated
# and loaded while the workers enrich them, so little is left to do after the last NER pass.
TAIL_FILES = 64


def new_run_id(now: datetime) -> str:
    """A sortable, unique run id."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


@flow(name="newsetl-ingest", flow_run_name="ingest {inbox}", log_prints=True)
def ingest(
    inbox: str | None = None,
    warehouse: str | None = None,
    data_path: str | None = None,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Load every new file of the inbox into the warehouse, batch by batch (one lake
    snapshot each), then keep the lake compact; with `dask_address`, enrichment runs on
    that Dask cluster's workers."""
    settings = load_settings(
        inbox=inbox, warehouse=warehouse, data_path=data_path, dask_address=dask_address
    )
    logger = get_run_logger()
    started, clock = datetime.now(), time.perf_counter()
    summary = RunSummary(run_id=new_run_id(started))
    with tasks.run_lock(settings, summary.run_id):
        con = tasks.open_warehouse(settings)
        loader.start_run(con, summary.run_id, str(settings.inbox), started)
        try:
            monitor = None
            if settings.monitoring:
                rules = settings.anomaly_rules
                monitor = monitoring.start_monitoring(con, summary.run_id, started, rules)
            _load_inbox(con, settings, summary, started, monitor)
            summary.status = "failed" if summary.batches_blocked else "completed"
            if monitor is not None:  # its own commit, before the run's closing one
                found = monitoring.finish_monitoring(con, quote(monitor))
                summary.anomalies = [a.describe() for a in found]
        except BaseException as exc:
            summary.status = "failed"
            summary.seconds = time.perf_counter() - clock
            with contextlib.suppress(Exception):  # keep the original error, not a second one
                loader.finish_run(
                    con,
                    summary.run_id,
                    summary.counts(),
                    "failed",
                    datetime.now(),
                    summary.seconds,
                    f"{type(exc).__name__}: {exc}",
                )
            con.close()
            raise
        summary.seconds = time.perf_counter() - clock
        summary.snapshot = loader.finish_run(
            con,
            summary.run_id,
            summary.counts(),
            summary.status,
            datetime.now(),
            summary.seconds,
            "; ".join(summary.blocked) or None,
        )
        if settings.maintenance:
            clock = time.perf_counter()
            tasks.maintain(con, settings)
            summary.maintenance_seconds = time.perf_counter() - clock
        con.close()
    if summary.batches:
        tasks.build_data_docs(settings.docs_dir / summary.run_id)
    tasks.summary_artifact(asdict(summary), settings.lake.describe())
    logger.info(
        "run %s %s: %d loaded, %d quarantined, %d duplicate, %d unchanged",
        summary.run_id,
        summary.status,
        summary.loaded,
        summary.quarantined,
        summary.duplicate,
        summary.unchanged,
    )
    return asdict(summary)


def _load_inbox(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    summary: RunSummary,
    started: datetime,
    monitor: monitoring.RunMonitor | None = None,
) -> None:
    """Read, enrich, validate and load every new file of the inbox, batch by batch: batch N+1
    is cleaned and enriched (on the worker pool, or in chunks on a Dask cluster, with as many
    batches in flight as keep each of its workers busy) while batch N is validated and loaded
    here, in order."""
    logger = get_run_logger()
    listing = tasks.list_inbox(settings.inbox)
    same, changed = unchanged(listing, loader.known_files(con))
    todo, busy = settled(changed, time.time_ns(), int(settings.settle_seconds * 1e9))
    summary.seen, summary.unchanged, summary.deferred = len(listing), len(same), len(busy)
    logger.info("%d files in %s, %d new or changed", len(listing), settings.inbox, len(todo))
    tasks.report(0, len(todo))
    dask = settings.dask_address
    processes = 0 if dask else workers.processes_for(settings.nlp_processes)
    cluster = workers.cluster(settings.pipelines, dask).processes if dask and todo else 0
    ahead = workers.lookahead(cluster, settings.batch_size, settings.nlp_batch_size, LOOKAHEAD)
    if todo and processes:  # the workers load the model while batch 1 is read
        workers.pool(settings.pipelines, processes).start()
    try:
        _batches(con, settings, summary, started, todo, processes, ahead, monitor)
    finally:
        if cluster:
            workers.disconnect(settings.pipelines, dask)


def _batches(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    summary: RunSummary,
    started: datetime,
    todo: list[FileInfo],
    processes: int,
    ahead: int,
    monitor: monitoring.RunMonitor | None,
) -> None:
    """The batches of `todo`, `ahead` of them enriched while the one before is loaded."""
    dask = settings.dask_address
    flight = InFlight()
    batches = chunks(todo, settings.batch_size, tail=TAIL_FILES)
    for batch_no, infos in enumerate(batches, start=1):
        read = tasks.read_batch(settings.inbox, quote(infos), con, settings, quote(flight.content))
        enriched = tasks.enrich_articles.submit(
            quote(read.documents),
            settings.pipelines,
            settings.nlp_batch_size,
            processes,
            last=batch_no == len(batches),
            dask_address=dask,
        )
        flight.add(Pending(batch_no, len(infos), read, enriched))
        if batch_no == 1:  # GX imports (seconds) once batch 1 is being enriched
            tasks.warm_validation()
        while len(flight.batches) > ahead:
            finish_batch(flight.pop(), con, settings, summary, started, len(todo), monitor)
    while flight.batches:
        finish_batch(flight.pop(), con, settings, summary, started, len(todo), monitor)


def run_path(inbox: Path, warehouse: Path | str, data_path: str = "") -> dict[str, Any]:
    """Run the flow once for the given inbox and warehouse."""
    return ingest(inbox=str(inbox), warehouse=str(warehouse), data_path=data_path or None)
