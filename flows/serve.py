"""Scheduled operation: the ingest flow as a Prefect deployment on a cron schedule, its runs'
enrichment on spaCy workers that stay warm between runs, and the Prefect server and UI.

Runs never overlap: the deployment has a concurrency limit of one that cancels a run
triggered while another is loading, the runner executes one run at a time, and the run
lock in the warehouse folder guards against runs started outside Prefect (`newsetl run`).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flows.settings import Settings

DEPLOYMENT = "newsetl-scheduled"
SERVER_HEALTH_TIMEOUT = 120.0
UI_API_PATH = "/api"  # where the UI calls the API: relative to the page (see server_env)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(api_url: str) -> bool:
    """Whether a Prefect API answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def wait_healthy(api_url: str, timeout: float = SERVER_HEALTH_TIMEOUT) -> None:
    """Wait until the Prefect API answers its health check, or raise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthy(api_url):
            return
        time.sleep(0.5)
    raise TimeoutError(f"Prefect server at {api_url} not healthy after {timeout:.0f} s")


def reach_url(host: str, port: int) -> str:
    """The API URL at which this machine reaches a server listening on host:port (a server on
    every interface, 0.0.0.0 or ::, through the loopback)."""
    reach = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://{f'[{reach}]' if ':' in reach else reach}:{port}/api"


def server_env(host: str, port: int, env: Mapping[str, str]) -> dict[str, str]:
    """The environment of a Prefect server with its UI on host:port. The UI asks the server
    where its API is (/ui-settings), which by default is PREFECT_API_URL or port 4200 whatever
    the server's port: here it is the path /api, relative to wherever the browser loaded the
    UI from, so that any host, port, published container port or proxy in front works."""
    out = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    out.update(
        PREFECT_SERVER_API_HOST=host,
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_UI_ENABLED="true",
        PREFECT_UI_API_URL=UI_API_PATH,
    )
    return out


@contextmanager
def prefect_server(port: int, env: Mapping[str, str], host: str = "127.0.0.1") -> Iterator[str]:
    """A `prefect server start` on host:port, with its UI, for the duration of the block;
    yields the API URL this machine reaches it at."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
        env=server_env(host, port, env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    api_url = reach_url(host, port)
    try:
        wait_healthy(api_url)
        yield api_url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """SIGTERM a process group, then SIGKILL it if it does not stop in time."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextmanager
def warm_workers(settings: Settings) -> Iterator[str]:
    """The Dask scheduler address every served run hands its enrichment to: the configured
    `dask_address`; else a local cluster of spaCy workers that this owns for as long as it
    serves, each worker with the model loaded once (none with `nlp_processes` 0)."""
    from flows import workers

    processes = workers.processes_for(settings.nlp_processes)
    if settings.dask_address or processes <= 0:
        yield settings.dask_address
        return
    from flows.cluster import local_cluster

    with local_cluster(settings.pipelines, processes, settings.prefect_home / "dask") as address:
        print(f"spaCy workers: {processes} on the Dask cluster at {address}", flush=True)
        yield address


# Imported by the fork server that starts each served run (see forked_runs).
RUN_PRELOAD = ("flows.preload",)


class _ForkServerMultiprocessing:
    """`multiprocessing` as prefect.flow_engine sees it in `serve`: asked for the "spawn"
    context (the one it starts each flow run's process with), it gets the fork server's."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self._context = context

    def get_context(self, method: str | None = None) -> multiprocessing.context.BaseContext:
        """The fork server's context for "spawn", any other as multiprocessing gives it."""
        return self._context if method == "spawn" else multiprocessing.get_context(method)

    def __getattr__(self, name: str) -> Any:
        return getattr(multiprocessing, name)


def forked_runs() -> None:
    """Start this process's flow runs by forking a fork server that has imported what a run
    imports (RUN_PRELOAD), not by spawning a fresh interpreter each time.

    Prefect's runner starts every flow run of a served deployment as a spawned process
    (prefect.flow_engine.run_flow_in_subprocess), which imports Prefect, the flow, Great
    Expectations and Dask's client again: about 4 CPU-seconds a run, before its first file.
    A process forked from the fork server (itself a fresh, single-threaded process, never this
    threaded one) starts with them imported. Each run is still a process of its own, which
    the runner joins, cancels and kills as before. Prefect has no setting for this; the
    function it calls takes its context from `multiprocessing.get_context("spawn")`, so
    flow_engine's `multiprocessing` is replaced by one that answers with the fork server's
    context (checked against prefect 3.8.8, which uv.lock pins)."""
    import prefect.flow_engine as engine

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(RUN_PRELOAD))
    engine.multiprocessing = _ForkServerMultiprocessing(context)  # type: ignore[assignment]
    multiprocessing.forkserver.ensure_running()  # it imports while the cluster starts


def serve(settings: Settings) -> None:
    """Register the deployment with its cron schedule and run it until stopped: each run a
    process forked with its imports done (forked_runs), its enrichment on warm workers
    (warm_workers)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    from flows.ingest import ingest

    forked_runs()
    # Prefect 3.8.8's runner answers SIGTERM by calling its stop() from a signal handler, where
    # it makes a coroutine it never awaits, then exits (SystemExit, which unwinds the blocks
    # here: the workers close); only its warning about the coroutine is silenced.
    warnings.filterwarnings("ignore", "coroutine 'Runner.astop' was never awaited", RuntimeWarning)
    with warm_workers(settings) as address:
        ingest.serve(
            name=DEPLOYMENT,
            cron=settings.cron,
            parameters={
                "inbox": str(settings.inbox.resolve()),
                "warehouse": settings.lake.catalog
                if settings.lake.is_postgres
                else str(settings.lake.catalog_file),
                "data_path": settings.data_path and settings.lake.files,
                "dask_address": address or None,
            },
            global_limit=ConcurrencyLimitConfig(
                limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
            ),
            limit=1,
            pause_on_shutdown=False,
            description="Load new inbox files into the newsetl warehouse.",
        )


def probe(settings: Settings) -> bool:
    """Whether the Prefect API `newsetl serve` uses answers: PREFECT_API_URL's, else the one
    it starts on prefect_host:prefect_port."""
    url = os.environ.get("PREFECT_API_URL") or reach_url(
        settings.prefect_host, settings.prefect_port
    )
    return healthy(url)


if __name__ == "__main__":  # `python -m flows.serve`: the container's HEALTHCHECK
    from flows.settings import load_settings

    sys.exit(0 if probe(load_settings()) else 1)
