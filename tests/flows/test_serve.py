"""`newsetl serve` against a real Prefect server: runs on warm workers, a UI that works on the
port it was given (in headless Chromium), and a clean stop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

from flows.serve import (
    DEPLOYMENT,
    RUN_PRELOAD,
    forked_runs,
    free_port,
    reach_url,
    server_env,
    stop,
    wait_healthy,
)
from tests.browser import headless_chromium, requested_urls
from tests.lake import open_lake

ROOT = Path(__file__).resolve().parents[2]
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
NEVER = "0 0 1 1 *"  # runs are started by the test, not the schedule
T = TypeVar("T")


def wait_for(predicate: Callable[[], T | None], timeout: float, what: str, every: float = 1) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"gave up waiting for {what}")


def serve_env(tmp_path: Path) -> dict[str, str]:
    """A quiet Prefect home of the test's own, and a runner that looks for runs every second."""
    return {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "NEWSETL_PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
    }


@contextmanager
def newsetl_serve(args: list[str], env: dict[str, str], log: Path) -> Iterator[Any]:
    """`newsetl serve ARGS` in a process group of its own; SIGTERM to it (as `docker stop`
    sends) when the block ends, then SIGKILL to the group if it is still there."""
    with open(log, "wb") as out:
        served = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", *args],
            cwd=log.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield served
    finally:
        if served.poll() is None:
            served.terminate()
            try:
                served.wait(120)
            except subprocess.TimeoutExpired:
                stop(served)


def deployed(api_url: str) -> bool:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        try:
            client.read_deployment_by_name(f"newsetl-ingest/{DEPLOYMENT}")
        except Exception:  # not yet registered, or the server not yet up
            return False
    return True


def run_once(api_url: str, log: Path) -> str:
    """Run the deployment now; its final state."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}):
        run = run_deployment(f"newsetl-ingest/{DEPLOYMENT}", timeout=0)

        def finished() -> str | None:
            with get_client(sync_client=True) as client:
                state = client.read_flow_run(run.id).state
            return state.type.value if state and state.type.value in FINAL else None

        try:
            return wait_for(finished, 300, "the flow run to finish")
        except TimeoutError:
            raise AssertionError(log.read_text()[-3000:]) from None


def descendants(pid: int) -> set[int]:
    """The live processes below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, frontier = set(), [pid]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, [])]
        found.update(frontier)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def ui_shows_runs(browser: Any, ui_url: str, completed: int) -> None:
    """The Prefect UI at `ui_url` lists the deployment, and `completed` completed runs of it;
    every API call it made went to its own server (not to port 4200 elsewhere)."""
    from selenium.webdriver.common.by import By

    def text() -> str:
        return str(browser.find_element(By.TAG_NAME, "body").text)

    browser.get(f"{ui_url}/deployments")
    wait_for(lambda: DEPLOYMENT in text(), 90, "the deployment in the UI", every=0.5)
    browser.get(f"{ui_url}/runs")

    def runs_listed() -> bool:
        return len(re.findall(r"\bCompleted\b", text())) >= completed and "ingest " in text()

    try:
        wait_for(runs_listed, 90, f"{completed} completed runs in the UI", every=0.5)
    except TimeoutError:
        raise AssertionError(text()) from None
    api_calls = [u for u in requested_urls(browser) if "/api/" in u]
    assert api_calls and all(u.startswith(f"{ui_url}/api/") for u in api_calls), api_calls


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:4299/api"),
        ("0.0.0.0", "http://127.0.0.1:4299/api"),  # every interface: reached on the loopback
        ("::", "http://[::1]:4299/api"),
        ("10.1.2.3", "http://10.1.2.3:4299/api"),
    ],
)
def test_reach_url(host: str, url: str) -> None:
    assert reach_url(host, 4299) == url


def test_server_env_points_the_ui_at_its_own_server() -> None:
    """The UI calls /api on whatever host and port the browser loaded it from; a
    PREFECT_API_URL meant for clients is not the server's own setting."""
    env = server_env("0.0.0.0", 4299, {"PATH": "/bin", "PREFECT_API_URL": "http://x:1/api"})
    assert env == {
        "PATH": "/bin",
        "PREFECT_SERVER_API_HOST": "0.0.0.0",
        "PREFECT_SERVER_API_PORT": "4299",
        "PREFECT_UI_ENABLED": "true",
        "PREFECT_UI_API_URL": "/api",
    }


def test_forked_runs_give_prefect_the_fork_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """After forked_runs, the context Prefect's runner starts flow runs with is the fork
    server's, preloaded with what a run imports; every other context is multiprocessing's."""
    import multiprocessing

    import prefect.flow_engine as engine

    started: list[bool] = []
    monkeypatch.setattr(engine, "multiprocessing", engine.multiprocessing)  # restored after
    monkeypatch.setattr(multiprocessing.forkserver, "ensure_running", lambda: started.append(True))
    monkeypatch.setattr(multiprocessing.forkserver._forkserver, "_preload_modules", [])
    forked_runs()
    assert engine.multiprocessing.get_context("spawn").get_start_method() == "forkserver"
    assert engine.multiprocessing.get_context("fork").get_start_method() == "fork"
    assert engine.multiprocessing.cpu_count() == multiprocessing.cpu_count()
    assert multiprocessing.forkserver._forkserver._preload_modules == list(RUN_PRELOAD)
    assert started == [True]


@pytest.mark.slow
def test_run_preload_imports_no_model_and_starts_no_thread() -> None:
    """What the fork server imports for served runs: the flow and GX, no spaCy (the
    workers run it), and no thread left running (a fork copies only the forking thread)."""
    script = (
        "import sys, threading\n"
        "import flows.preload\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
        "assert 'great_expectations' in sys.modules and 'flows.ingest' in sys.modules\n"
        "assert 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=300)


@pytest.mark.slow
def test_serve_on_its_own_port_runs_warm_and_stops_clean(
    sample_inbox: Path, tmp_path: Path
) -> None:
    """`newsetl serve --port P` (its own server, a non-default port): three runs, new files
    each time, all on the same spaCy workers, which loaded each pipeline once; the UI on port P
    lists the deployment and the completed runs; SIGTERM leaves nothing running."""
    from distributed import Client

    from transforms import nlp

    port = free_port()
    assert port != 4200
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    log = tmp_path / "serve.log"
    args = ["--inbox", str(sample_inbox), "--warehouse", str(warehouse), "--cron", NEVER]
    with newsetl_serve([*args, "--port", str(port)], serve_env(tmp_path), log) as served:
        api_url = f"http://127.0.0.1:{port}/api"
        wait_for(lambda: deployed(api_url), 300, "the deployment to register")
        address = re.search(r"Dask cluster at (\S+)", log.read_text())
        assert address, log.read_text()
        page = sorted(sample_inbox.glob("*.txt"))[0].read_bytes()
        with Client(address[1], timeout=30) as client:

            def loads() -> dict[str, tuple[int, int]]:  # worker -> (its pid, pipelines loaded)
                return client.run(lambda: (os.getpid(), nlp.load_pipeline.cache_info().misses))

            warm = loads()  # English and French (the default language_models), before any run
            assert len(warm) == 2 and all(misses == 2 for _, misses in warm.values()), warm
            for i in range(3):
                if i:  # new files each time
                    (sample_inbox / f"later{i}.txt").write_bytes(page + f"\nCopy {i}.\n".encode())
                assert run_once(api_url, log) == "COMPLETED"
                assert loads() == warm  # the same processes; no model loaded again
        with headless_chromium(tmp_path / "chromium") as browser:
            ui_shows_runs(browser, f"http://127.0.0.1:{port}", completed=3)
        processes = descendants(served.pid)
        assert processes  # the server, the Dask nannies and workers, the fork server
        served.send_signal(signal.SIGTERM)
        assert served.wait(120) == 0, log.read_text()[-3000:]
    try:
        wait_for(lambda: not any(alive(p) for p in processes), 30, "every process to stop")
    except TimeoutError:
        raise AssertionError([p for p in processes if alive(p)]) from None
    con = open_lake(warehouse)
    try:
        assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (7,)
        runs = con.execute("SELECT status, files_loaded FROM etl_run ORDER BY started_at")
        assert runs.fetchall() == [("completed", 5), ("completed", 1), ("completed", 1)]
    finally:
        con.close()


@pytest.mark.slow
def test_serve_with_an_existing_server(sample_inbox: Path, tmp_path: Path) -> None:
    """With PREFECT_API_URL set, `serve` uses that server; started as docs/operations.md says (plain
    `prefect server start` on a non-default port, with the same PREFECT_API_URL), its UI
    lists the deployment and its runs."""
    env = serve_env(tmp_path)
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    log = tmp_path / "serve.log"
    port = free_port()
    env["PREFECT_API_URL"] = api_url = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
        + ["--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_healthy(api_url)
        args = ["--inbox", str(sample_inbox), "--warehouse", str(warehouse), "--cron", NEVER]
        with newsetl_serve(args, env, log) as served:
            wait_for(lambda: deployed(api_url), 300, "the deployment to register")
            final = [run_once(api_url, log)]
            page = sorted(sample_inbox.glob("*.txt"))[0].read_bytes()
            (sample_inbox / "later.txt").write_bytes(page + b"\nA later copy.\n")
            final.append(run_once(api_url, log))
            with headless_chromium(tmp_path / "chromium") as browser:
                ui_shows_runs(browser, f"http://127.0.0.1:{port}", completed=2)
        assert served.returncode == 0, log.read_text()[-3000:]
    finally:
        stop(server)
    assert final == ["COMPLETED", "COMPLETED"], log.read_text()[-3000:]
    con = open_lake(warehouse)
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (6,)
    assert con.execute("SELECT count(*) FROM etl_run WHERE status = 'completed'").fetchone() == (2,)
