"""Loading batches into a real DuckLake: keys, idempotence, commits, entity folding."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests import factories
from tests.factories import loaded_files, make_article, sha
from tests.keys import dangling_keys
from tests.lake import open_lake
from transforms.frames import batch_frames
from transforms.records import Article, EntityMention, Place
from warehouse import loader
from warehouse.lakehouse import Lakehouse

NOW = datetime(2026, 11, 23, 12, 0)
NO_OUTCOMES = pl.DataFrame(schema=loader.OUTCOME_SCHEMA)


@pytest.fixture
def lake(tmp_path: Path) -> Lakehouse:
    return Lakehouse(str(tmp_path / "warehouse.sqlite"))


@pytest.fixture
def con(lake: Lakehouse) -> duckdb.DuckDBPyConnection:
    connection = loader.connect(lake)
    yield connection
    connection.close()


def load(con: duckdb.DuckDBPyConnection, articles: list, run: str = "r1") -> int:
    added, _ = loader.load_batch(
        con, batch_frames(articles), loaded_files(articles), NO_OUTCOMES, run, 1, NOW
    )
    return added


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
    files = sorted(loader.MIGRATIONS.glob("*.sql"))
    assert con.execute("SELECT version, name FROM schema_migration ORDER BY 1").fetchall() == [
        (int(f.name.split("_", 1)[0]), f.stem) for f in files
    ]
    assert [f.stem for f in files][:1] == ["001_star_schema"]


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
    with pytest.raises(ValueError, match="bogus"):
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


def test_each_batch_is_one_snapshot_readers_see_whole(
    con: duckdb.DuckDBPyConnection, lake: Lakehouse
) -> None:
    load(con, [make_article(sha(1))])
    reader = open_lake(lake.catalog)
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    reader.execute("BEGIN TRANSACTION")  # a long read keeps the snapshot it started on
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    load(con, [make_article(sha(2)), make_article(sha(3))], run="r2")
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM fact_article").fetchone() == (3,)  # a new query
    assert reader.execute("SELECT count(*) FROM v_articles").fetchone() == (3,)
    names = reader.execute(
        "SELECT commit_message, commit_extra_info FROM news.snapshots() "
        "WHERE commit_message LIKE 'run %' ORDER BY snapshot_id"
    ).fetchall()
    assert [m for m, _ in names] == ["run r1 batch 1", "run r2 batch 1"]
    assert '"files": 2' in names[1][1]
    reader.close()


def test_a_reader_attached_at_a_snapshot_sees_the_warehouse_as_it_was(
    con: duckdb.DuckDBPyConnection, lake: Lakehouse
) -> None:
    load(con, [make_article(sha(1))])
    first = loader.current_snapshot(con)
    load(con, [make_article(sha(2))], run="r2")
    then = open_lake(lake.catalog, snapshot=first)
    assert then.execute("SELECT count(*) FROM fact_article").fetchone() == (1,)
    assert con.execute(
        "SELECT count(*) FROM fact_article AT (VERSION => ?)", [first]
    ).fetchone() == (1,)
    then.close()


def test_keys_continue_after_the_largest_and_sources_are_shared(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, [make_article(sha(1)), make_article(sha(2))])
    load(con, [make_article(sha(3))], run="r2")
    assert con.execute("SELECT article_key FROM dim_article ORDER BY 1").fetchall() == [
        (1,),
        (2,),
        (3,),
    ]
    assert con.execute("SELECT source_key, name FROM dim_source").fetchall() == [
        (1, "Example News")
    ]
    assert con.execute(
        "SELECT count(*) = count(DISTINCT article_key) FROM fact_article"
    ).fetchone() == (True,)


def test_search_index_grows_with_each_batch(con: duckdb.DuckDBPyConnection) -> None:
    load(con, [make_article(sha(1))])
    load(con, [make_article(sha(2))], run="r2")
    assert con.execute("SELECT count(*) FROM fts_doc").fetchone() == (2,)
    words = con.execute("SELECT count(*), count(DISTINCT word) FROM fts_vocab").fetchone()
    assert words is not None and words[0] == words[1] > 0  # each word once across batches


def test_copies_join_the_story_of_an_earlier_batch_and_reruns_add_none(
    con: duckdb.DuckDBPyConnection,
) -> None:
    other = (
        "A new exhibition of early photographs opened at the museum on Saturday, drawing long "
        "queues of visitors who waited in the rain to see prints never shown before in public."
    )
    copy = factories.BODY + " Correction: an earlier version misspelt the minister's name."
    load(con, [make_article(sha(1)), make_article(sha(2), other, entities=[], dates=[])])
    load(con, [make_article(sha(3), copy, entities=[], dates=[])], run="r2")
    load(con, [make_article(sha(3), copy, entities=[], dates=[])], run="r3")  # a rerun
    rows = con.execute("SELECT article_key, story_key FROM fact_article ORDER BY 1").fetchall()
    assert rows == [(1, 1), (2, 2), (3, 1)]
    assert con.execute("SELECT * FROM dim_story ORDER BY 1").fetchall() == [
        (1, 1, "r1"),
        (2, 2, "r1"),
    ]
    assert con.execute("SELECT count(DISTINCT article_key) FROM story_band").fetchone() == (3,)
    assert dangling_keys(con) == {}


PARIS_FR = Place(2988507, "Paris", "city", "FR", 48.85341, 2.3488, 2138551, "11")
PARIS_TX = Place(4717560, "Paris", "city", "US", 33.66094, -95.55551, 24782, "TX")


def paris_article(n: int, place: Place | None) -> Article:
    """An article naming Paris, resolved to `place` (None: nothing decided)."""
    body = f"The mayor of Paris opened the new library on Monday, article {n}." + " More." * 30
    article = make_article(
        sha(n), body, entities=[EntityMention(13, 18, "Paris", "GPE", 0, "Paris", "GPE")]
    )
    article.places = {"Paris": place} if place else {}
    return article


def test_places_are_loaded_once_and_a_name_placed_elsewhere_is_another_entity(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, [paris_article(1, PARIS_FR)])
    load(con, [paris_article(2, PARIS_TX), paris_article(3, PARIS_FR)], run="r2")
    load(con, [paris_article(4, PARIS_TX), paris_article(5, None)], run="r3")
    load(con, [paris_article(4, PARIS_TX)], run="r4")  # a rerun adds nothing
    assert con.execute(
        "SELECT place_key, geonames_id, name, kind, country_code FROM dim_place ORDER BY 1"
    ).fetchall() == [(1, 2988507, "Paris", "city", "FR"), (2, 4717560, "Paris", "city", "US")]
    assert con.execute(
        "SELECT entity_key, canonical_name, place_key FROM dim_entity ORDER BY 1"
    ).fetchall() == [(1, "Paris", 1), (2, "Paris", 2)]
    mentions = con.execute(
        "SELECT article_key, entity_key FROM fact_entity_mention ORDER BY 1"
    ).fetchall()
    assert mentions == [(1, 1), (2, 2), (3, 1), (4, 2), (5, 1)]  # undecided: the name's match
    assert dangling_keys(con) == {}


def test_migration_003_gives_earlier_articles_stories_and_places(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, [paris_article(1, PARIS_FR), make_article(sha(2)), make_article(sha(3))])
    stories = con.execute("SELECT article_key, story_key FROM fact_article ORDER BY 1").fetchall()
    assert stories == [(1, 1), (2, 2), (3, 2)]
    con.execute("BEGIN")  # as a warehouse of before migration 003 would have it
    con.execute("UPDATE fact_article SET story_key = NULL")
    con.execute("UPDATE dim_entity SET place_key = NULL")
    for table in ("dim_story", "story_band", "story_sketch", "dim_place"):
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM schema_migration WHERE version = 3")
    con.execute("COMMIT")
    assert loader.migrate(con) == ["003_stories_places.sql"]
    assert (
        con.execute("SELECT article_key, story_key FROM fact_article ORDER BY 1").fetchall()
        == stories
    )
    assert con.execute(
        "SELECT e.canonical_name, p.geonames_id FROM dim_entity e "
        "JOIN dim_place p USING (place_key) ORDER BY 1"
    ).fetchall() == [("Brussels", 2800866), ("Paris", 2988507)]  # from the stored mentions
    assert dangling_keys(con) == {}
