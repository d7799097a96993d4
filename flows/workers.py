"""spaCy in worker processes: the NER pass and each document's enrichment, off the flow's core.

The flow's own process reads, validates, loads and publishes; a pool of worker processes, each
with the model loaded once, runs NER and enrichment on the chunks of the next batches meanwhile.
The pool outlives a flow run (a scheduled `serve` process keeps its model warm between runs) and
is shut down when the process exits. Workers import only `transforms` (no Prefect, no GX).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from transforms import nlp
from transforms.article import enrich
from transforms.records import Article


def enrich_here(articles: Sequence[Article], model: str, batch_size: int) -> list[Article]:
    """NER over the cleaned bodies (one spaCy pass), then the pure enrichment of each."""
    nlp.limit_threads(1)
    docs = nlp.parse(model, (a.cleaned.body for a in articles), batch_size=batch_size)
    return [
        enrich(a, nlp.doc_entities(doc), nlp.doc_sentences(doc))
        for a, doc in zip(articles, docs, strict=True)
    ]


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """Leave when the process that started this worker is gone (killed with -9, say): a
    worker's queue holds its own end of the pipe, so it would otherwise wait forever."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def _warm(model: str, parent: int) -> None:
    """Worker initialiser: one BLAS thread, an orphan watch, the model loaded before the first
    chunk."""
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    nlp.limit_threads(1)
    nlp.load_pipeline(model)


def _pid() -> int:
    """The worker's process id (tests use it to see where the work ran)."""
    return os.getpid()


def processes_for(setting: int) -> int:
    """Worker processes for the `nlp_processes` setting: -1 one per core, 0 none (in-process)."""
    return (os.cpu_count() or 1) if setting < 0 else setting


class NlpPool:
    """A process pool with the model loaded in each worker."""

    def __init__(self, model: str, processes: int) -> None:
        self.model, self.processes = model, processes
        self._executor = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded process
            initializer=_warm,
            initargs=(model, os.getpid()),
        )

    def submit(self, articles: Sequence[Article], batch_size: int) -> list[Future[list[Article]]]:
        """Queue the articles in chunks of `batch_size`; one future per chunk, in order."""
        return [
            self._executor.submit(
                enrich_here, list(articles[i : i + batch_size]), self.model, batch_size
            )
            for i in range(0, len(articles), max(1, batch_size))
        ]

    def worker_pids(self) -> set[int]:
        """The worker processes' ids (starting them if they are not yet)."""
        futures = [self._executor.submit(_pid) for _ in range(4 * self.processes)]
        return {f.result() for f in futures}

    def shutdown(self) -> None:
        """Stop the workers (queued chunks are cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)


_lock = threading.Lock()
_pools: dict[tuple[str, int], NlpPool] = {}


def pool(model: str, processes: int) -> NlpPool:
    """This process's pool for `model` with `processes` workers, started on first use."""
    with _lock:
        key = (model, processes)
        if key not in _pools:
            _pools[key] = NlpPool(model, processes)
        return _pools[key]


def discard(model: str, processes: int) -> None:
    """Forget a pool whose worker died, so the next run starts a fresh one."""
    with _lock:
        broken = _pools.pop((model, processes), None)
    if broken is not None:
        broken.shutdown()


@atexit.register
def shutdown_all() -> None:
    """Stop every pool of this process."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for p in pools:
        p.shutdown()


def enrich_articles(
    articles: Sequence[Article], model: str, batch_size: int, processes: int
) -> list[Article]:
    """Enrich `articles` in this process (`processes` 0) or on this process's worker pool."""
    if processes <= 0 or not articles:
        return enrich_here(articles, model, batch_size)
    try:
        futures = pool(model, processes).submit(articles, batch_size)
        return [a for f in futures for a in f.result()]
    except BrokenProcessPool:
        discard(model, processes)
        raise
