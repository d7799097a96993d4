"""Each document's transforms in worker processes: cleaning, the NER pass and enrichment.

The flow's own process reads, hashes and decodes files, validates, loads and publishes; a pool
of worker processes, each with the model loaded once, cleans, parses and enriches the chunks of
the next batch meanwhile: this process's own (NlpPool), or a Dask cluster's workers (DaskPool),
which get the same chunks. The pool outlives a flow run (flows called one after another in one
process share its warm workers) and is shut down when the process exits. Workers import only
`transforms` (no Prefect, no GX)."""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import multiprocessing.util
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from transforms import nlp, places
from transforms.article import enrich_all, prepare_document
from transforms.records import Article, Document


def process_here(documents: Sequence[Document], model: str, batch_size: int) -> list[Article]:
    """Clean each document, run NER over the cleaned bodies (one spaCy pass per language's
    pipeline), then the pure enrichment of each. `model`: every language's pipeline, as
    transforms.nlp.parse_pipelines reads it (Settings.pipelines)."""
    nlp.limit_threads(1)
    articles = [prepare_document(d) for d in documents]
    return enrich_all(articles, nlp.parse_pipelines(model), batch_size=batch_size)


def _alive(pid: int) -> bool:
    """Whether process `pid` is running (not gone, not a zombie)."""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except ProcessLookupError:
        return False
    except (OSError, IndexError):  # no /proc to ask: it exists
        return True
    return state != "Z"


def _exit_with_owner(owner: int, every: float = 1.0) -> None:
    """Leave when the process that owns the pool is gone (killed with -9, say): a worker's
    queue holds its own end of the pipe, so it would otherwise wait forever. (The fork server,
    the worker's parent, lives as long as any worker does.)"""
    while _alive(owner):
        time.sleep(every)
    os._exit(1)


def settle_in(model: str, every_language: bool = False) -> None:
    """Make this process a spaCy worker: one BLAS thread, a heap kept between batches, the
    English pipeline loaded and the gazetteer built before the first chunk. Another
    language's pipeline is loaded on its first article, so that English-only runs never load
    it, unless `every_language` (a worker that serves run after run loads them all now)."""
    nlp.limit_threads(1)
    nlp.keep_heap()
    pipelines = nlp.parse_pipelines(model)
    for language, package in pipelines.items():
        if language == nlp.FALLBACK_LANGUAGE:
            nlp.load_pipeline(package)
        elif every_language:
            with contextlib.suppress(OSError, ImportError):  # its first article will say why
                nlp.load_pipeline(package)
    places.gazetteer()  # built by the fork server already on the local pool


def _warm(model: str, owner: int) -> None:
    """Worker initialiser: an orphan watch, then settle_in."""
    threading.Thread(target=_exit_with_owner, args=(owner,), daemon=True).start()
    settle_in(model)


def _pid(hold: float = 0.0) -> int:
    """The worker's process id (tests use it to see where the work ran), after `hold` seconds."""
    time.sleep(hold)
    return os.getpid()


# Imported once by the fork server, before it forks the workers: each worker starts with spaCy
# imported and the gazetteer built, and shares those pages with the others.
PRELOAD = ("flows.worker_preload",)


def _fork_server() -> multiprocessing.context.BaseContext:
    """Workers are forked from a fork server, a fresh single-threaded process that imports
    spaCy once; this process (threaded: Prefect, GX) is never forked itself."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def processes_for(setting: int) -> int:
    """Worker processes for the `nlp_processes` setting: -1 one per core, 0 none (in-process)."""
    return (os.cpu_count() or 1) if setting < 0 else setting


def chunked(items: Sequence[Document], size: int, workers: int = 0) -> list[Sequence[Document]]:
    """Consecutive chunks of `size` items; with `workers`, the last `workers * size` items in
    chunks of a quarter of `size`."""
    size = max(1, size)
    cut = max(0, len(items) - workers * size) if workers else len(items)
    small = max(1, size // 4)
    return [items[i : min(i + size, cut)] for i in range(0, cut, size)] + [
        items[i : i + small] for i in range(cut, len(items), small)
    ]


def lookahead(workers: int, batch_size: int, chunk: int, least: int = 1) -> int:
    """Batches to keep in flight behind the one being validated and loaded: at least `least`,
    and on a cluster of `workers` enough that each has a chunk queued behind the one it
    parses (two chunks per worker), while the flow's process validates and loads."""
    per_batch = -(-max(1, batch_size) // max(1, chunk))
    return max(least, -(-2 * workers // per_batch))


class NlpPool:
    """A process pool with the model loaded in each worker."""

    def __init__(self, model: str, processes: int) -> None:
        self.model, self.processes = model, processes
        self._executor = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=_fork_server(),
            initializer=_warm,
            initargs=(model, os.getpid()),
        )

    def start(self) -> None:
        """Start every worker now (each loads the model), in the background: the first start
        waits seconds for the fork server to import spaCy, and the caller need not."""

        def spawn() -> None:
            for _ in range(self.processes):
                self._executor.submit(_pid)  # one process is spawned per submit while none idles

        threading.Thread(target=spawn, name="nlp-pool-start", daemon=True).start()

    def submit(
        self, documents: Sequence[Document], batch_size: int, taper: bool = False
    ) -> list[Future[list[Article]]]:
        """Queue the documents in chunks of `batch_size`; one future per chunk, in order. With
        `taper` (nothing follows them), the last chunks are a quarter of that, so that the
        workers finish at nearly the same time instead of one parsing a whole chunk alone."""
        return [
            self._executor.submit(process_here, list(chunk), self.model, batch_size)
            for chunk in chunked(documents, batch_size, self.processes if taper else 0)
        ]

    def worker_pids(self) -> set[int]:
        """The worker processes' ids (starting them if they are not yet). Each probe holds its
        worker a moment: the pool spawns a process per submit only while none is idle."""
        futures = [self._executor.submit(_pid, 0.2) for _ in range(4 * self.processes)]
        return {f.result() for f in futures}

    def shutdown(self) -> None:
        """Stop the workers (queued chunks are cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """A Dask cluster as the worker pool: the same chunks, submitted with distributed's client
    to run `process_here` on its workers (which import only `transforms`, not Prefect: they need
    no Prefect API). Chunks are queued in order; Dask runs each on a free worker."""

    def __init__(self, model: str, address: str) -> None:
        from distributed import Client

        self.model, self.address = model, address
        self._client = Client(address, set_as_default=False)

    @property
    def processes(self) -> int:
        """The cluster's workers now (at least 1)."""
        return max(1, len(self._client.scheduler_info(n_workers=-1)["workers"]))

    def submit(
        self, documents: Sequence[Document], batch_size: int, taper: bool = False
    ) -> list[Any]:
        """As NlpPool.submit: one (Dask) future per chunk, in order."""
        workers = self.processes if taper else 0
        return [
            self._client.submit(process_here, list(chunk), self.model, batch_size, pure=False)
            for chunk in chunked(documents, batch_size, workers)
        ]

    def shutdown(self) -> None:
        """Disconnect (the cluster and its workers stay)."""
        self._client.close()


_lock = threading.Lock()
_pools: dict[tuple[str, int], NlpPool] = {}
_clusters: dict[tuple[str, str], DaskPool] = {}


def pool(model: str, processes: int) -> NlpPool:
    """This process's pool for `model` with `processes` workers, started on first use."""
    with _lock:
        key = (model, processes)
        if key not in _pools:
            _pools[key] = NlpPool(model, processes)
        return _pools[key]


def cluster(model: str, address: str) -> DaskPool:
    """This process's connection to the Dask cluster at `address`, made on first use."""
    with _lock:
        key = (model, address)
        if key not in _clusters:
            _clusters[key] = DaskPool(model, address)
        return _clusters[key]


def disconnect(model: str, address: str) -> None:
    """Close this process's connection to the Dask cluster at `address` (the cluster stays):
    a run's connection ends with the run, not when a cluster that may have closed is gone."""
    with _lock:
        connection = _clusters.pop((model, address), None)
    if connection is not None:
        connection.shutdown()


def discard(model: str, processes: int) -> None:
    """Forget a pool whose worker died, so the next run starts a fresh one."""
    with _lock:
        broken = _pools.pop((model, processes), None)
    if broken is not None:
        broken.shutdown()


@atexit.register
def shutdown_all() -> None:
    """Stop every pool of this process (and leave any Dask cluster it used)."""
    with _lock:
        pools: list[NlpPool | DaskPool] = [*_pools.values(), *_clusters.values()]
        _pools.clear()
        _clusters.clear()
    for p in pools:
        p.shutdown()


# A process that multiprocessing started itself (as Prefect's runner starts each scheduled flow
# run: a spawned process) ends by joining its own child processes, before any atexit hook runs;
# the pool's workers, waiting for chunks, would never be joined and the finished run's process
# would never exit. A finaliser with an exit priority runs before those joins, and this one before
# the finalisers (priority 10) that close the pool's own queues, through which it stops them.
multiprocessing.util.Finalize(None, shutdown_all, exitpriority=100)


def process_documents(
    documents: Sequence[Document],
    model: str,
    batch_size: int,
    processes: int,
    last: bool = False,
    dask_address: str = "",
) -> list[Article]:
    """Clean, parse and enrich `documents` in this process (`processes` 0), on this process's
    worker pool, or on the Dask cluster at `dask_address` (`last`: the run's last batch, its
    final chunks smaller)."""
    if dask_address and documents:
        futures = cluster(model, dask_address).submit(documents, batch_size, taper=last)
        return [a for f in futures for a in f.result()]
    if processes <= 0 or not documents:
        return process_here(documents, model, batch_size)
    try:
        futures = pool(model, processes).submit(documents, batch_size, taper=last)
        return [a for f in futures for a in f.result()]
    except BrokenProcessPool:
        discard(model, processes)
        raise
