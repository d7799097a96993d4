"""Full-text search in the lake: the right article first, fts's own BM25 scores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.factories import make_article, sha
from tests.lake import Warehouse
from warehouse.lakehouse import extension_file, new_connection
from warehouse.search import SearchError, search

pytest.importorskip("duckdb_extension_fts")

BODIES = {
    1: "Rex Tillerson told NATO allies in Brussels that spending targets must be met this year.",
    2: "The central bank raised interest rates again, and markets fell sharply on the news.",
    3: "Farmers in the valley said the drought had cut the harvest for a second year running.",
    4: "NATO ministers met in Brussels; the budget talks ran late into the night.",
    5: "Interest in the new museum has been strong: visitors queued for hours on Sunday.",
    6: "Tillerson's visit to Moscow ended without agreement, officials in Washington said.",
}
QUERIES = ["tillerson nato", "interest rates", "harvest drought", "Brussels budget", "museums"]


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    warehouse = Warehouse(tmp_path)
    for n, body in BODIES.items():  # one batch per article: the index is built incrementally
        warehouse.load([make_article(sha(n), body=body, entities=[], dates=[])], run=f"r{n}")
    yield warehouse
    warehouse.close()


def fts_scores(wh: Warehouse, query: str) -> list[tuple[int, float]]:
    """The fts extension's own match_bm25 over the loader's bodies (a full index)."""
    con = new_connection()
    con.execute(f"LOAD '{extension_file('fts')}'")
    bodies = wh.con.execute("SELECT article_key, body FROM dim_article").to_arrow_table()
    con.register("bodies", bodies)
    con.execute("CREATE TABLE docs AS SELECT * FROM bodies")
    con.execute("PRAGMA create_fts_index('docs', 'article_key', 'body')")
    hits = con.execute(
        "SELECT article_key, fts_main_docs.match_bm25(article_key, ?) AS score FROM docs "
        "WHERE score IS NOT NULL ORDER BY score DESC, article_key",
        [query],
    ).fetchall()
    con.close()
    return hits


def test_the_right_article_comes_first(wh: Warehouse) -> None:
    reader = wh.reader()
    assert search(reader, "tillerson nato")[0][:2] == (1, "Title")
    assert search(reader, "drought harvest")[0][0] == 3
    assert [k for k, _, _ in search(reader, "brussels")] == [1, 4] or [
        k for k, _, _ in search(reader, "brussels")
    ] == [4, 1]
    assert search(reader, "no such words here") == []
    assert len(search(reader, "the nato interest", limit=2)) == 2
    reader.close()


@pytest.mark.parametrize("query", QUERIES)
def test_scores_are_those_of_the_fts_extension(wh: Warehouse, query: str) -> None:
    reader = wh.reader()
    ours = [(k, round(s, 9)) for k, _, s in search(reader, query, limit=100)]
    reader.close()
    assert ours == [(k, round(s, 9)) for k, s in fts_scores(wh, query)]


def test_query_words_are_stemmed_like_the_bodies(wh: Warehouse) -> None:
    reader = wh.reader()
    assert [k for k, _, _ in search(reader, "officially visiting")] == [6]
    assert [k for k, _, _ in search(reader, "museums")] == [5]  # only "museum" was seen
    assert reader.execute("SELECT term FROM fts_vocab WHERE word = 'queued'").fetchall() == [
        ("queu",)
    ]
    reader.close()


def test_the_sql_macro_needs_no_extension(wh: Warehouse) -> None:
    reader = wh.reader()
    for query in ["tillerson nato", "interest rates", "queued visitors", "officials"]:
        macro = reader.execute("SELECT * FROM search_articles(?, k := 100)", [query]).fetchall()
        assert macro == search(reader, query, limit=100), query
    reader.close()


def test_search_needs_an_index(tmp_path: Path) -> None:
    bare = duckdb.connect(str(tmp_path / "bare.duckdb"))
    with pytest.raises(SearchError):
        search(bare, "nato")
    bare.close()
