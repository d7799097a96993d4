"""Monitoring on a real DuckLake: 30 replayed runs of real articles from four sources, then a
run with three faults; and the whole flow under Prefect's harness naming an anomaly in its
artifact, its log, a Prefect event and `newsetl status`."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from expectations.anomalies import Rules
from flows import monitoring
from tests.factories import dq_outcomes
from tests.lake import open_lake
from tests.replay import (
    FURNITURE,
    FURNITURE_SOURCE,
    QUARANTINE,
    SILENT,
    SILENT_SOURCE,
    SOURCES,
    article_pool,
    make_run,
    pools,
)
from warehouse import loader
from warehouse import monitoring as store
from warehouse.lakehouse import Lakehouse

pytestmark = pytest.mark.slow

NORMAL_RUNS = 30


def replay_run(con, run, rules: Rules) -> list:  # type: ignore[no-untyped-def]
    """One replayed run as the flow makes it: history read at its start, its batch loaded in
    one commit, its metrics and anomalies in the next, the run closed."""
    loader.start_run(con, run.run_id, "replay", run.at)
    monitor = monitoring.start(con, run.run_id, run.at, rules)
    outcomes = dq_outcomes(1, run.loaded.articles.height)
    loader.load_batch(con, run.loaded, run.files, outcomes, run.run_id, 1, run.at)
    monitor.observe(run.documents)
    _, found = monitoring.finish(con, monitor)
    counts = {"seen": run.files.height, "loaded": run.loaded.articles.height, "batches": 1}
    loader.finish_run(con, run.run_id, counts, "completed", run.at, 1.0)
    return found


def test_replay_flags_each_fault_with_its_metric_and_source(tmp_path: Path) -> None:
    by_source = pools(article_pool())
    rng = random.Random(20)
    lake = Lakehouse(str(tmp_path / "warehouse.sqlite"))
    con = loader.connect(lake)
    rules = Rules()
    normal = []
    for number in range(NORMAL_RUNS):
        normal += replay_run(con, make_run(rng, by_source, number), rules)
    assert normal == [], [a.describe() for a in normal]
    faults = frozenset({FURNITURE, SILENT, QUARANTINE})
    fault_run = make_run(rng, by_source, NORMAL_RUNS, faults)
    found = replay_run(con, fault_run, rules)
    later = monitoring.start(con, "next", fault_run.at + timedelta(hours=1), rules)
    assert later.already == {(a.source, a.metric) for a in found}  # no event again for them
    con.close()

    flagged = {(a.source, a.metric) for a in found}
    assert ("", "quarantine_rate") in flagged, flagged
    assert (SILENT_SOURCE, "hours_since_new_article") in flagged, flagged
    assert (FURNITURE_SOURCE, "median_words") in flagged, flagged
    assert (FURNITURE_SOURCE, "entities_per_article") in flagged, flagged
    assert {a.source for a in found} <= {"", SILENT_SOURCE, FURNITURE_SOURCE}
    words = next(a for a in found if (a.source, a.metric) == (FURNITURE_SOURCE, "median_words"))
    assert words.observed < words.expected_low < words.expected < words.expected_high
    assert not any(a.blocked for a in found)

    reader = open_lake(lake.catalog)
    metrics = reader.execute(
        "SELECT count(*), count(DISTINCT (run_id, source, metric)), count(DISTINCT run_id) "
        "FROM dq_metric"
    ).fetchone()
    assert metrics is not None and metrics[0] == metrics[1] and metrics[2] == NORMAL_RUNS + 1
    sources = {s for (s,) in reader.execute("SELECT DISTINCT source FROM dq_metric").fetchall()}
    assert sources == {"", *SOURCES}
    stored = reader.execute(
        "SELECT source, metric, observed, expected_low, expected_high FROM dq_anomaly"
    ).fetchall()
    assert {(s, m) for s, m, *_ in stored} == flagged
    # the silent source still has its freshness and (zero) volume measured
    silent = dict(
        reader.execute(
            "SELECT metric, value FROM dq_metric WHERE source = ? AND run_id = "
            "(SELECT max(run_id) FROM dq_metric)",
            [SILENT_SOURCE],
        ).fetchall()
    )
    assert silent["articles"] == 0 and silent["hours_since_new_article"] == 1.0
    assert {(s, m) for _, _, s, m, *_ in store.open_anomalies(reader)} == flagged
    snapshot = reader.execute(
        "SELECT commit_message FROM news.snapshots() ORDER BY snapshot_id DESC LIMIT 2"
    ).fetchall()
    assert [m for (m,) in snapshot][1].endswith("monitoring")
    reader.close()


def test_a_blocking_metric_stops_the_batch_before_its_commit(tmp_path: Path) -> None:
    by_source = pools(article_pool())
    rng = random.Random(7)
    lake = Lakehouse(str(tmp_path / "warehouse.sqlite"))
    con = loader.connect(lake)
    rules = Rules(blocking=frozenset({"entities_per_article"}))
    for number in range(25):
        run = make_run(rng, by_source, number)
        replay_run(con, run, rules)
    bad = make_run(rng, by_source, 25, frozenset({FURNITURE}))
    monitor = monitoring.start(con, bad.run_id, bad.at, rules)
    blocking = monitor.gate(bad.loaded, batch=1)
    assert {(a.source, a.metric) for a in blocking} == {(FURNITURE_SOURCE, "entities_per_article")}
    assert all(a.blocked and a.batch == 1 for a in blocking)
    _, found = monitoring.finish(con, monitor)
    assert any(a.blocked for a in found)
    con.close()


def seed_history(lake: Lakehouse, runs: int, now: datetime) -> None:
    """`runs` earlier hourly runs whose whole-run figures were steady: 20 files, none refused."""
    con = loader.connect(lake)
    for i in range(runs, 0, -1):
        at = now - timedelta(hours=i)
        metrics = pl.DataFrame(
            [("", "files", 20.0, None), ("", "quarantine_rate", 0.0, 20)],
            schema={"source": pl.String, "metric": pl.String, "value": pl.Float64, "n": pl.Int64},
            orient="row",
        )
        store.record(con, f"{at:%Y%m%dT%H%M%S}-seed", metrics, [], at)
    con.close()


def anomaly_events(run_id: str) -> list:  # type: ignore[type-arg]
    """The newsetl anomaly events of a run that Prefect's server holds."""
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter

    with get_client(sync_client=True) as client:
        page = client.read_events(
            filter=EventFilter(event=EventNameFilter(name=[monitoring.EVENT])), limit=50
        )
    return [e for e in page.events if e.payload.get("run_id") == run_id]


def test_the_flow_names_an_anomaly_everywhere(
    prefect_harness: None,
    sample_inbox: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from flows.cli import main
    from flows.ingest import ingest
    from tests.flows.test_ingest import run_artifacts

    warehouse = tmp_path / "data" / "warehouse.sqlite"
    seed_history(Lakehouse(str(warehouse)), 24, datetime.now())
    for i in range(5):  # half the new files are images: quarantined at reading
        (sample_inbox / f"image-{i}.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes([i]) * 300)
    summary = ingest(inbox=str(sample_inbox), warehouse=str(warehouse))
    assert (summary["loaded"], summary["quarantined"]) == (5, 5)
    assert any(
        a.startswith("quarantine_rate (whole run): 0.5 outside") for a in summary["anomalies"]
    )
    assert summary["status"] == "completed"  # anomalies warn; none is blocking here

    con = open_lake(warehouse)
    assert con.execute(
        "SELECT source, metric, observed FROM dq_anomaly WHERE run_id = ? AND metric = ?",
        [summary["run_id"], "quarantine_rate"],
    ).fetchall() == [("", "quarantine_rate", 0.5)]
    per_source = con.execute(
        "SELECT count(DISTINCT source) FROM dq_metric WHERE run_id = ? AND source <> ''",
        [summary["run_id"]],
    ).fetchone()
    assert per_source is not None and per_source[0] >= 1
    con.close()

    assert "anomaly: quarantine_rate (whole run)" in run_artifacts()
    events: list = []  # type: ignore[type-arg]
    for _ in range(40):  # the events worker sends them in the background
        events = anomaly_events(summary["run_id"])
        if events:
            break
        time.sleep(0.5)
    assert any(e.payload["metric"] == "quarantine_rate" for e in events)
    event = next(e for e in events if e.payload["metric"] == "quarantine_rate")
    assert event.resource["prefect.resource.id"] == "newsetl.series._run.quarantine_rate"
    assert event.payload["observed"] == 0.5 and event.payload["expected_high"] < 0.5

    assert main(["status", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "open anomalies:" in out and "(whole run)  quarantine_rate = 0.5" in out
