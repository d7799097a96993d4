"""Runs beside each other and beside analysts: no duplicates, no half batches, no blocking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.lake import open_lake

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def add_variants(inbox: Path, n: int, tag: str) -> None:
    """n more articles: sample copies made unique by one added line."""
    samples = sorted(inbox.glob("0*.txt"))
    for i in range(n):
        src = samples[i % len(samples)]
        (inbox / f"{tag}-{i}.txt").write_text(src.read_text() + f"\nEdition note {tag}-{i}.\n")


def test_two_runs_at_once_load_each_file_once(sample_inbox: Path, tmp_path: Path) -> None:
    add_variants(sample_inbox, 5, "extra")
    warehouse = tmp_path / "data" / "warehouse.sqlite"
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
    con = open_lake(warehouse)
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
    import json, os, sys, time
    from warehouse.lakehouse import Lakehouse, connect, reading
    target, out, seconds, mode = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    first = int(sys.argv[5])
    lake = Lakehouse(target)
    held = connect(lake, read_only=True) if mode == "held" else None
    seen = []
    end = time.monotonic() + seconds
    stop = out + ".stop"
    while time.monotonic() < end and not os.path.exists(stop):
        con = held or connect(lake, read_only=True)
        with reading(lake):  # as newsetl's own queries: out of maintenance's way
            seen.append(con.execute(
            "SELECT (SELECT count(*) FROM fact_article), (SELECT count(*) FROM dim_article), "
            "(SELECT count(DISTINCT article_key) FROM fact_entity_mention), "
            f"(SELECT count(*) FROM dim_article AT (VERSION => {first}))"
            ).fetchone())
        if held is None:
            con.close()
        time.sleep(0.05)
    json.dump(seen, open(out, "w"))  # the last read came after the test's last run
    """
)


def test_reader_holds_the_warehouse_across_runs(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import ingest

    monkeypatch.setenv("NEWSETL_BATCH_SIZE", "2")
    monkeypatch.setenv("NEWSETL_COMPACT_AFTER_SNAPSHOTS", "1")  # compaction after every run
    warehouse = tmp_path / "data" / "warehouse.sqlite"
    first = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    assert first["loaded"] == 5
    readers = {
        mode: subprocess.Popen(
            [
                sys.executable,
                "-c",
                READER,
                str(warehouse),
                str(tmp_path / f"{mode}.json"),
                "600",
                mode,
                str(first["snapshot"]),
            ],
            cwd=ROOT,
        )
        for mode in ("held", "fresh")
    }
    time.sleep(2)
    for tag in ("a", "b"):
        add_variants(sample_inbox, 3, tag)
        summary = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
        assert (summary["status"], summary["loaded"]) == ("completed", 3)
    for mode in readers:
        (tmp_path / f"{mode}.json.stop").touch()
    assert [r.wait(timeout=120) for r in readers.values()] == [0, 0]
    seen = {m: json.loads((tmp_path / f"{m}.json").read_text()) for m in readers}
    for mode in ("held", "fresh"):  # each query sees the latest whole batch
        articles = [a for a, _, _, _ in seen[mode]]
        torn = [s for s in seen[mode] if not s[0] == s[1] == s[2]]
        assert not torn, (mode, torn[:5], len(torn), len(seen[mode]))  # never half a batch
        assert set(articles) <= {5, 7, 8, 10, 11}, (mode, sorted(set(articles)))
        assert articles == sorted(articles), "counts never go back"
        assert {then for *_, then in seen[mode]} == {5}, "time travel: as after the first run"
    assert {a for a, _, _, _ in seen["held"]} >= {5, 11}, "a held connection keeps working"
    con = open_lake(warehouse)
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (11,)
