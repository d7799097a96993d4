"""Process set-up that must happen before Prefect is imported: offline, quiet, local state,
and the temporary API server a one-off run talks to."""

from __future__ import annotations

import ctypes
import fcntl
import functools
import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.serve import SERVER_HEALTH_TIMEOUT, free_port, healthy, stop
from flows.settings import Settings

PR_SET_PDEATHSIG = 1  # prctl(2): signal the child when its parent dies


def configure_prefect(settings: Settings, log_level: str = "WARNING") -> None:
    """Keep Prefect's home in the data folder, telemetry off, a patient local server."""
    home = settings.prefect_home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_LOGGING_LEVEL": log_level,
        "PREFECT_UI_ENABLED": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)


def _die_with_parent() -> Callable[[], object]:
    """For Popen's preexec_fn: in the child, ask for SIGTERM when the parent dies (even by
    kill -9). libc's prctl is looked up here, in the parent, so the child only calls it."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return functools.partial(prctl, PR_SET_PDEATHSIG, signal.SIGTERM)


def _temporary_server_command(port: int) -> list[str]:
    """The command Prefect itself runs for its temporary server (prefect.server.api.server)."""
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.submodule_search_locations
    app_dir = Path(next(iter(spec.submodule_search_locations))).parent
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(app_dir),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


class _TemporaryServer:
    """One temporary server process; starts are serialised per Prefect home (two servers
    migrating one fresh database at once can leave one of them never healthy)."""

    def __init__(self, home: Path, port: int, attempts: int = 3) -> None:
        self.port, self.attempts = port, attempts
        self.api_url = f"http://127.0.0.1:{port}/api"
        home.mkdir(parents=True, exist_ok=True)
        self._lock = open(home / "newsetl-server-start.lock", "a+")  # noqa: SIM115 - held across calls
        self.proc: subprocess.Popen[bytes] | None = None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another command is starting a server on this home: start in ready()
        self._spawn()

    def _spawn(self) -> None:
        env = dict(
            os.environ,
            PREFECT_UI_ENABLED="0",
            PREFECT__SERVER_EPHEMERAL="1",  # what Prefect sets for its own temporary server
            PREFECT__SERVER_FINAL="1",
            # No block types to register (a run uses none): saves importing every installed
            # Prefect collection installed (1.2 s of a 7 s start, when prefect-dask was one).
            PREFECT_API_BLOCKS_REGISTER_ON_START="false",
            PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION="false",
        )
        self.proc = subprocess.Popen(
            _temporary_server_command(self.port),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent(),
        )

    def ready(self, timeout: float = SERVER_HEALTH_TIMEOUT) -> None:
        """Wait until the server answers its health check (restarting it if it exits)."""
        deadline = time.monotonic() + timeout
        try:
            if self.proc is None:
                fcntl.flock(self._lock, fcntl.LOCK_EX)
                self._spawn()
            for _ in range(self.attempts):
                assert self.proc is not None
                while self.proc.poll() is None and time.monotonic() < deadline:
                    if healthy(self.api_url):
                        return
                    time.sleep(0.2)
                if time.monotonic() >= deadline:
                    break
                self._spawn()  # it exited before it was healthy: try again
            raise TimeoutError(f"Prefect's temporary server at {self.api_url} did not start")
        finally:
            fcntl.flock(self._lock, fcntl.LOCK_UN)

    def stop(self) -> None:
        """Stop the server and release the start lock."""
        if self.proc is not None:
            stop(self.proc, timeout=10)
        self._lock.close()


@contextmanager
def temporary_server() -> Iterator[Callable[[], None]]:
    """Prefect's temporary API server for one command, started now, in the background.

    Prefect would start the same server itself on the first flow call, after this process has
    imported everything; started first, its start-up overlaps ours. Yields a function that
    waits until it is healthy. It is stopped when the block ends and dies with this process.
    With PREFECT_API_URL already set (a running server), nothing is started.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield lambda: None
        return
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect"))
    server = _TemporaryServer(home, free_port())
    os.environ["PREFECT_API_URL"] = server.api_url
    _own_server.append(server)
    try:
        yield server.ready
    finally:
        flush_prefect()
        os.environ.pop("PREFECT_API_URL", None)
        _own_server.remove(server)
        server.stop()


_own_server: list[_TemporaryServer] = []  # this command's temporary server, while it runs


@contextmanager
def run_settings() -> Iterator[None]:
    """Prefect settings for a flow run of this command. On the command's temporary server, no
    flow-run heartbeats: they tell a lasting server that a run's process died, and this server
    dies with it (stopping the heartbeat thread costs up to a second at the end of a run)."""
    if not _own_server:
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def flush_prefect(timeout: float = 5.0) -> None:
    """Deliver the logs and events Prefect still queues while its server runs: at exit, after
    the temporary server has stopped, they would be lost (and retried against a closed port)."""
    if "prefect" not in sys.modules:  # nothing was run
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=timeout, at_exit=False)
