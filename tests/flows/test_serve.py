"""`newsetl serve` against a real Prefect server on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.serve import DEPLOYMENT, free_port, prefect_server, stop
from tests.lake import open_lake

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise TimeoutError(f"gave up waiting for {what}")


def test_served_deployment_runs_and_loads(sample_inbox: Path, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "NEWSETL_PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    with prefect_server(free_port(), env) as api_url:
        env["PREFECT_API_URL"] = api_url
        log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115
        served = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "serve",
                "--inbox",
                str(sample_inbox),
                "--warehouse",
                str(warehouse),
                "--cron",
                "0 0 1 1 *",
            ],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            with temporary_settings({PREFECT_API_URL: api_url}):

                def deployed() -> bool:
                    with get_client(sync_client=True) as client:
                        names = [d.name for d in client.read_deployments()]
                    return DEPLOYMENT in names

                wait_for(deployed, 120, "the deployment to register")

                def run_once() -> str:
                    run = run_deployment(f"newsetl-ingest/{DEPLOYMENT}", timeout=0)

                    def finished() -> str | None:
                        with get_client(sync_client=True) as client:
                            state = client.read_flow_run(run.id).state
                        return state.type.value if state and state.type.value in FINAL else None

                    return str(wait_for(finished, 300, "the flow run to finish"))

                final = [run_once()]
                # Each run is a process of its own, which must exit for the runner (one run at
                # a time) to start the next one: a run that used the worker pool once did not.
                page = sorted(sample_inbox.glob("*.txt"))[0]
                (sample_inbox / "later.txt").write_bytes(page.read_bytes() + b"\nA later copy.\n")
                final.append(run_once())
        finally:
            stop(served)
            log.close()
        assert served.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]
    assert final == ["COMPLETED", "COMPLETED"], (tmp_path / "serve.log").read_text()[-3000:]
    con = open_lake(warehouse)
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (6,)
    assert con.execute("SELECT count(*) FROM etl_run WHERE status = 'completed'").fetchone() == (2,)
