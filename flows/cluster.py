"""Dask for enrichment: a local cluster whose workers keep the model loaded, and what a
cluster's task stream says about how its workers were used.

`newsetl serve` owns such a cluster for as long as it serves: every scheduled run is a fresh
process (Prefect's runner starts one per run), and hands its enrichment to these workers through
the `dask_address` path, so no run loads spaCy or the model again. The workers run
flows.workers.process_here on the chunks a run's enrichment task sends them (DaskPool): they
import only `transforms`, and need no Prefect API.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from flows import workers

WARM_PLUGIN = "newsetl-warm"


class WarmWorker(WorkerPlugin):
    """A Dask worker plugin: one BLAS thread, the heap kept between chunks, every language's
    pipeline loaded and the gazetteer built when the worker starts (a worker the nanny
    restarts too), so that no run of `serve` pays for them (a French pipeline costs 2.4 CPU-s
    to load, and +24 MB a worker)."""

    name = WARM_PLUGIN

    def __init__(self, pipelines: str) -> None:
        self.pipelines = pipelines

    def setup(self, worker: Any) -> None:
        """Called by the worker when the plugin is registered or the worker starts."""
        if threading.current_thread() is threading.main_thread():
            # Ctrl-C in serve's terminal reaches every process of its group: the workers
            # leave when serve closes the cluster, not with a traceback each
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        workers.settle_in(self.pipelines, every_language=True)


@contextmanager
def local_cluster(pipelines: str, processes: int, directory: Path) -> Iterator[str]:
    """A Dask cluster of `processes` single-threaded worker processes on 127.0.0.1, each with
    the model loaded before this yields the scheduler's address; stopped when the block ends."""
    from distributed import Client, LocalCluster

    directory.mkdir(parents=True, exist_ok=True)
    logging.getLogger("distributed").setLevel(logging.WARNING)  # its scheduler and nannies
    with (
        LocalCluster(
            n_workers=processes,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # its HTTP server (no dashboard: no bokeh) on a free port
            local_directory=str(directory),
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(WarmWorker(pipelines), name=WARM_PLUGIN)
        try:
            yield str(cluster.scheduler_address)
        finally:
            cluster.sync(_close_workers, cluster)


# A worker holding a model takes about a second to exit, more on a busy machine, and Dask's
# nanny kills a worker still there after 4 s when the cluster closes: they are closed first,
# all at once, with this long to leave on their own.
WORKER_EXIT_SECONDS = 60.0


async def _close_workers(cluster: Any) -> None:
    """Ask every worker of `cluster` to close and wait until they all have."""
    await asyncio.gather(*(w.close(timeout=WORKER_EXIT_SECONDS) for w in cluster.workers.values()))


@dataclass(frozen=True)
class ClusterUse:
    """How a cluster's workers were used over a span of its task stream."""

    seconds: float  # from the first task's start to the last one's end
    busy: Mapping[str, float]  # worker address -> seconds it computed tasks
    most_at_once: int  # the most workers computing at the same moment
    tasks: int

    def share(self, worker: str) -> float:
        """The share of the span that `worker` was computing."""
        return self.busy.get(worker, 0.0) / self.seconds if self.seconds > 0 else 0.0


def cluster_use(stream: Iterable[Mapping[str, Any]], prefix: str = "") -> ClusterUse:
    """Busy time per worker and the most workers busy at once, from the records of
    `distributed.Client.get_task_stream()` (tasks whose key starts with `prefix`)."""
    spans = [
        (float(s["start"]), float(s["stop"]), str(record["worker"]))
        for record in stream
        if str(record.get("key", "")).startswith(prefix)
        for s in record.get("startstops", ())
        if s.get("action") == "compute"
    ]
    if not spans:
        return ClusterUse(0.0, {}, 0, 0)
    busy: dict[str, float] = defaultdict(float)
    for start, stop, worker in spans:
        busy[worker] += stop - start
    # at equal times an end (-1) sorts before a start (+1)
    events = sorted(
        [(start, 1, w) for start, _, w in spans] + [(stop, -1, w) for _, stop, w in spans]
    )
    running: dict[str, int] = defaultdict(int)  # worker -> its tasks computing now
    most = 0
    for _, step, worker in events:
        running[worker] += step
        most = max(most, sum(n > 0 for n in running.values()))
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    return ClusterUse(last - first, dict(busy), most, len(spans))
