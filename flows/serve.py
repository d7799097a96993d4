"""Scheduled operation: the ingest flow as a Prefect deployment on a cron schedule.

Runs never overlap: the deployment has a concurrency limit of one that cancels a run
triggered while another is loading, the runner executes one run at a time, and the run
lock in the warehouse folder guards against runs started outside Prefect (`newsetl run`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from flows.settings import Settings

DEPLOYMENT = "newsetl-scheduled"
SERVER_HEALTH_TIMEOUT = 120.0


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


@contextmanager
def prefect_server(port: int, env: dict[str, str]) -> Iterator[str]:
    """A `prefect server start` on 127.0.0.1:port for the duration of the block."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    api_url = f"http://127.0.0.1:{port}/api"
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


def serve(settings: Settings) -> None:
    """Register the deployment with its cron schedule and run it until stopped."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    from flows.ingest import for_settings

    for_settings(settings.dask_address).serve(
        name=DEPLOYMENT,
        cron=settings.cron,
        parameters={
            "inbox": str(settings.inbox.resolve()),
            "warehouse": settings.lake.catalog
            if settings.lake.is_postgres
            else str(settings.lake.catalog_file),
            "data_path": settings.data_path and settings.lake.files,
        },
        global_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        ),
        limit=1,
        pause_on_shutdown=False,
        description="Load new inbox files into the newsetl warehouse.",
    )
