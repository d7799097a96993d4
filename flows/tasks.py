"""Prefect tasks: thin wrappers that do the I/O and call the pure transforms.

Retries sit on the tasks that touch files or the warehouse; pure steps get none. Caching is
off: inputs include connections and large frames, and every run must do its work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext

from expectations import runner
from expectations.runner import Verdict, build_docs, judge
from flows import progress, workers
from flows.inbox import FolderInbox, ReadError
from flows.settings import Settings, latest_published
from transforms.frames import BatchFrames, batch_frames
from transforms.manifest import FileInfo, duplicates
from transforms.reading import ReadRefused, decode, parse_sidecar, sha256_hex
from transforms.records import Article, Document
from transforms.stories import DEFAULT_THRESHOLD as DEFAULT_STORY_THRESHOLD
from warehouse import faults, lakehouse, legacy, loader, maintenance, runlock, stories

IO_RETRIES = 2
IO_RETRY_DELAY = 1


@contextmanager
def run_lock(settings: Settings, run_id: str) -> Iterator[None]:
    """One loading run at a time per warehouse, whichever machine runs it (see
    warehouse/runlock.py); a run that waits says for whom, in the log."""

    def waiting(message: str) -> None:
        log = get_run_logger() if FlowRunContext.get() else logging.getLogger("newsetl")
        log.warning("%s", message)
        progress.say(message)

    with runlock.run_lock(
        settings.lake,
        runlock.holder_name(run_id),
        settings.run_lock_wait_seconds,
        waiting,
        reentrant=True,
    ):
        yield


@dataclass
class FileOutcome:
    """A file of a batch and what became of it."""

    info: FileInfo
    sha256: str = ""
    status: str = ""  # loaded, quarantined, duplicate; deferred (still being written)
    reason: str | None = None
    touched: bool = False  # same path and content as before, only its mtime changed


@dataclass
class ReadBatch:
    """A batch after reading: documents to process and files already decided."""

    documents: list[Document] = field(default_factory=list)
    files: dict[str, FileOutcome] = field(default_factory=dict)


@task(retries=IO_RETRIES, retry_delay_seconds=IO_RETRY_DELAY, cache_policy=NO_CACHE)
def open_warehouse(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Attach the warehouse for loading (under the run lock), migrated, and close the
    records of runs a killed process left open."""
    con = loader.connect(settings.lake, settings.lock_wait_seconds, settings.loader_memory_mb)
    logger = get_run_logger()
    earlier = legacy.beside(settings.lake)
    if earlier is not None and legacy.is_empty(con):
        counts = legacy.import_legacy(con, earlier)
        logger.warning(
            "carried the earlier-format warehouse %s over: %s",
            earlier,
            ", ".join(f"{t} {n}" for t, n in counts.items()),
        )
    stale = loader.close_stale_runs(con, datetime.now())
    if stale:
        logger.warning("%d earlier run(s) had been interrupted; marked failed", stale)
    return con


@task(retries=IO_RETRIES, retry_delay_seconds=IO_RETRY_DELAY, cache_policy=NO_CACHE)
def list_inbox(root: Path) -> list[FileInfo]:
    """Every article file of the inbox."""
    return FolderInbox(root).list()


@task(retries=IO_RETRIES, retry_delay_seconds=IO_RETRY_DELAY, cache_policy=NO_CACHE)
def read_batch(
    root: Path,
    infos: Sequence[FileInfo],
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    in_flight: Mapping[str, str] | None = None,
) -> ReadBatch:
    """Read, hash and decode a batch; refusals and duplicates are decided here (cleaning
    and the rest run with enrichment, on the worker pool). `in_flight`
    maps the content (sha256 -> path) of earlier batches still being enriched: a copy of it
    is a duplicate, as a copy of loaded content is."""
    inbox = FolderInbox(root)
    out = ReadBatch()
    texts: dict[str, tuple[bytes, FileInfo]] = {}
    for info in infos:
        outcome = out.files[info.path] = FileOutcome(info=info)
        if info.refusal:
            outcome.status, outcome.reason = "quarantined", info.refusal
            continue
        try:
            data = inbox.read(info.path)
        except ReadError as exc:
            outcome.status, outcome.reason = "quarantined", str(exc)
            continue
        if len(data) != info.size:
            outcome.status = "deferred"  # still being written: the next run takes it
            continue
        outcome.sha256 = sha256_hex(data)
        texts[info.path] = (data, info)
    before = loader.recorded(con, [(p, out.files[p].sha256) for p in texts])
    for key, (status, reason) in before.items():
        outcome = out.files[key[0]]
        outcome.status, outcome.reason, outcome.touched = status, reason, True
        del texts[key[0]]
    loaded = dict(in_flight or {}) | {
        sha: path
        for sha, (status, path) in loader.content_status(
            con, [out.files[p].sha256 for p in texts]
        ).items()
        if status == "loaded"
    }
    dup, new = duplicates([(p, out.files[p].sha256) for p in texts], loaded)
    for path, reason in dup.items():
        out.files[path].status, out.files[path].reason = "duplicate", reason
    for path in new:
        data, info = texts[path]
        outcome = out.files[path]
        try:
            decoded = decode(data, settings.max_file_bytes)
            sidecar = parse_sidecar(inbox.sidecar(path))
        except (ReadRefused, ReadError) as exc:
            outcome.status, outcome.reason = "quarantined", str(exc)
            continue
        out.documents.append(
            Document(
                path,
                outcome.sha256,
                info.size,
                decoded.encoding,
                decoded.text,
                sidecar,
                reference=latest_published(),
                min_body_chars=settings.min_body_chars,
            )
        )
    return out


@task(cache_policy=NO_CACHE)
def enrich_articles(
    documents: Sequence[Document],
    model: str,
    batch_size: int,
    processes: int = 0,
    last: bool = False,
    dask_address: str = "",
) -> list[Article]:
    """Cleaning, NER (one spaCy pass) and enrichment of each document: on the Dask cluster at
    `dask_address`, else on this process's worker pool when `processes` > 0, else here.
    `last`: the run's last batch, whose final chunks are smaller (see workers.NlpPool.submit)."""
    faults.point("enrich")
    return workers.process_documents(documents, model, batch_size, processes, last, dask_address)


@task(cache_policy=NO_CACHE)
def build_frames(articles: Sequence[Article]) -> BatchFrames:
    """The batch's tables keyed by natural keys."""
    return batch_frames(articles)


@task(cache_policy=NO_CACHE)
def validate(
    frames: BatchFrames, reference: datetime, min_body_chars: int, run_name: str
) -> tuple[Verdict, BatchFrames]:
    """Great Expectations on every table: quarantine documents, maybe block the batch."""
    faults.point("validate")
    verdict, kept = judge(frames, reference, min_body_chars, run_name)
    logger = get_run_logger()
    for sha, reason in verdict.quarantined.items():
        logger.warning("quarantined %s: %s", sha[:12], reason)
    for reason in verdict.blocked:
        logger.error("batch blocked: %s", reason)
    return verdict, kept


def file_rows(files: dict[str, FileOutcome]) -> pl.DataFrame:
    """etl_file rows of a batch."""
    rows = [
        {
            "path": f.info.path,
            "sha256": f.sha256 or "unreadable",
            "size": f.info.size,
            "mtime_ns": f.info.mtime_ns,
            "status": f.status,
            "reason": f.reason,
        }
        for f in files.values()
        if f.status != "deferred"
    ]
    return pl.DataFrame(rows, schema=loader.ETL_FILE_SCHEMA)


def outcome_rows(verdict: Verdict) -> pl.DataFrame:
    """dq_result rows of a batch."""
    return pl.DataFrame(
        [
            {
                "suite": o.suite,
                "expectation": o.expectation,
                "column_name": o.column,
                "severity": o.severity,
                "success": o.success,
                "element_count": o.element_count,
                "unexpected_count": o.unexpected_count,
                "observed": o.observed,
            }
            for o in verdict.outcomes
        ],
        schema=loader.OUTCOME_SCHEMA,
        orient="row",
    )


def settle(batch: ReadBatch, verdict: Verdict, kept: BatchFrames) -> None:
    """Mark each processed file loaded, quarantined (with reason) or blocked with its batch."""
    by_sha = {d.sha256: d.file for d in batch.documents}
    kept_shas = set(kept.articles["sha256"].to_list())
    for sha, path in by_sha.items():
        f = batch.files[path]
        if sha in verdict.quarantined:
            f.status, f.reason = "quarantined", verdict.quarantined[sha]
        elif verdict.blocked:
            f.status, f.reason = "quarantined", "batch blocked: " + "; ".join(verdict.blocked)
        elif sha in kept_shas:
            f.status, f.reason = "loaded", None


@task(retries=IO_RETRIES, retry_delay_seconds=IO_RETRY_DELAY, cache_policy=NO_CACHE)
def load(
    con: duckdb.DuckDBPyConnection,
    frames: BatchFrames,
    batch: ReadBatch,
    verdict: Verdict,
    run_id: str,
    batch_no: int,
    story_threshold: float = DEFAULT_STORY_THRESHOLD,
) -> tuple[int, int]:
    """One commit: the batch's rows (unless blocked), its file records and DQ results;
    returns (articles added, the lake snapshot it made)."""
    empty = frames.without(set(frames.articles["sha256"].to_list()))
    return loader.load_batch(
        con,
        empty if verdict.blocked else frames,
        file_rows(batch.files),
        outcome_rows(verdict),
        run_id,
        batch_no,
        datetime.now(),
        story_threshold,
        check_stories,
    )


def check_stories(con: duckdb.DuckDBPyConnection, run_id: str, at: datetime) -> pl.DataFrame:
    """The story suite on the stories the load gave a batch, inside its transaction: their
    dq_result rows, or BatchBlocked (the batch rolls back) when one fails."""
    found = runner.judge_loaded("story", stories.batch_rows(con, run_id, at), run_id)
    failed = [
        f"{o.suite}.{o.expectation}({o.column}): {o.observed}" for o in found if not o.success
    ]
    if failed:
        raise runner.BatchBlocked("; ".join(failed))
    return outcome_rows(Verdict(outcomes=found))


@task(retries=IO_RETRIES, retry_delay_seconds=IO_RETRY_DELAY, cache_policy=NO_CACHE)
def maintain(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, float]:
    """Expire old snapshots, delete unused files and, when due, compact the lake's files
    (after a run, under its lock, out of the way of newsetl's queries); returns the seconds
    of each step (none when queries kept it waiting: the next run tries again)."""
    faults.point("maintain")
    with lakehouse.maintaining(settings.lake, settings.lock_wait_seconds) as free:
        if not free:
            get_run_logger().warning(
                "maintenance skipped: queries kept running for %.0f s", settings.lock_wait_seconds
            )
            return {}
        return maintenance.maintain(con, settings.retention)


def warm_validation() -> None:
    """Start importing Great Expectations and building its context in the background (once),
    so the first validation does not wait for it."""
    runner.warm_up()


def report(done: int, total: int) -> None:
    """Advance the command line's progress bar, if one is shown."""
    progress.update(done, total)


@task(retries=IO_RETRIES, retry_delay_seconds=IO_RETRY_DELAY, cache_policy=NO_CACHE)
def build_data_docs(directory: Path) -> Path:
    """Write this run's Great Expectations Data Docs."""
    return build_docs(directory)


@task(cache_policy=NO_CACHE)
def summary_artifact(summary: dict[str, Any], warehouse: str) -> None:
    """Leave the run's summary as a Prefect markdown artifact."""
    rows = "\n".join(
        f"| {k} | {summary[k]} |"
        for k in (
            "status",
            "seen",
            "loaded",
            "quarantined",
            "duplicate",
            "unchanged",
            "batches",
            "batches_blocked",
        )
    )
    blocked = "".join(f"\n- blocked: {b}" for b in summary["blocked"])
    blocked += "".join(f"\n- anomaly: {a}" for a in summary.get("anomalies", []))
    create_markdown_artifact(
        key="newsetl-run-summary",
        markdown=(
            f"# newsetl run {summary['run_id']}\n\n| figure | value |\n| --- | --- |\n{rows}\n"
            f"| seconds | {summary['seconds']:.1f} |\n\nwarehouse: `{warehouse}`{blocked}\n"
        ),
        description=f"newsetl run {summary['run_id']}: {summary['status']}",
    )
