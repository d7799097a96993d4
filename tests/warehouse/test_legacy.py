"""A warehouse of the earlier release carried into the DuckLake with every row and key."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.factories import make_article, sha
from tests.keys import dangling_keys
from tests.lake import Warehouse, open_lake
from warehouse import legacy, loader
from warehouse.lakehouse import Lakehouse, WarehouseError

RELEASE = Path(__file__).parent / "legacy_release"


def earlier_warehouse(folder: Path) -> Path:
    """The earlier release's loader file, rebuilt from its export: `<folder>/warehouse.duckdb`
    beside `.newsetl/warehouse.loader.duckdb`, as `make run` left them."""
    loader_file = folder / ".newsetl" / "warehouse.loader.duckdb"
    loader_file.parent.mkdir(parents=True)
    con = duckdb.connect(str(loader_file))
    con.execute((RELEASE / "schema.sql").read_text())
    for line in (RELEASE / "load.sql").read_text().splitlines():
        table, name = line.split()[1], line.split("'")[1]
        con.execute(f"COPY {table} FROM '{RELEASE / name}' (FORMAT parquet)")
    con.close()
    (folder / "warehouse.duckdb").write_bytes(b"")  # the analysts' catalog (views) beside it
    return folder / "warehouse.duckdb"


def table_rows(con: duckdb.DuckDBPyConnection, table: str, columns: str = "*") -> list[tuple]:
    return sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)


def test_every_row_and_key_is_carried_over_and_keys_continue(tmp_path: Path) -> None:
    old = earlier_warehouse(tmp_path / "data")
    source = duckdb.connect(str(legacy.loader_file(old)), read_only=True)
    columns = {
        t: ", ".join(
            c for (c,) in source.execute(f"SELECT name FROM pragma_table_info('{t}')").fetchall()
        )
        for t in legacy.TABLES
    }
    expected = {t: table_rows(source, t) for t in legacy.TABLES if t != "etl_run"}
    runs = table_rows(source, "etl_run", "run_id, status, files_loaded")
    source.close()
    wh = Warehouse(tmp_path / "data")
    assert legacy.beside(wh.lake) == legacy.loader_file(old)
    counts = legacy.import_legacy(wh.con, old)
    assert counts["fact_article"] == 5 and counts["fact_entity_mention"] == 295
    reader = wh.reader()
    for table, before in expected.items():  # (the lake may have columns added since)
        assert table_rows(reader, table, columns[table]) == before, table
    assert table_rows(reader, "etl_run", "run_id, status, files_loaded") == runs
    assert reader.execute("SELECT count(*) FROM fts_doc").fetchone() == (5,)
    assert reader.execute("SELECT count(*) FROM search_articles('tillerson')").fetchone()[0] > 0
    assert dangling_keys(reader) == {}
    # the five seed articles are five stories, each opened by its article
    assert reader.execute(
        "SELECT count(*), count(DISTINCT story_key) FROM fact_article"
    ).fetchone() == (5, 5)
    assert reader.execute(
        "SELECT count(*) FROM dim_story AS s JOIN fact_article AS f "
        "ON f.article_key = s.first_article_key AND f.story_key = s.story_key"
    ).fetchone() == (5,)
    placed = reader.execute(
        "SELECT e.canonical_name, p.geonames_id, p.country_code FROM dim_entity AS e "
        "JOIN dim_place AS p USING (place_key) WHERE e.canonical_name IN ('Brussels', 'Moscow')"
    ).fetchall()
    assert sorted(placed) == [("Brussels", 2800866, "BE"), ("Moscow", 524901, "RU")]
    reader.close()
    wh.load([make_article(sha(99))], run="after")  # new keys follow the carried ones
    assert wh.con.execute("SELECT max(article_key) FROM dim_article").fetchone() == (6,)
    assert wh.con.execute("SELECT max(source_key) FROM dim_source").fetchone() == (6,)
    with pytest.raises(WarehouseError, match="already holds runs"):
        legacy.import_legacy(wh.con, old)
    wh.close()


def test_migrating_a_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    con = loader.connect(Lakehouse(str(tmp_path / "warehouse.sqlite")))
    with pytest.raises(WarehouseError, match="no earlier-format loader file"):
        legacy.import_legacy(con, tmp_path / "nothing.duckdb")
    con.close()
    assert open_lake(tmp_path / "warehouse.sqlite").execute(
        "SELECT count(*) FROM etl_run"
    ).fetchone() == (0,)


@pytest.mark.slow
def test_the_first_run_carries_an_earlier_warehouse_over(
    prefect_harness: None, sample_inbox: Path, tmp_path: Path
) -> None:
    """`make run` after an upgrade: the earlier warehouse beside the new catalog is carried
    over by the run, which then finds the sample files already loaded."""
    from flows.ingest import ingest

    earlier_warehouse(tmp_path / "data")
    summary = ingest(inbox=str(sample_inbox), warehouse=str(tmp_path / "data" / "warehouse.sqlite"))
    assert (summary["status"], summary["loaded"], summary["unchanged"]) == ("completed", 0, 5)
    con = open_lake(tmp_path / "data" / "warehouse.sqlite")
    assert con.execute("SELECT count(*) FROM fact_article").fetchone() == (5,)
    assert con.execute("SELECT count(*) FROM etl_run").fetchone() == (2,)  # theirs and ours
    assert con.execute(
        "SELECT count(*) FROM news.snapshots() WHERE commit_message LIKE 'migrated from %'"
    ).fetchone() == (1,)
    con.close()
