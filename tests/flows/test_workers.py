"""spaCy on worker processes: the same warehouse as in-process, in-flight copies, orphans, the
workers' heap."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MODEL, ROOT
from tests.flows.test_dask import contents
from tests.lake import open_lake

pytestmark = pytest.mark.slow


def run(inbox: Path, warehouse: Path) -> dict:
    from flows.ingest import run_path

    return run_path(inbox, warehouse)


def test_worker_pool_gives_the_same_warehouse_as_in_process(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import workers
    from flows.settings import load_settings

    monkeypatch.setenv("NEWSETL_BATCH_SIZE", "2")  # 3 batches: enrichment runs one batch ahead
    monkeypatch.setenv("NEWSETL_NLP_PROCESSES", "0")
    here = tmp_path / "here" / "warehouse.sqlite"
    assert run(sample_inbox, here)["loaded"] == 5

    monkeypatch.setenv("NEWSETL_NLP_PROCESSES", "2")
    pooled = tmp_path / "pooled" / "warehouse.sqlite"
    summary = run(sample_inbox, pooled)
    assert (summary["loaded"], summary["batches"]) == (5, 3)
    pipelines = load_settings().pipelines
    pids = workers.pool(pipelines, 2).worker_pids()  # the pool the run used, still warm
    assert len(pids) == 2 and os.getpid() not in pids
    assert contents(pooled) == contents(here)


def test_copy_of_a_document_still_being_enriched_is_a_duplicate(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("NEWSETL_BATCH_SIZE", "1")  # the copy is read while the first is in flight
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    page = sorted((ROOT / "samples" / "inbox").glob("*.txt"))[0].read_bytes()
    (inbox / "a.txt").write_bytes(page)
    (inbox / "b.txt").write_bytes(page)
    warehouse = tmp_path / "wh" / "warehouse.sqlite"
    summary = run(inbox, warehouse)
    assert (summary["loaded"], summary["duplicate"]) == (1, 1)
    con = open_lake(warehouse)
    try:
        rows = con.execute("SELECT path, status, reason FROM etl_file ORDER BY path").fetchall()
        articles = con.execute("SELECT count(*) FROM fact_article").fetchone()
    finally:
        con.close()
    assert rows == [("a.txt", "loaded", None), ("b.txt", "duplicate", "same content as a.txt")]
    assert articles == (1,)


def test_workers_leave_when_their_parent_is_killed(tmp_path: Path) -> None:
    from flows.workers import _alive

    script = (
        "import sys, time\n"
        "from flows import workers\n"
        f"pids = workers.pool({MODEL!r}, 1).worker_pids()\n"
        "print(*pids, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert pids and all(_alive(p) for p in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in pids)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_run_command_starts_workers_only_for_new_files(
    sample_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`newsetl run` starts the pool while Prefect's server starts, but only when the inbox
    holds files the warehouse has not seen (a run with nothing new stays light)."""
    import shutil
    from datetime import datetime

    import polars as pl

    from flows import workers
    from flows.cli import _start_workers
    from flows.inbox import FolderInbox
    from flows.settings import load_settings
    from warehouse import loader

    monkeypatch.setenv("NEWSETL_NLP_PROCESSES", "1")
    monkeypatch.setenv("NEWSETL_MODEL", "no-such-model")  # a pool of its own, never loaded
    inbox = tmp_path / "pending"
    shutil.copytree(sample_inbox, inbox)
    settings = load_settings(inbox=str(inbox), warehouse=str(tmp_path / "warehouse.sqlite"))
    con = loader.connect(settings.lake, 5)
    try:
        files = [
            {
                "path": f.path,
                "sha256": f.path,
                "size": f.size,
                "mtime_ns": f.mtime_ns,
                "status": "loaded",
                "reason": None,
            }
            for f in FolderInbox(inbox).list()
        ]
        frame = pl.DataFrame(files, schema=loader.ETL_FILE_SCHEMA)
        loader.record_files(con, frame, "r", datetime.now())
        _start_workers(settings, loader.known_files(con))
        key = (settings.pipelines, 1)  # "no-such-model,fr=fr_core_news_sm"
        assert key not in workers._pools  # everything known: no pool
        (inbox / "new.txt").write_text("A new page.\n", encoding="utf-8")
        _start_workers(settings, loader.known_files(con))
        assert key in workers._pools
    finally:
        con.close()
        workers.discard(settings.pipelines, 1)


def test_workers_keep_their_heap_between_chunks() -> None:
    """A worker keeps the memory a chunk's parse freed for the next chunk (see
    transforms.nlp.keep_heap) instead of unmapping it and faulting it in again."""
    from flows import workers
    from tests.transforms.test_nlp import held_after_free

    held = workers.pool(MODEL, 1)._executor.submit(held_after_free).result()
    assert held > 40 << 20


def _gazetteer_builds() -> tuple[int, int]:
    from transforms import places

    info = places.gazetteer.cache_info()
    return info.misses, info.hits


def test_workers_start_with_the_gazetteer_built_once_for_all() -> None:
    """The fork server builds the gazetteer before it forks the workers (flows.worker_preload):
    a worker's first call to it is a hit of the cache it was forked with, not a build of its
    own (about 1.4 CPU-s a worker)."""
    from flows import workers

    misses, hits = workers.pool(MODEL, 1)._executor.submit(_gazetteer_builds).result()
    assert misses == 1  # the fork server's build
    assert hits >= 1  # settle_in's call, answered by it


def _start_a_pool() -> None:
    from flows import workers

    workers.pool(MODEL, 1).worker_pids()


def test_a_process_multiprocessing_started_exits_with_its_pool() -> None:
    """Prefect's runner starts each scheduled flow run as a spawned process; one that started
    a pool exits when its work returns (such a process joins its own children before any
    atexit hook, and the pool's workers would wait for chunks forever)."""
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(target=_start_a_pool)
    child.start()
    child.join(timeout=120)
    hung = child.is_alive()
    if hung:
        child.kill()  # its workers leave with it (see test_workers_leave_when_...)
        child.join()
    assert not hung, "the process never exited: its pool's workers were joined, not stopped"
    assert child.exitcode == 0


def test_last_chunks_of_a_run_are_smaller() -> None:
    """A run's last batch goes to the workers in chunks of a quarter size at its end, so they
    finish together; every document once, in order."""
    from flows.workers import chunked

    docs = list(range(100))
    assert [len(c) for c in chunked(docs, 32)] == [32, 32, 32, 4]  # type: ignore[arg-type]
    tapered = chunked(docs, 32, workers=2)  # type: ignore[arg-type]
    assert [len(c) for c in tapered] == [32, 4] + [8] * 8
    assert [d for c in tapered for d in c] == docs
    assert [len(c) for c in chunked(docs[:10], 32, workers=2)] == [8, 2]  # type: ignore[arg-type]


def test_worker_pool_parses_each_language_with_its_own_pipeline() -> None:
    """A German, a French and an English article in one chunk on a worker: German gets no
    entities (no pipeline; not the English one's guesses), French and English their own."""
    from flows import workers
    from tests.factories import PAGE_ENTITIES, PAGES
    from transforms.records import Document, Sidecar

    documents = [
        Document(f"{lang}.txt", lang, len(page), "utf-8", page, Sidecar())
        for lang, page in PAGES.items()
    ]
    pipelines = f"{MODEL},fr=fr_core_news_sm"
    articles = workers.process_documents(documents, pipelines, 32, processes=1)
    assert [a.meta.language for a in articles] == list(PAGES)
    for lang, article in zip(PAGES, articles, strict=True):
        assert {(m.entity, m.entity_label) for m in article.entities} == PAGE_ENTITIES[lang]
    assert os.getpid() not in workers.pool(pipelines, 1).worker_pids()
