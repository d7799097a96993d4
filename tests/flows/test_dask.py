"""Scale-out: enrichment on a local Dask cluster gives the same warehouse as a local run, and a
cluster of N workers is used by N."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.factories import copies_of_samples
from tests.lake import open_lake

pytestmark = pytest.mark.slow

CONTENT = {
    "articles": "SELECT sha256, word_count, entity_mention_count, date_mention_count, quote_count "
    "FROM fact_article ORDER BY sha256",
    "entities": "SELECT canonical_name, label FROM dim_entity ORDER BY ALL",
    "aliases": "SELECT alias, canonical_name FROM entity_alias JOIN dim_entity USING (entity_key) "
    "ORDER BY ALL",
    "mentions": "SELECT a.sha256, m.start_char, m.text, e.canonical_name "
    "FROM fact_entity_mention m JOIN fact_article a USING (article_key) "
    "JOIN dim_entity e USING (entity_key) ORDER BY ALL",
    "dates": "SELECT a.sha256, d.start_char, d.text, d.value, d.granularity "
    "FROM fact_date_mention d JOIN fact_article a USING (article_key) ORDER BY ALL",
}


def contents(warehouse: Path) -> dict[str, list[tuple]]:
    con = open_lake(warehouse)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in CONTENT.items()}
    finally:
        con.close()


def test_dask_cluster_gives_the_same_warehouse(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path
) -> None:
    """A plain LocalCluster (no plugin, no model loaded): its workers need no Prefect API."""
    from distributed import Client, LocalCluster

    from flows.ingest import ingest

    local = tmp_path / "local" / "warehouse.sqlite"
    assert ingest(inbox=str(sample_inbox), warehouse=str(local))["loaded"] == 5
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        local_directory=str(tmp_path / "dask"),
    ) as cluster:
        remote = tmp_path / "dask-run" / "warehouse.sqlite"
        summary = ingest(
            inbox=str(sample_inbox), warehouse=str(remote), dask_address=cluster.scheduler_address
        )
        assert summary["loaded"] == 5
        with Client(cluster) as client:  # the scheduler ran tasks: enrichment went to Dask
            done = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
        assert done > 0
    assert contents(remote) == contents(local)


def test_every_worker_of_a_cluster_enriches(prefect_harness: None, tmp_path: Path) -> None:
    """500 files on a cluster of 4 single-threaded worker processes: the scheduler's task
    stream shows enrichment on all 4 at once, and the warehouse is a local run's."""
    from distributed import Client

    from flows.cluster import cluster_use, local_cluster
    from flows.ingest import ingest
    from flows.settings import load_settings

    inbox = tmp_path / "inbox"
    copies_of_samples(inbox, 500, SAMPLES)
    local = tmp_path / "local" / "warehouse.sqlite"
    assert ingest(inbox=str(inbox), warehouse=str(local))["loaded"] == 500

    pipelines = load_settings().pipelines
    with local_cluster(pipelines, 4, tmp_path / "dask") as address, Client(address) as client:
        client.get_task_stream()  # starts the scheduler's recording
        remote = tmp_path / "dask-run" / "warehouse.sqlite"
        summary = ingest(inbox=str(inbox), warehouse=str(remote), dask_address=address)
        use = cluster_use(client.get_task_stream(), prefix="process_here")
    assert (summary["loaded"], summary["batches"]) == (500, 2)
    assert use.tasks == 14 + 8  # 436 files in chunks of 32, the last 64 in chunks of 8
    assert len(use.busy) == 4 and use.most_at_once == 4, use
    assert contents(remote) == contents(local)
