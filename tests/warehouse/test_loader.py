"""Loading batches into a real DuckDB file: keys, idempotence, transactions, entity folding."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.factories import loaded_files, make_article, sha
from tests.keys import dangling_keys
from transforms.frames import batch_frames
from transforms.records import EntityMention
from warehouse import loader
from warehouse.publish import publish

NOW = datetime(2026, 11, 23, 12, 0)
NO_OUTCOMES = pl.DataFrame(schema=loader.OUTCOME_SCHEMA)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = loader.connect(tmp_path / "loader.duckdb")
    yield connection
    connection.close()


def load(con: duckdb.DuckDBPyConnection, articles: list, run: str = "r1") -> int:
    return loader.load_batch(
        con, batch_frames(articles), loaded_files(articles), NO_OUTCOMES, run, 1, NOW
    )


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [
        "fact_article",
        "dim_article",
        "dim_entity",
        "entity_alias",
        "fact_entity_mention",
        "fact_date_mention",
        "dim_date",
        "dim_source",
        "etl_file",
    ]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_migrations_apply_once(con: duckdb.DuckDBPyConnection) -> None:
    assert loader.migrate(con) == []
    assert con.execute("SELECT version, name FROM schema_migration").fetchall() == [
        (1, "001_star_schema")
    ]


def test_load_is_idempotent_and_keys_resolve(con: duckdb.DuckDBPyConnection) -> None:
    articles = [make_article(sha(1)), make_article(sha(2), published=None)]
    assert load(con, articles) == 2
    first = counts(con)
    assert first == {
        "fact_article": 2,
        "dim_article": 2,
        "dim_entity": 3,
        "entity_alias": 3,
        "fact_entity_mention": 6,
        "fact_date_mention": 2,
        "dim_date": 1,
        "dim_source": 1,
        "etl_file": 2,
    }
    assert load(con, articles, run="r2") == 0
    assert counts(con) == first
    assert dangling_keys(con) == {}
    row = con.execute(
        "SELECT date_key, word_count, published_from FROM fact_article ORDER BY article_key"
    ).fetchall()
    assert row == [(20170331, 44, "text"), (None, 44, "none")]


def test_failed_load_leaves_nothing(con: duckdb.DuckDBPyConnection) -> None:
    bad_files = pl.DataFrame(
        [
            {
                "path": "x.txt",
                "sha256": sha(1),
                "size": 1,
                "mtime_ns": 1,
                "status": "bogus",
                "reason": None,
            }
        ],
        schema=loader.ETL_FILE_SCHEMA,
    )
    with pytest.raises(duckdb.ConstraintException):
        loader.load_batch(
            con, batch_frames([make_article(sha(1))]), bad_files, NO_OUTCOMES, "r", 1, NOW
        )
    assert set(counts(con).values()) == {0}


def test_entity_keeps_its_key_when_a_fuller_name_arrives(con: duckdb.DuckDBPyConnection) -> None:
    short = make_article(
        sha(1), entities=[EntityMention(44, 57, "Tillerson", "ORG", 0, "Tillerson", "ORG")]
    )
    full = make_article(
        sha(2),
        entities=[
            EntityMention(44, 57, "Rex Tillerson", "PERSON", 0, "Rex Tillerson", "PERSON"),
            EntityMention(100, 109, "Tilllerson", "PERSON", 1, "Rex Tillerson", "PERSON"),
        ],
    )
    third = make_article(
        sha(3), entities=[EntityMention(44, 57, "Tillerson", "PERSON", 0, "Tillerson", "PERSON")]
    )
    load(con, [short])
    key = con.execute("SELECT entity_key FROM dim_entity").fetchone()[0]
    load(con, [full], run="r2")
    load(con, [third], run="r3")
    assert con.execute("SELECT entity_key, canonical_name, label FROM dim_entity").fetchall() == [
        (key, "Rex Tillerson", "PERSON")
    ]
    aliases = con.execute("SELECT alias, mentions FROM entity_alias ORDER BY alias").fetchall()
    assert aliases == [("Rex Tillerson", 1), ("Tillerson", 2), ("Tilllerson", 1)]


def test_publish_gives_readers_whole_snapshots(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    target = tmp_path / "analysts" / "warehouse.duckdb"
    load(con, [make_article(sha(1))])
    publish(con, tmp_path / "loader.duckdb", target)
    reader = duckdb.connect(str(target), read_only=True)
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    load(con, [make_article(sha(2))], run="r2")
    publish(con, tmp_path / "loader.duckdb", target)
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    reader.close()
    fresh = duckdb.connect(str(target), read_only=True)
    assert fresh.execute("SELECT count(*) FROM fact_article").fetchone() == (2,)
    assert fresh.execute("SELECT count(*) FROM v_articles").fetchone() == (2,)


def test_loader_memory_limit_grows_with_the_key_indexes(tmp_path: Path) -> None:
    """The loader's DuckDB memory is capped at the floor, and raised with the rows its primary
    keys and unique columns index (a commit whose indexes do not fit would fail)."""
    con = loader.connect(tmp_path / "capped.duckdb", memory_mb=128)
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone() == ("122.0 MiB",)
        con.execute("CREATE TABLE probe (k BIGINT PRIMARY KEY, v VARCHAR UNIQUE)")
        con.execute("INSERT INTO probe SELECT i, i::VARCHAR FROM range(500000) r(i)")
        expected = 2 * 500_000 * loader.INDEX_ENTRY_BYTES // 2**20 + loader.INDEX_FREE_MB
        assert loader.fit_memory_limit(con, 128) == expected > 128
        assert loader.fit_memory_limit(con, 4096) == 4096
        assert loader.fit_memory_limit(con) == expected  # the floor connect was given
    finally:
        con.close()
