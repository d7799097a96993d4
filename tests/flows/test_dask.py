"""Scale-out: enrichment on a local Dask cluster gives the same warehouse as a local run."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    prefect_harness: None, sample_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster
    from prefect.settings import PREFECT_API_URL

    from flows.ingest import for_settings

    local = tmp_path / "local" / "warehouse.sqlite"
    assert for_settings("")(inbox=str(sample_inbox), warehouse=str(local))["loaded"] == 5

    # Workers report task runs to the same Prefect API instead of starting their own.
    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        local_directory=str(tmp_path / "dask"),
    ) as cluster:
        remote = tmp_path / "dask-run" / "warehouse.sqlite"
        summary = for_settings(cluster.scheduler_address)(
            inbox=str(sample_inbox), warehouse=str(remote)
        )
        assert summary["loaded"] == 5
        with Client(cluster) as client:  # the scheduler ran tasks: enrichment went to Dask
            done = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
        assert done > 0
    assert contents(remote) == contents(local)
