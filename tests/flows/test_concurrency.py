"""Runs beside each other and beside analysts: no duplicates, no half batches, no blocking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow


def add_variants(inbox: Path, n: int, tag: str) -> None:
    """n more articles: sample copies made unique by one added line."""
    samples = sorted(inbox.glob("0*.txt"))
    for i in range(n):
        src = samples[i % len(samples)]
        (inbox / f"{tag}-{i}.txt").write_text(src.read_text() + f"\nEdition note {tag}-{i}.\n")


def test_two_runs_at_once_load_each_file_once(sample_inbox: Path, tmp_path: Path) -> None:
    add_variants(sample_inbox, 5, "extra")
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    env = {
        **os.environ,
        "NEWSETL_PREFECT_HOME": str(tmp_path / "prefect"),
        "NEWSETL_BATCH_SIZE": "4",
    }
    cmd = [
        sys.executable,
        "-m",
        "flows.cli",
        "run",
        "--inbox",
        str(sample_inbox),
        "--warehouse",
        str(warehouse),
    ]
    procs = [
        subprocess.Popen(
            cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600)[0].decode() for p in procs]
    if [p.returncode for p in procs] != [0, 0]:
        pytest.fail("a run failed:\n" + "\n---\n".join(outputs), pytrace=False)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM fact_article").fetchone() == (
        10,
        10,
    )
    assert con.execute("SELECT status, count(*) FROM etl_file GROUP BY ALL").fetchall() == [
        ("loaded", 10)
    ]
    loaded = sorted(r[0] for r in con.execute("SELECT files_loaded FROM etl_run").fetchall())
    assert sum(loaded) == 10 and len(loaded) == 2


READER = textwrap.dedent(
    """
    import json, sys, time, duckdb
    target, out, seconds, mode = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    held = duckdb.connect(target, read_only=True) if mode == "held" else None
    seen = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        con = held or duckdb.connect(target, read_only=True)
        seen.append(con.execute("SELECT count(*) FROM fact_article").fetchone()[0])
        if held is None:
            con.close()
        time.sleep(0.05)
    json.dump(seen, open(out, "w"))
    """
)


def test_reader_holds_the_warehouse_across_runs(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import ingest

    monkeypatch.setenv("NEWSETL_BATCH_SIZE", "2")
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    assert ingest(inbox=str(sample_inbox), warehouse=str(warehouse))["loaded"] == 5
    readers = {
        mode: subprocess.Popen(
            [
                sys.executable,
                "-c",
                READER,
                str(warehouse),
                str(tmp_path / f"{mode}.json"),
                "30",
                mode,
            ]
        )
        for mode in ("held", "fresh")
    }
    time.sleep(2)
    for tag in ("a", "b"):
        add_variants(sample_inbox, 3, tag)
        summary = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
        assert (summary["status"], summary["loaded"]) == ("completed", 3)
    assert [r.wait(timeout=120) for r in readers.values()] == [0, 0]
    held = json.loads((tmp_path / "held.json").read_text())
    fresh = json.loads((tmp_path / "fresh.json").read_text())
    assert set(held) == {5}, "a held connection keeps the snapshot it opened"
    assert set(fresh) <= {5, 7, 8, 10, 11}, sorted(set(fresh))
    assert fresh == sorted(fresh), "counts never go back"
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (11,)
