"""Hard stops and hostile warehouses: kill -9 at each stage, a held file, a corrupt file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from flows.settings import load_settings
from tests.conftest import ROOT
from tests.keys import dangling_keys
from tests.lake import count, open_lake

pytestmark = pytest.mark.slow


def newsetl(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run the command line in its own process group; whatever it started dies with it.

    A run killed with SIGKILL cannot stop the temporary Prefect server it started, so the test
    kills the group afterwards (and reads output from files, not pipes the orphan would hold).
    """
    out, err = cwd / "cli.out", cwd / "cli.err"
    with open(out, "w") as o, open(err, "w") as e:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=cwd,
            env=env,
            stdout=o,
            stderr=e,
            start_new_session=True,
        )
        try:
            proc.wait(timeout)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.read_text(), err.read_text())


def published_count(warehouse: Path) -> int:
    """Articles analysts see now (0 before the warehouse exists)."""
    return count(warehouse)


def test_kill_at_every_stage_then_rerun(sample_inbox: Path, tmp_path: Path) -> None:
    for i in range(3):  # 8 articles, batches of 2
        src = sorted(sample_inbox.glob("*.txt"))[i]
        (sample_inbox / f"extra-{i}.txt").write_text(src.read_text() + f"\nExtra edition {i}.\n")
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    env = {
        **os.environ,
        "NEWSETL_BATCH_SIZE": "2",
        "NEWSETL_PREFECT_HOME": str(tmp_path / "prefect"),
    }
    run = ("run", "--inbox", str(sample_inbox), "--warehouse", str(warehouse))
    # (failpoint, articles analysts may see afterwards: whole batches only)
    plan = [("enrich:1", {0}), ("load:2", {2}), ("validate:1", {2}), ("maintain:1", {8})]
    for crash_at, visible in plan:
        done = newsetl(*run, cwd=tmp_path, env={**env, "NEWSETL_CRASH_AT": crash_at})
        assert done.returncode == -signal.SIGKILL, (crash_at, done.stdout, done.stderr[-2000:])
        assert published_count(warehouse) in visible, crash_at
    final = newsetl(*run, cwd=tmp_path, env=env)
    assert final.returncode == 0, final.stderr[-3000:]
    con = open_lake(warehouse)
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM fact_article").fetchone() == (
        8,
        8,
    )
    assert con.execute("SELECT status, count(*) FROM etl_file GROUP BY ALL").fetchall() == [
        ("loaded", 8)
    ]
    statuses = [
        s for (s,) in con.execute("SELECT status FROM etl_run ORDER BY started_at").fetchall()
    ]
    # killed during maintenance, the fourth run had recorded itself completed
    assert statuses == ["failed", "failed", "failed", "completed", "completed"]
    assert dangling_keys(con) == {}  # no orphaned facts (mentions without their article...)


def test_a_run_waits_for_the_run_before_it_saying_for_whom(
    sample_inbox: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from warehouse.lakehouse import Lakehouse; "
            "from warehouse.runlock import run_lock\n"
            f"with run_lock(Lakehouse({str(warehouse)!r}), 'newsetl run-A host-1 pid 1', 5):\n"
            "    print('held', flush=True); time.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    env = {
        **os.environ,
        "NEWSETL_RUN_LOCK_WAIT_SECONDS": "3",
        "NEWSETL_PREFECT_HOME": str(tmp_path / "p"),
    }
    run = ("run", "--inbox", str(sample_inbox), "--warehouse", str(warehouse))
    try:
        done = newsetl(*run, cwd=tmp_path, env=env)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2, done.stderr[-2000:]
    assert "waiting for newsetl run-A host-1 pid 1 since" in done.stderr
    assert "run failed: newsetl run-A host-1 pid 1 since" in done.stderr
    assert "waited 3 s" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    after = newsetl(*run, cwd=tmp_path, env=env)
    assert after.returncode == 0, after.stderr[-2000:]
    assert published_count(warehouse) == 5


def test_corrupt_warehouse_is_a_clear_error(sample_inbox: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    warehouse.parent.mkdir(parents=True)
    warehouse.write_bytes(b"this is not a database" * 1000)
    done = newsetl(
        "run",
        "--inbox",
        str(sample_inbox),
        "--warehouse",
        str(warehouse),
        cwd=tmp_path,
        env=dict(os.environ),
    )
    assert done.returncode == 2
    assert "is not a readable DuckLake catalog" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_quarantine_list_and_retry_after_a_fix(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main
    from flows.ingest import ingest

    warehouse = tmp_path / "data" / "warehouse.sqlite"
    (sample_inbox / "late.txt").write_text(
        (sample_inbox / "002_876b3a607e7c916f.txt").read_text() + "\nLate.\n"
    )
    (sample_inbox / "late.meta.json").write_text('{"published": "not a date"}')
    assert ingest(inbox=str(sample_inbox), warehouse=str(warehouse))["quarantined"] == 1
    assert main(["quarantine", "list", "--warehouse", str(warehouse)]) == 0
    assert (
        "late.txt\tbad sidecar: published 'not a date' is not ISO 8601" in capsys.readouterr().out
    )
    (sample_inbox / "late.meta.json").write_text('{"published": "2017-03-31"}')
    assert (
        main(["quarantine", "retry", "--inbox", str(sample_inbox), "--warehouse", str(warehouse)])
        == 0
    )
    assert "retrying late.txt" in capsys.readouterr().out
    con = open_lake(warehouse)
    assert con.execute("SELECT status FROM etl_file WHERE path = 'late.txt'").fetchall() == [
        ("loaded",)
    ]
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (6,)


def test_quarantine_retry_while_a_run_holds_the_lock_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.cli import main
    from warehouse.runlock import run_lock

    monkeypatch.setenv("NEWSETL_RUN_LOCK_WAIT_SECONDS", "1")
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    with run_lock(load_settings(warehouse=str(warehouse)).lake, "newsetl run-A", 1):
        code = main(
            ["quarantine", "retry", "--inbox", str(tmp_path), "--warehouse", str(warehouse)]
        )
    assert code == 2
    assert "retry failed: newsetl run-A since" in capsys.readouterr().err
